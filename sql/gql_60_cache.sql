-- The compiled-statement cache: the second call reuses the saved plan; a metadata change drops it.
\set ECHO none
\i sql/fixtures/gql.sql
\set ECHO all
SELECT graphgate.graphql('query q($id: Int!) { authors_by_pk(id: $id) { name } }', '{"id": 1}');
SELECT (graphgate.cache_stats() ->> 'misses')::int AS m0, (graphgate.cache_stats() ->> 'hits')::int AS h0 \gset
-- same query text, another value of the variable: a hit, and the right answer
SELECT graphgate.graphql('query q($id: Int!) { authors_by_pk(id: $id) { name } }', '{"id": 2}');
SELECT (graphgate.cache_stats() ->> 'hits')::int - :h0 AS new_hits, (graphgate.cache_stats() ->> 'misses')::int - :m0 AS new_misses;
-- a variable that shapes the statement (a where object) is part of the key
SELECT graphgate.graphql('query q($w: tags_bool_exp) { tags(where: $w, order_by: {id: asc}) { id } }', '{"w": {"id": {"_eq": 1}}}');
SELECT graphgate.graphql('query q($w: tags_bool_exp) { tags(where: $w, order_by: {id: asc}) { id } }', '{"w": {"label": {"_eq": "math"}}}');
SELECT graphgate.graphql('query q($w: tags_bool_exp) { tags(where: $w, order_by: {id: asc}) { id } }', '{"w": {"id": {"_eq": 1}}}');
SELECT (graphgate.cache_stats() ->> 'statements')::int AS statements;
-- a metadata change drops schemas and statements
SELECT graphgate.create_object_relationship('gql', 'comments', 'article', '{"foreign_key_constraint_on": "article_id"}');
SELECT graphgate.graphql('query q($id: Int!) { authors_by_pk(id: $id) { name } }', '{"id": 1}');
SELECT graphgate.cache_stats() - 'version' - 'hits' - 'misses' AS after_change;
SELECT graphgate.graphql('{ comments(where: {id: {_eq: 100}}) { article { title } } }');
SELECT graphgate.drop_relationship('gql', 'comments', 'article');
-- DDL on a tracked table changes the schema too
ALTER TABLE tags ADD COLUMN color text DEFAULT 'blue';
SELECT graphgate.graphql('{ tags(order_by: {id: asc}, limit: 1) { label color } }');
ALTER TABLE tags DROP COLUMN color;
SELECT graphgate.graphql('{ tags(limit: 1) { color } }');

\c contrib_regression
DROP DATABASE gql WITH (FORCE);
