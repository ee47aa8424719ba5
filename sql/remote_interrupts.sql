-- Waiting on a remote source is interruptible: statement_timeout (and so pg_cancel_backend,
-- which raises the same interrupt) stops track_table while the remote catalog query waits, the
-- remote query is cancelled, and the backend goes on (issue 11, item 16).  The remote catalog
-- query is made to wait by a second session holding pg_constraint locked in the remote
-- database; the source's lock_timeout (5 s) bounds the wait should the interrupt not work.
CREATE DATABASE ri_remote;
CREATE DATABASE ri_local;
\c ri_remote
CREATE TABLE users (id integer PRIMARY KEY);
\c ri_local
CREATE EXTENSION graphgate CASCADE;
CREATE EXTENSION dblink;
SELECT format('host=%s port=%s dbname=ri_remote', current_setting('unix_socket_directories'),
              current_setting('port')) AS remote_conn \gset
SELECT graphgate.add_source('slow', :'remote_conn' || ' options=''-c lock_timeout=5000''');
SELECT dblink_connect('locker', :'remote_conn');
SELECT dblink_exec('locker', 'BEGIN');
SELECT dblink_exec('locker', 'LOCK TABLE pg_catalog.pg_constraint IN ACCESS EXCLUSIVE MODE');

SET statement_timeout = '1s';
SELECT clock_timestamp() AS t0 \gset
\set VERBOSITY terse
SELECT graphgate.track_table('slow', 'users');
\set VERBOSITY default
RESET statement_timeout;
SELECT clock_timestamp() - :'t0'::timestamptz < interval '3 seconds' AS interrupted_in_time;
-- the remote query was cancelled (within 3 s: the cancel request is asynchronous), not left
-- waiting behind the lock until its lock_timeout
DO $$
BEGIN
    FOR i IN 1..60 LOOP
        PERFORM pg_stat_clear_snapshot();
        EXIT WHEN NOT EXISTS (SELECT FROM pg_stat_activity WHERE datname = 'ri_remote'
                              AND application_name = 'graphgate' AND wait_event_type = 'Lock');
        PERFORM pg_sleep(0.05);
    END LOOP;
END
$$;
SELECT count(*) AS waiting_remote_queries FROM pg_stat_activity
WHERE datname = 'ri_remote' AND application_name = 'graphgate' AND wait_event_type = 'Lock';
SELECT count(*) AS tracked FROM graphgate.tables;

-- the same through metadata(): the interrupt is an ERROR, not an error object
SET statement_timeout = '1s';
\set VERBOSITY terse
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"source": "slow", "table": "users"}}');
\set VERBOSITY default
RESET statement_timeout;

-- once the lock is gone, the backend tracks the table
SELECT dblink_exec('locker', 'ROLLBACK');
SELECT dblink_disconnect('locker');
SELECT graphgate.track_table('slow', 'users');
SELECT table_name FROM graphgate.tables;

-- reload_metadata reads the remote catalog again: interruptible too
SELECT dblink_connect('locker', :'remote_conn');
SELECT dblink_exec('locker', 'BEGIN');
SELECT dblink_exec('locker', 'LOCK TABLE pg_catalog.pg_constraint IN ACCESS EXCLUSIVE MODE');
SET statement_timeout = '1s';
\set VERBOSITY terse
SELECT graphgate.reload_metadata();
\set VERBOSITY default
RESET statement_timeout;
SELECT dblink_exec('locker', 'ROLLBACK');
SELECT dblink_disconnect('locker');
SELECT graphgate.reload_metadata();

\c contrib_regression
DROP DATABASE ri_local WITH (FORCE);
DROP DATABASE ri_remote WITH (FORCE);
