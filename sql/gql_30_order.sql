-- order_by (six directions, across object relationships, by array aggregates), limit, offset,
-- distinct_on.
\set ECHO none
\i sql/fixtures/gql.sql
\set ECHO all
SELECT graphgate.graphql('{ authors(order_by: {rating: asc}) { id rating } }');
SELECT graphgate.graphql('{ authors(order_by: {rating: asc_nulls_first}) { id rating } }');
SELECT graphgate.graphql('{ authors(order_by: {rating: asc_nulls_last}) { id rating } }');
SELECT graphgate.graphql('{ authors(order_by: [{rating: desc}, {id: asc}]) { id rating } }');
SELECT graphgate.graphql('{ authors(order_by: [{rating: desc_nulls_first}, {id: desc}]) { id rating } }');
SELECT graphgate.graphql('{ authors(order_by: [{rating: desc_nulls_last}, {id: asc}]) { id rating } }');
SELECT graphgate.graphql('{ articles(order_by: [{author: {name: desc}}, {id: asc}]) { id author { name } } }');
SELECT graphgate.graphql('{ authors(order_by: [{articles_aggregate: {count: desc}}, {id: asc}]) { id } }');
SELECT graphgate.graphql('{ authors(order_by: [{articles_aggregate: {max: {views: desc_nulls_last}}}, {id: asc}]) { id } }');
SELECT graphgate.graphql('{ comments(order_by: [{commenter: {name: asc_nulls_first}}, {id: asc}]) { id } }');
-- pagination
SELECT graphgate.graphql('{ articles(order_by: {id: asc}, limit: 2) { id } }');
SELECT graphgate.graphql('{ articles(order_by: {id: asc}, limit: 2, offset: 2) { id } }');
SELECT graphgate.graphql('{ articles(order_by: {id: asc}, offset: 5) { id } }');
SELECT graphgate.graphql('{ articles(order_by: {id: asc}, limit: 0) { id } }');
-- distinct_on
SELECT graphgate.graphql('{ authors(distinct_on: rating, order_by: [{rating: asc}, {id: desc}]) { id rating } }');
SELECT graphgate.graphql('{ articles(distinct_on: [author_id], order_by: {author_id: asc_nulls_first}) { author_id } }');
SELECT graphgate.graphql('{ articles(distinct_on: [published]) { published } }');
SELECT graphgate.graphql('{ authors(distinct_on: rating, order_by: {id: asc}) { id } }');

\c contrib_regression
DROP DATABASE gql WITH (FORCE);
