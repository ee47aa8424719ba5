-- DDL that breaks a relationship marks it inconsistent (and drops its generated objects, which
-- would otherwise block the DDL); DDL that mends it brings it back.
CREATE DATABASE ddl_remote;
CREATE DATABASE ddl_local;
\c ddl_remote
CREATE TABLE users (id integer PRIMARY KEY, name text);
INSERT INTO users VALUES (1, 'Ann');
\c ddl_local
CREATE TABLE orders (id integer PRIMARY KEY, user_id integer, note text);
INSERT INTO orders VALUES (1, 1, 'x');
CREATE EXTENSION graphgate CASCADE;
SELECT graphgate.add_source('remote', format('host=%s port=%s dbname=ddl_remote',
  current_setting('unix_socket_directories'), current_setting('port')));
SELECT graphgate.track_table('ddl_local', 'orders');
SELECT graphgate.create_remote_relationship('user', 'ddl_local', 'orders',
  '{"relationship_type": "object", "field_mapping": {"user_id": "id"}, "source": "remote", "table": "users"}');
SELECT graphgate.get_inconsistent_metadata();

-- unrelated DDL on the table leaves the relationship alone
ALTER TABLE orders ADD COLUMN extra integer;
ALTER TABLE orders DROP COLUMN note;
SELECT name, inconsistent_reason FROM graphgate.relationships;

-- dropping the mapped column succeeds and marks the relationship inconsistent
ALTER TABLE orders DROP COLUMN user_id;
SELECT jsonb_pretty(graphgate.get_inconsistent_metadata());
SELECT to_regclass('graphgate_rel.orders_user') AS view, to_regproc('graphgate_rel.orders_user_batch') AS function;
SELECT graphgate.metadata('{"type": "get_inconsistent_metadata", "args": {}}') -> 'is_consistent' AS consistent;

-- adding it back mends it: objects regenerated
ALTER TABLE orders ADD COLUMN user_id integer;
SELECT graphgate.get_inconsistent_metadata();
SELECT to_regclass('graphgate_rel.orders_user') AS view;

-- retyping the column to an incompatible type, and back
ALTER TABLE orders ALTER COLUMN user_id TYPE text;
SELECT inconsistent_reason FROM graphgate.relationships;
ALTER TABLE orders ALTER COLUMN user_id TYPE bigint USING user_id::bigint;
SELECT inconsistent_reason FROM graphgate.relationships;
SELECT count(*) FROM graphgate_rel.orders_user;

-- renaming the table breaks it too
ALTER TABLE orders RENAME TO purchases;
SELECT inconsistent_reason FROM graphgate.relationships;
ALTER TABLE purchases RENAME TO orders;
SELECT inconsistent_reason FROM graphgate.relationships;

-- a role without access to graphgate's catalog still runs its own DDL
CREATE ROLE ddl_user;
CREATE TABLE theirs (x integer);
ALTER TABLE theirs OWNER TO ddl_user;
SET ROLE ddl_user;
ALTER TABLE theirs ADD COLUMN y integer;
DROP TABLE theirs;
RESET ROLE;

-- dropping the table: table and relationship inconsistent, no dangling objects
DROP TABLE orders;
SELECT jsonb_pretty(graphgate.get_inconsistent_metadata());
\dv graphgate_rel.*
\df graphgate_rel.*
-- dropping the broken relationship cleans up its catalog row
SELECT graphgate.drop_remote_relationship('user', 'ddl_local', 'orders');
SELECT count(*) FROM graphgate.relationships;

\c contrib_regression
DROP DATABASE ddl_local WITH (FORCE);
DROP DATABASE ddl_remote WITH (FORCE);
DROP ROLE ddl_user;
