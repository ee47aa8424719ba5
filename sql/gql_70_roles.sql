-- A role sees what its GRANTs and policies allow, in the schema and in the data; session
-- variables reach RLS policies through current_setting('hasura.user').
\set ECHO none
\i sql/fixtures/gql.sql
\set ECHO all
CREATE ROLE gql_reader;
GRANT SELECT (id, name) ON authors TO gql_reader;
GRANT SELECT ON tags TO gql_reader;
SELECT graphgate.graphql('{ __type(name: "authors") { name fields { name type { kind name ofType { name } } } } }',
                         NULL, NULL, '{"x-hasura-role": "gql_reader"}');
SELECT graphgate.graphql('{ __schema { queryType { fields { name } } } }', NULL, NULL, '{"x-hasura-role": "gql_reader"}');
SELECT graphgate.graphql('{ authors(order_by: {id: asc}, limit: 2) { id name } }', NULL, NULL, '{"x-hasura-role": "gql_reader"}');
SELECT graphgate.graphql('{ authors { email } }', NULL, NULL, '{"x-hasura-role": "gql_reader"}');
SELECT graphgate.graphql('{ articles { id } }', NULL, NULL, '{"x-hasura-role": "gql_reader"}');
-- "admin" (or no role) is the connection's own role
SELECT graphgate.graphql('{ authors_by_pk(id: 1) { email } }', NULL, NULL, '{"x-hasura-role": "admin"}');
-- a policy reading a session variable
ALTER TABLE tags ENABLE ROW LEVEL SECURITY;
CREATE POLICY tag_by_session ON tags FOR SELECT TO gql_reader
  USING (id::text = current_setting('hasura.user', true)::jsonb ->> 'x-hasura-tag-id');
SELECT graphgate.graphql('{ tags { id label } }', NULL, NULL, '{"x-hasura-role": "gql_reader", "x-hasura-tag-id": "2"}');
SELECT graphgate.graphql('{ tags { id label } }', NULL, NULL, '{"x-hasura-role": "gql_reader", "x-hasura-tag-id": "3"}');
-- the role and settings are the caller's again afterwards
SELECT current_user, current_setting('hasura.user', true) IS NULL OR current_setting('hasura.user', true) = '' AS no_session;
-- the schema a role sees, as SDL
SET ROLE gql_reader;
SELECT graphgate.sdl();
RESET ROLE;
-- introspection as the admin
SELECT jsonb_pretty(graphgate.graphql('{ __type(name: "tags_bool_exp") { kind inputFields { name type { name } } } }')::jsonb);
SELECT jsonb_pretty(graphgate.graphql('{ __type(name: "order_by") { kind enumValues { name description } } }')::jsonb);
SELECT graphgate.graphql('query { __schema { queryType { name } mutationType { name } subscriptionType { name } } }');
SELECT jsonb_pretty(graphgate.graphql('{ __type(name: "authors") { description fields(includeDeprecated: true) { name description } } }')::jsonb);
-- a role that may read no tracked table gets Hasura's placeholder field
CREATE ROLE gql_nobody;
GRANT gql_nobody TO postgres;
SELECT graphgate.graphql('{ no_queries_available }', NULL, NULL, '{"x-hasura-role": "gql_nobody"}');
-- a Postgres error's internal (SQLSTATE, detail, hint) is for admin only, as Hasura's
SELECT graphgate.graphql('{ authors(where: {name: {_regex: "("}}) { id } }');
SELECT graphgate.graphql('{ authors(where: {name: {_regex: "("}}) { id } }', NULL, NULL, '{"x-hasura-role": "gql_reader"}');
SELECT graphgate.graphql('{ authors(where: {name: {_regex: "("}}) { id } }', NULL, NULL, '{"x-hasura-role": "admin"}');
DROP POLICY tag_by_session ON tags;
ALTER TABLE tags DISABLE ROW LEVEL SECURITY;

\c contrib_regression
DROP DATABASE gql WITH (FORCE);
DROP ROLE gql_reader;
DROP ROLE gql_nobody;
