-- Every error of sources and tables names the object; one line each (VERBOSITY terse).
CREATE DATABASE errs_remote;
CREATE DATABASE errs_local;
\c errs_remote
CREATE TABLE users (id integer PRIMARY KEY, name text);
\c errs_local
CREATE EXTENSION graphgate CASCADE;
CREATE TABLE orders (id integer PRIMARY KEY);
SELECT format('host=%s port=%s dbname=errs_remote', current_setting('unix_socket_directories'),
              current_setting('port')) AS remote_conn \gset
SELECT graphgate.add_source('remote', :'remote_conn');
SELECT graphgate.track_table('remote', 'users');
SELECT graphgate.track_table('errs_local', 'orders');
\set VERBOSITY terse

-- unknown source
SELECT graphgate.track_table('nowhere', 'users');
SELECT graphgate.drop_source('nowhere');
-- source name already taken (by a source, and by this database itself)
SELECT graphgate.add_source('remote', :'remote_conn');
SELECT graphgate.add_source('errs_local', :'remote_conn');
SELECT graphgate.add_source('default', :'remote_conn');
-- unreachable connection: refused at once, not a hang
SELECT graphgate.add_source('unreachable', 'host=127.0.0.1 port=1 dbname=errs_remote connect_timeout=5');
-- a malformed connection string, and neither connection nor server
SELECT graphgate.add_source('broken', 'host=127.0.0.1 port');
SELECT graphgate.add_source('nothing');
-- adopting a server that does not exist
SELECT graphgate.add_source('adopt', server => 'no_such_server');
-- table that does not exist locally or remotely
SELECT graphgate.track_table('errs_local', 'no_such_table');
SELECT graphgate.track_table('remote', 'public.no_such_table');
-- table tracked twice
SELECT graphgate.track_table('remote', 'users');
SELECT graphgate.track_table('default', 'public.orders');
-- untracking an untracked table
SELECT graphgate.untrack_table('remote', 'orders');
-- malformed table names
SELECT graphgate.track_table('remote', 'a.b.c');
SELECT graphgate.track_table('remote', '{"schema": "public"}');
-- this database cannot be dropped as a source
SELECT graphgate.drop_source('default');
\set VERBOSITY default

-- malformed metadata requests: Hasura's error objects
SELECT graphgate.metadata('{"type": "no_such_command", "args": {}}');
SELECT graphgate.metadata('{"type": "pg_track_table"}');
SELECT graphgate.metadata('{"args": {}}');
SELECT graphgate.metadata('[1, 2]');
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"source": "remote"}}');
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"source": "remote", "table": 42}}');
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"source": "remote", "table": "users", "typo": 1}}');
SELECT graphgate.metadata('{"type": "pg_add_source", "args": {"name": "x", "configuration": {"connection_info": {"database_url": {"from_env": "DB"}}}}}');
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"source": "nowhere", "table": "users"}}');
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"source": "remote", "table": "users"}}');
SELECT graphgate.metadata('{"type": "pg_untrack_table", "args": {"source": "remote", "table": {"schema": "public", "name": "orders"}}}');

-- the metadata API in its success forms, including the legacy /v1/query track_table
SELECT graphgate.metadata('{"type": "pg_untrack_table", "args": {"source": "remote", "table": "users"}}');
SELECT graphgate.metadata('{"type": "track_table", "args": {"source": "remote", "schema": "public", "name": "users"}}');
SELECT graphgate.metadata(format('{"type": "pg_add_source", "args": {"name": "second", "configuration": {"connection_info": {"database_url": %s}}}}',
                                 to_json(:'remote_conn'::text))::jsonb);
SELECT graphgate.metadata('{"type": "pg_drop_source", "args": {"name": "second"}}');

-- bulk is atomic: the second command fails, so the first is undone
SELECT count(*) FROM graphgate.tables;
SELECT graphgate.metadata('{"type": "bulk", "args": [
  {"type": "pg_untrack_table", "args": {"source": "remote", "table": "users"}},
  {"type": "pg_untrack_table", "args": {"source": "remote", "table": "missing"}}]}');
SELECT count(*) FROM graphgate.tables;
SELECT graphgate.metadata('{"type": "bulk", "args": [
  {"type": "pg_untrack_table", "args": {"source": "remote", "table": "users"}},
  {"type": "pg_track_table", "args": {"source": "remote", "table": "users"}}]}');

\c contrib_regression
DROP DATABASE errs_local WITH (FORCE);
DROP DATABASE errs_remote WITH (FORCE);
