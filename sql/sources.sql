-- Step 0 of the seed: two databases, the extension in orders_db, users_db added as a source,
-- both tables tracked.  Then drop_source and DROP EXTENSION leave nothing behind.
CREATE DATABASE users_db;
CREATE DATABASE orders_db;
\c users_db
CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, email text UNIQUE);
INSERT INTO users VALUES (1, 'Alice', 'alice@example.com'), (2, 'Bob', NULL), (3, 'Carol', 'carol@example.com');
CREATE TABLE addresses (id integer PRIMARY KEY, user_id integer REFERENCES users (id), city text);
CREATE SCHEMA crm;
CREATE TABLE crm.users (uid integer, login text, CONSTRAINT crm_users_login UNIQUE (login));
\c orders_db
CREATE TABLE orders (id integer PRIMARY KEY, ordered_by_user_id integer, total numeric(10,2));
INSERT INTO orders VALUES (10, 1, 9.99), (11, 2, 20.00), (12, NULL, 5.00);

CREATE EXTENSION graphgate CASCADE;
SELECT format('host=%s port=%s dbname=users_db', current_setting('unix_socket_directories'),
              current_setting('port')) AS users_conn \gset

SELECT graphgate.add_source('users_db', :'users_conn');
SELECT graphgate.track_table('users_db', 'users');
SELECT graphgate.track_table('orders_db', 'orders');

-- the imported foreign table returns the remote rows
SELECT * FROM users_db.users ORDER BY id;
-- keys read from the remote catalog (postgres_fdw imports none)
SELECT source, table_schema, table_name, local_schema, local_name, primary_key, unique_keys
FROM graphgate.tables ORDER BY source, table_schema, table_name;

-- the server add_source made: postgres_fdw, fetch_size raised, a user mapping for us
SELECT s.srvname, w.fdwname, s.srvoptions @> '{fetch_size=10000}' AS fetch_size_raised
FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw;
SELECT srvname, usename FROM pg_user_mappings;

-- the other table-name forms: schema.name and Hasura's object; foreign keys are recorded
SELECT graphgate.track_table('users_db', 'crm.users');
SELECT graphgate.track_table('users_db', '{"schema": "public", "name": "addresses"}');
SELECT local_schema, local_name, unique_keys, foreign_keys FROM graphgate.tables
WHERE source = 'users_db' ORDER BY local_name;
SELECT count(*) FROM users_db.crm_users;

-- the database's own source answers to "default" as well as to its name
SELECT graphgate.untrack_table('default', 'orders');
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"source": "default", "table": {"schema": "public", "name": "orders"}}}');
SELECT source, table_name FROM graphgate.tables WHERE local_schema = 'public';

-- untracking a remote table drops its foreign table
SELECT graphgate.untrack_table('users_db', 'addresses');
SELECT to_regclass('users_db.addresses') IS NULL AS foreign_table_gone;

-- every change bumps the metadata version
SELECT version AS v0 FROM graphgate.metadata_version \gset
SELECT graphgate.untrack_table('users_db', 'crm.users');
SELECT version > :v0 AS bumped FROM graphgate.metadata_version;

-- drop_source without cascade refuses while tables are tracked; with cascade it removes the
-- tracked tables, the foreign tables, the schema, the user mapping and the server
\set VERBOSITY terse
SELECT graphgate.drop_source('users_db');
\set VERBOSITY default
SELECT graphgate.drop_source('users_db', cascade => true);
SELECT count(*) AS sources FROM graphgate.sources WHERE kind <> 'local';
SELECT count(*) AS tables FROM graphgate.tables WHERE source = 'users_db';
SELECT count(*) AS servers FROM pg_foreign_server;
SELECT count(*) AS schemas FROM pg_namespace WHERE nspname = 'users_db';

-- without cascade, an empty source goes too
SELECT graphgate.add_source('users_db', :'users_conn');
SELECT graphgate.drop_source('users_db');
SELECT count(*) AS servers FROM pg_foreign_server;

-- adopting an existing foreign server: dropping the source leaves the server alone
\set ECHO none
SELECT format('CREATE SERVER users_server FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host %L, port %L, dbname %L)',
              current_setting('unix_socket_directories'), current_setting('port'), 'users_db') \gexec
\set ECHO all
CREATE USER MAPPING FOR CURRENT_USER SERVER users_server;
SELECT graphgate.add_source('adopted', server => 'users_server');
SELECT graphgate.track_table('adopted', 'users');
SELECT name FROM adopted.users ORDER BY id;
SELECT graphgate.drop_source('adopted', cascade => true);
SELECT srvname FROM pg_foreign_server;
DROP SERVER users_server CASCADE;

-- DROP EXTENSION ... CASCADE takes every server and schema that add_source created
SELECT graphgate.add_source('users_db', :'users_conn');
SELECT graphgate.track_table('users_db', 'users');
DROP EXTENSION graphgate CASCADE;
SELECT count(*) AS servers FROM pg_foreign_server;
SELECT count(*) AS schemas FROM pg_namespace WHERE nspname IN ('users_db', 'graphgate', 'graphgate_rel');
SELECT count(*) AS foreign_tables FROM pg_foreign_table;
SELECT count(*) AS orders FROM orders;

\c contrib_regression
DROP DATABASE orders_db WITH (FORCE);
DROP DATABASE users_db WITH (FORCE);
