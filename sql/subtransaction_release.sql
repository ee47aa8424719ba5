-- metadata() and graphql() run their work in an internal subtransaction.  Releasing it can fail
-- too (postgres_fdw sends RELEASE SAVEPOINT to every remote it used); such a failure must roll
-- the subtransaction back like any other error, not leave it open behind an error answer
-- (issue 11, item 13).
CREATE DATABASE sr_remote;
CREATE DATABASE sr_local;
\c sr_remote
CREATE TABLE users (id integer PRIMARY KEY);
\c sr_local
CREATE EXTENSION graphgate CASCADE;
SELECT format('host=%s port=%s dbname=sr_remote', current_setting('unix_socket_directories'),
              current_setting('port')) AS remote_conn \gset
SELECT graphgate.add_source('remote', :'remote_conn');

-- Once track_table has imported the table (through postgres_fdw, which opened a remote
-- transaction and a savepoint for the subtransaction), the remote connection dies: the
-- subtransaction's release then fails when it sends RELEASE SAVEPOINT.
CREATE FUNCTION kill_fdw_connections() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_terminate_backend(pid, 10000) FROM pg_stat_activity
    WHERE datname = 'sr_remote' AND application_name = 'postgres_fdw';
END
$$;
CREATE EVENT TRIGGER kill_fdw ON ddl_command_end WHEN TAG IN ('IMPORT FOREIGN SCHEMA')
    EXECUTE FUNCTION kill_fdw_connections();

-- The failed release rolls the subtransaction back; postgres_fdw then refuses to commit a
-- transaction whose remote side it could not clean up, so the statement fails as a whole.
\set VERBOSITY terse
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"source": "remote", "table": "users"}}');
\set VERBOSITY default
-- nothing was changed, no foreign table is left, and the session is not left inside a
-- (sub)transaction
SELECT count(*) AS tracked FROM graphgate.tables;
SELECT to_regclass('remote.users') IS NULL AS no_foreign_table;
SELECT pg_current_xact_id_if_assigned() IS NULL AS no_open_transaction;
BEGIN;
SELECT 1 AS new_transaction;
COMMIT;

-- without the trigger, the same request succeeds
DROP EVENT TRIGGER kill_fdw;
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"source": "remote", "table": "users"}}');
SELECT count(*) AS tracked FROM graphgate.tables;

\c contrib_regression
DROP DATABASE sr_local WITH (FORCE);
DROP DATABASE sr_remote WITH (FORCE);
