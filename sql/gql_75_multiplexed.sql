-- graphgate.graphql_multiplexed(): one poll of a live query for a batch of cohorts.  Only the
-- cohorts whose result's hash differs from the one sent come back; a failing cohort gets its
-- own error response and the others their results; each cohort runs with its own session.
\set ECHO none
\i sql/fixtures/gql.sql
\set ECHO all
-- every cohort new (hash null): all come back; a variable of the wrong type is that cohort's error
SELECT id, result, hash FROM graphgate.graphql_multiplexed(
  'subscription ($id: Int!) { authors_by_pk(id: $id) { id name } }', NULL,
  '[{"id": "a", "variables": {"id": 1}, "session": {}, "hash": null},
    {"id": "b", "variables": {"id": 2}, "session": {}, "hash": null},
    {"id": "bad", "variables": {"id": "x"}, "session": {}, "hash": null}]') ORDER BY id;
-- the hash it answered: unchanged, so nothing comes back for "a"; "b" sent a stale hash
SELECT id, result FROM graphgate.graphql_multiplexed(
  'subscription ($id: Int!) { authors_by_pk(id: $id) { id name } }', NULL,
  '[{"id": "a", "variables": {"id": 1}, "hash": "30bd9e743c0b11befeef3565e9787dc7e3d2f32e2a365e2fa0ca57b926514dd3"},
    {"id": "b", "variables": {"id": 2}, "hash": "stale"}]') ORDER BY id;
SELECT count(*) AS unchanged FROM graphgate.graphql_multiplexed(
  'subscription ($id: Int!) { authors_by_pk(id: $id) { id name } }', NULL,
  (SELECT jsonb_agg(jsonb_build_object('id', id, 'variables', jsonb_build_object('id', 1), 'hash', hash))
   FROM graphgate.graphql_multiplexed('subscription ($id: Int!) { authors_by_pk(id: $id) { id name } }', NULL,
                                      '[{"id": "a", "variables": {"id": 1}}]')));
-- a change in the data changes the hash: the cohort comes back with its new result
CREATE TEMP TABLE last_poll AS SELECT id, hash FROM graphgate.graphql_multiplexed(
  'subscription ($id: Int!) { authors_by_pk(id: $id) { id name } }', NULL, '[{"id": "a", "variables": {"id": 1}}]');
BEGIN;
UPDATE authors SET name = 'Ada L.' WHERE id = 1;
SELECT id, result FROM graphgate.graphql_multiplexed(
  'subscription ($id: Int!) { authors_by_pk(id: $id) { id name } }', NULL,
  (SELECT jsonb_agg(jsonb_build_object('id', id, 'variables', jsonb_build_object('id', 1), 'hash', hash)) FROM last_poll));
ROLLBACK;
DROP TABLE last_poll;
-- each cohort's session: a policy reading a session variable, one cohort whose session makes it fail
CREATE ROLE gql_mx;
GRANT SELECT ON tags TO gql_mx;
ALTER TABLE tags ENABLE ROW LEVEL SECURITY;
CREATE POLICY tag_mx ON tags FOR SELECT TO gql_mx
  USING (id = 1 / (current_setting('hasura.user', true)::jsonb ->> 'x-hasura-tag-id')::int);
SELECT id, result FROM graphgate.graphql_multiplexed('subscription { tags { id } }', NULL,
  '[{"id": "one", "session": {"x-hasura-role": "gql_mx", "x-hasura-tag-id": "1"}},
    {"id": "zero", "session": {"x-hasura-role": "gql_mx", "x-hasura-tag-id": "0"}},
    {"id": "also-one", "session": {"x-hasura-role": "gql_mx", "x-hasura-tag-id": "1"}}]') ORDER BY id;
-- the role and settings are the caller's again afterwards
SELECT current_user, coalesce(current_setting('hasura.user', true), '') = '' AS no_session;
-- the operation refused once for every cohort: not a subscription, or not valid for the role
SELECT id, result FROM graphgate.graphql_multiplexed('{ tags { id } }', NULL, '[{"id": "q"}]');
SELECT id, result FROM graphgate.graphql_multiplexed('subscription { authors { id } }', NULL,
  '[{"id": "r1", "session": {"x-hasura-role": "gql_mx"}}, {"id": "r2", "session": {"x-hasura-role": "gql_mx"}}]')
  ORDER BY id;
-- no cohorts, no rows
SELECT count(*) FROM graphgate.graphql_multiplexed('subscription { tags { id } }', NULL, '[]');
-- a stream: the rows after the cursor, batch_size at most, with the next cursor; from the
-- initial value while the cohort has none; nothing at all when no row follows the cursor
SELECT id, result, cursor FROM graphgate.graphql_multiplexed(
  'subscription { authors_stream(batch_size: 2, cursor: {initial_value: {id: 1}}) { id name } }', NULL,
  '[{"id": "s1"}, {"id": "s2", "cursor": 3}, {"id": "s3", "cursor": 4}]') ORDER BY id;
SELECT id, result, cursor FROM graphgate.graphql_multiplexed(
  'subscription ($after: Int!) { authors_stream(batch_size: 10, cursor: {initial_value: {id: $after}, ordering: DESC},
                                                where: {name: {_neq: "Brian"}}) { id } }', NULL,
  '[{"id": "d", "variables": {"after": 9}}, {"id": "d2", "variables": {"after": 9}, "cursor": 3}]') ORDER BY id;
-- a stream's errors come back as a live query's: when they changed
SELECT id, result, cursor FROM graphgate.graphql_multiplexed(
  'subscription { authors_stream(batch_size: 2, cursor: {initial_value: {id: 1, name: "x"}}) { id } }', NULL,
  '[{"id": "e"}]');
-- over HTTP, a stream is a subscription like any other
SELECT graphgate.graphql('subscription { authors_stream(batch_size: 2, cursor: {initial_value: {id: 1}}) { id } }');
-- the cohorts are the caller's program: a malformed one is an ERROR naming the place
SELECT * FROM graphgate.graphql_multiplexed('subscription { tags { id } }', NULL, '{}');
SELECT * FROM graphgate.graphql_multiplexed('subscription { tags { id } }', NULL, '[{"id": "a"}, {"id": "a"}]');
SELECT * FROM graphgate.graphql_multiplexed('subscription { tags { id } }', NULL, '[{"id": "a", "vars": {}}]');
SELECT * FROM graphgate.graphql_multiplexed('subscription { tags { id } }', NULL,
  '[{"id": "a"}, {"id": "b", "session": {"x-hasura-role": "gql_mx"}}]');
DROP POLICY tag_mx ON tags;
ALTER TABLE tags DISABLE ROW LEVEL SECURITY;
REVOKE ALL ON tags FROM gql_mx;
DROP ROLE gql_mx;
\c contrib_regression
DROP DATABASE gql WITH (FORCE);
