-- Numbers as strings on request (graphgate.stringify_numeric_types, Hasura's
-- HASURA_GRAPHQL_STRINGIFY_NUMERIC_TYPES): bigint, numeric and double precision values, and
-- aggregates of them, answered as JSON strings, here and across a remote relationship; other
-- numbers stay numbers; the cached statement follows the setting.
CREATE DATABASE sn_remote;
CREATE DATABASE sn_local;
\c sn_remote
CREATE TABLE accounts (id bigint PRIMARY KEY, balance numeric(30, 2), rate double precision, visits integer);
INSERT INTO accounts VALUES (9007199254740993, 12345678901234567890.12, 0.1, 3);
\c sn_local
CREATE EXTENSION graphgate CASCADE;
CREATE TABLE nums (id bigint PRIMARY KEY, n numeric, f double precision, i integer, r real, account_id bigint);
INSERT INTO nums VALUES (9007199254740993, 12345678901234567890.123456789, 0.1, 7, 1.5, 9007199254740993),
                        (2, NULL, NULL, NULL, NULL, NULL);
SELECT graphgate.add_source('remote_db', format('host=%s port=%s dbname=sn_remote',
  current_setting('unix_socket_directories'), current_setting('port')));
SELECT graphgate.metadata('{"type": "bulk", "args": [
  {"type": "pg_track_table", "args": {"source": "sn_local", "table": "nums"}},
  {"type": "create_remote_relationship", "args": {"name": "account", "source": "sn_local", "table": "nums",
     "remote_source": {"relationship_type": "object", "field_mapping": {"account_id": "id"},
                       "source": "remote_db", "table": "accounts"}}}
]}');

\set q '{ nums(order_by: {id: desc}) { id n f i r account { id balance rate visits } } nums_aggregate { aggregate { count sum { id n f i r } avg { i } max { n f } } } }'
SHOW graphgate.stringify_numeric_types;
SELECT jsonb_pretty(graphgate.graphql(:'q')::jsonb);
SET graphgate.stringify_numeric_types = on;
SELECT jsonb_pretty(graphgate.graphql(:'q')::jsonb);
-- the same text as a JSON document, so the strings are seen as strings
SELECT graphgate.graphql('{ nums(where: {id: {_eq: 9007199254740993}}) { id account { balance } } }');
RESET graphgate.stringify_numeric_types;
SELECT graphgate.graphql('{ nums(where: {id: {_eq: 9007199254740993}}) { id account { balance } } }');
SET graphgate.stringify_numeric_types = 'maybe';
SET graphgate.stringify_numbers = on;

\c postgres
DROP DATABASE sn_local WITH (FORCE);
DROP DATABASE sn_remote WITH (FORCE);
