-- The metadata version keys every backend's schema cache, so a number must never stand for two
-- states of the catalog: a change that was rolled back must not leave its schema behind under a
-- number that a later change commits (issue 11, item 2).
CREATE DATABASE mv_db;
\c mv_db
CREATE EXTENSION graphgate CASCADE;
CREATE EXTENSION dblink;
CREATE TABLE t1 (id integer PRIMARY KEY, secret text);
CREATE TABLE t2 (id integer PRIMARY KEY);
INSERT INTO t1 VALUES (1, 'hidden');
INSERT INTO t2 VALUES (2);

-- One backend: the schema built inside a rolled-back transaction is not served afterwards.
BEGIN;
SELECT graphgate.track_table('default', 't1');
SELECT graphgate.graphql('{ t1 { id } }');
ROLLBACK;
SELECT graphgate.track_table('default', 't2');
SELECT graphgate.graphql('{ t2 { id } }');
SELECT graphgate.graphql('{ t1 { id } }');

-- The numbers rolled-back changes took are never handed out again.
SELECT version AS v0 FROM graphgate.metadata_version \gset
BEGIN;
SELECT graphgate.untrack_table('default', 't2');
SELECT version > :v0 AS bumped_inside FROM graphgate.metadata_version;
ROLLBACK;
SELECT version = :v0 AS restored FROM graphgate.metadata_version;
SELECT graphgate.track_table('default', 't1');
SELECT version > :v0 + 1 AS skipped_the_rolled_back_number FROM graphgate.metadata_version;

-- Two backends: this one caches a schema inside a transaction it rolls back; another backend
-- then commits a change (here a REVOKE on a column, which the DDL trigger turns into a new
-- version).  This backend must see the other's change, not the schema of its own rolled-back
-- transaction, which still showed the revoked column.
CREATE ROLE mv_reader;
GRANT SELECT ON t1, t2 TO mv_reader;
SELECT format('host=%s port=%s dbname=mv_db', current_setting('unix_socket_directories'),
              current_setting('port')) AS conn \gset
SELECT dblink_connect('other', :'conn');
BEGIN;
SELECT graphgate.untrack_table('default', 't2');
SELECT graphgate.graphql('{ __type(name: "t1") { fields { name } } }', session => '{"x-hasura-role": "mv_reader"}');
ROLLBACK;
SELECT dblink_exec('other', 'REVOKE SELECT ON t1 FROM mv_reader; GRANT SELECT (id) ON t1 TO mv_reader');
SELECT graphgate.graphql('{ __type(name: "t1") { fields { name } } }', session => '{"x-hasura-role": "mv_reader"}');
SELECT graphgate.graphql('{ t2 { id } }', session => '{"x-hasura-role": "mv_reader"}');

-- A change committed by another backend is seen by the next request here, and a change the
-- other backend rolls back is never seen.
SELECT * FROM dblink('other', $$SELECT 1 FROM graphgate.untrack_table('default', 't2')$$) AS t(done integer);
SELECT graphgate.graphql('{ t2 { id } }');
SELECT dblink_exec('other', 'BEGIN');
SELECT * FROM dblink('other', $$SELECT 1 FROM graphgate.track_table('default', 't2')$$) AS t(done integer);
SELECT graphgate.graphql('{ t2 { id } }');
SELECT dblink_exec('other', 'ROLLBACK');
SELECT graphgate.graphql('{ t2 { id } }');
SELECT dblink_disconnect('other');

\c contrib_regression
DROP DATABASE mv_db WITH (FORCE);
DROP ROLE mv_reader;
