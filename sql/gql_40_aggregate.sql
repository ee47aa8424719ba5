-- Aggregates: count (columns, distinct), sum, avg, max, min, stddev*, var*, variance, nodes.
\set ECHO none
\i sql/fixtures/gql.sql
\set ECHO all
SELECT graphgate.graphql('{ authors_aggregate { aggregate { count } } }');
SELECT graphgate.graphql('{ authors_aggregate { aggregate { count(columns: email) c2: count(columns: [rating], distinct: true) c3: count(columns: [rating, email]) } } }');
SELECT graphgate.graphql('{ articles_aggregate(where: {published: {_eq: true}}) { aggregate { sum { views id } avg { views } max { views title published_at } min { views title } } } }');
SELECT graphgate.graphql('{ comments_aggregate { aggregate { stddev { likes } stddev_pop { likes } stddev_samp { likes } var_pop { likes } var_samp { likes } variance { likes } } } }');
SELECT graphgate.graphql('{ authors_aggregate(order_by: {id: asc}, limit: 2) { aggregate { count max { rating } } nodes { id name } } }');
SELECT jsonb_pretty(graphgate.graphql('{ authors(order_by: {id: asc}) { id articles_aggregate(where: {published: {_eq: true}}) { aggregate { count sum { views } } } } }')::jsonb);
SELECT graphgate.graphql('{ articles_aggregate(where: {id: {_gt: 100}}) { aggregate { count sum { views } avg { views } max { title } } nodes { id } } }');
SELECT graphgate.graphql('{ authors_aggregate { __typename aggregate { __typename count avg { __typename rating } } } }');

\c contrib_regression
DROP DATABASE gql WITH (FORCE);
