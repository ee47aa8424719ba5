-- The C++/Postgres error boundary: an exception thrown by the C++ code and an ERROR raised by
-- Postgres inside the extension both surface as ordinary, catchable ERRORs with their SQLSTATE,
-- detail and hint, and the same backend goes on answering.
CREATE DATABASE guards_remote;
CREATE DATABASE guards_local;
\c guards_remote
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE moods (id integer PRIMARY KEY, m mood);
CREATE TABLE plain (id integer PRIMARY KEY);
\c guards_local
CREATE EXTENSION graphgate CASCADE;
SELECT format('host=%s port=%s dbname=guards_remote', current_setting('unix_socket_directories'),
              current_setting('port')) AS remote_conn \gset
SELECT graphgate.add_source('remote', :'remote_conn');

CREATE FUNCTION show_error(statement text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE state text; msg text; detail text; hint text;
BEGIN
    EXECUTE statement;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL,
                            hint = PG_EXCEPTION_HINT;
    RETURN format('%s: %s%s%s', state, msg,
                  CASE WHEN detail <> '' THEN ' / detail: ' || detail ELSE '' END,
                  CASE WHEN hint <> '' THEN ' / hint: ' || hint ELSE '' END);
END
$$;

-- C++ exceptions (MetadataError) from the extension's own checks
SELECT show_error($$SELECT graphgate.track_table('nowhere', 'plain')$$);
SELECT show_error($$SELECT graphgate.add_source('remote', 'dbname=x')$$);
SELECT show_error($$SELECT graphgate.drop_source('default')$$);
-- a Postgres ERROR raised inside the extension (IMPORT FOREIGN SCHEMA, run through SPI by the
-- C++ code, meets a remote type that does not exist here): its own SQLSTATE comes out
SELECT show_error($$SELECT graphgate.track_table('remote', 'moods')$$);
-- ... and a Postgres ERROR from a catalog lookup made directly from C++
SELECT show_error($$SELECT graphgate.add_source('x', server => 'no_such_server')$$);
-- the failed calls changed nothing, and the backend is fine
SELECT count(*) AS tracked FROM graphgate.tables;
SELECT graphgate.track_table('remote', 'plain');
SELECT count(*) AS tracked FROM graphgate.tables;

-- a failing call aborts only its transaction; the session goes on
BEGIN;
\set VERBOSITY terse
SELECT graphgate.track_table('remote', 'moods');
\set VERBOSITY default
ROLLBACK;
SELECT 1 AS still_alive;

-- inside metadata(), a Postgres ERROR becomes an error object and the transaction stays usable
BEGIN;
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"source": "remote", "table": "moods"}}');
SELECT count(*) AS tracked FROM graphgate.tables;
COMMIT;

\c contrib_regression
DROP DATABASE guards_local WITH (FORCE);
DROP DATABASE guards_remote WITH (FORCE);
