-- Errors come back as GraphQL errors in Hasura's shape, never as SQL errors.
\set ECHO none
\i sql/fixtures/gql.sql
\set ECHO all
-- syntax errors, with locations
SELECT graphgate.graphql('{ authors { id }');
SELECT graphgate.graphql('query {
  authors(where: {id: {_eq: 1}) { id }
}');
SELECT graphgate.graphql('');
-- unknown field, argument, type
SELECT graphgate.graphql('{ x }');
SELECT graphgate.graphql('{ authors { id nope } }');
SELECT graphgate.graphql('{ authors(nope: 1) { id } }');
-- wrong argument types
SELECT graphgate.graphql('{ authors(limit: "two") { id } }');
SELECT graphgate.graphql('{ authors(where: {id: {_eq: "one"}}) { id } }');
SELECT graphgate.graphql('{ authors(order_by: {id: up}) { id } }');
-- variables: unknown, missing, wrong type
SELECT graphgate.graphql('{ authors(limit: $n) { id } }');
SELECT graphgate.graphql('query q($id: Int!) { authors_by_pk(id: $id) { name } }');
SELECT graphgate.graphql('query q($id: Int!) { authors_by_pk(id: $id) { name } }', '{"id": "x"}');
SELECT graphgate.graphql('query q($w: authors_bool_exp) { authors(where: $w) { id } }', '{"w": {"idd": {"_eq": 1}}}');
-- leaf and composite selections
SELECT graphgate.graphql('{ authors }');
SELECT graphgate.graphql('{ authors { id { x } } }');
-- an empty insert writes nothing (Hasura answers the same); subscriptions do not exist yet
SELECT graphgate.graphql('mutation { insert_authors(objects: []) { affected_rows } }');
SELECT graphgate.graphql('subscription { authors { id } }');
-- which operation
SELECT graphgate.graphql('query a { tags { id } } query b { tags { id } }');
SELECT graphgate.graphql('query a { tags { id } }', NULL, 'c');
-- distinct_on must lead order_by
SELECT graphgate.graphql('{ authors(distinct_on: rating, order_by: {id: asc}) { id } }');
-- limits: deep nesting is refused cleanly
SELECT graphgate.graphql(repeat('{ a ', 10000));
-- an unknown role
SELECT graphgate.graphql('{ tags { id } }', NULL, NULL, '{"x-hasura-role": "no_such_role"}');
-- the backend is fine afterwards
SELECT graphgate.graphql('{ tags_aggregate { aggregate { count } } }');
-- counts are non-negative (Hasura's message), in literals and in variables, at any depth
SELECT graphgate.graphql('{ authors(limit: -1) { id } }');
SELECT graphgate.graphql('{ authors(offset: -5) { id } }');
SELECT graphgate.graphql('query q($n: Int) { authors(order_by: {id: asc}, limit: $n) { id } }', '{"n": 1}');
SELECT graphgate.graphql('query q($n: Int) { authors(order_by: {id: asc}, limit: $n) { id } }', '{"n": -1}');
SELECT graphgate.graphql('{ authors(limit: 1) { id posts: articles(offset: -1) { id } } }');
SELECT graphgate.graphql('{ authors_aggregate(limit: -1) { aggregate { count } } }');
-- A Postgres ERROR while the statement runs is a GraphQL error with the ERROR's SQLSTATE, detail
-- and hint in extensions.internal (src/pg/error_mapping.cpp, shared with metadata()).
SELECT graphgate.graphql('{ authors(where: {joined: {_lt: "13/01/2020"}}) { id } }');
SELECT graphgate.graphql('{ authors(where: {name: {_regex: "("}}) { id } }');

\c contrib_regression
DROP DATABASE gql WITH (FORCE);
