-- Every validation error of relationship creation, one line each, naming table, relationship
-- and column.  Nothing is created by a failing call.
CREATE DATABASE relerr_remote;
CREATE DATABASE relerr_local;
\c relerr_remote
CREATE TABLE users (id integer PRIMARY KEY, name text, login varchar(20), big bigint);
\c relerr_local
CREATE TABLE orders (id integer PRIMARY KEY, user_id integer, user_name text, user_big integer, note text);
CREATE EXTENSION graphgate CASCADE;
SELECT graphgate.add_source('remote', format('host=%s port=%s dbname=relerr_remote',
  current_setting('unix_socket_directories'), current_setting('port')));
SELECT graphgate.track_table('relerr_local', 'orders');
\set VERBOSITY terse

-- unknown source, unknown target source, untracked table
SELECT graphgate.create_remote_relationship('u', 'nowhere', 'orders', '{"relationship_type": "object", "field_mapping": {"user_id": "id"}, "source": "remote", "table": "users"}');
SELECT graphgate.create_remote_relationship('u', 'relerr_local', 'orders', '{"relationship_type": "object", "field_mapping": {"user_id": "id"}, "source": "nowhere", "table": "users"}');
SELECT graphgate.create_remote_relationship('u', 'relerr_local', 'not_tracked', '{"relationship_type": "object", "field_mapping": {"user_id": "id"}, "source": "remote", "table": "users"}');
-- missing target table
SELECT graphgate.create_remote_relationship('u', 'relerr_local', 'orders', '{"relationship_type": "object", "field_mapping": {"user_id": "id"}, "source": "remote", "table": "no_such_table"}');
-- unknown column on either side
SELECT graphgate.create_remote_relationship('u', 'relerr_local', 'orders', '{"relationship_type": "object", "field_mapping": {"nope": "id"}, "source": "remote", "table": "users"}');
SELECT graphgate.create_remote_relationship('u', 'relerr_local', 'orders', '{"relationship_type": "object", "field_mapping": {"user_id": "nope"}, "source": "remote", "table": "users"}');
-- incompatible column types (Hasura does not check this)
SELECT graphgate.create_remote_relationship('u', 'relerr_local', 'orders', '{"relationship_type": "object", "field_mapping": {"user_name": "id"}, "source": "remote", "table": "users"}');
SELECT graphgate.create_remote_relationship('u', 'relerr_local', 'orders', '{"relationship_type": "object", "field_mapping": {"user_id": "name"}, "source": "remote", "table": "users"}');
-- name equal to a column, or to another relationship of the table
SELECT graphgate.create_remote_relationship('note', 'relerr_local', 'orders', '{"relationship_type": "object", "field_mapping": {"user_id": "id"}, "source": "remote", "table": "users"}');
SELECT graphgate.create_remote_relationship('u', 'relerr_local', 'orders', '{"relationship_type": "object", "field_mapping": {"user_id": "id"}, "source": "remote", "table": "users"}');
SELECT graphgate.create_remote_relationship('u', 'relerr_local', 'orders', '{"relationship_type": "array", "field_mapping": {"user_id": "id"}, "source": "remote", "table": "users"}');
-- bad relationship_type; empty mapping; a mapping value that is not a column name
SELECT graphgate.create_remote_relationship('v', 'relerr_local', 'orders', '{"relationship_type": "many", "field_mapping": {"user_id": "id"}, "source": "remote", "table": "users"}');
SELECT graphgate.create_remote_relationship('v', 'relerr_local', 'orders', '{"relationship_type": "object", "field_mapping": {}, "source": "remote", "table": "users"}');
SELECT graphgate.create_remote_relationship('v', 'relerr_local', 'orders', '{"relationship_type": "object", "field_mapping": {"user_id": 1}, "source": "remote", "table": "users"}');
-- neither or both of remote_source and definition; a remote schema target
SELECT graphgate.create_remote_relationship('v', 'relerr_local', 'orders');
SELECT graphgate.create_remote_relationship('v', 'relerr_local', 'orders', definition => '{"to_remote_schema": {}}');
-- updating or dropping what does not exist
SELECT graphgate.update_remote_relationship('v', 'relerr_local', 'orders', '{"relationship_type": "object", "field_mapping": {"user_id": "id"}, "source": "remote", "table": "users"}');
SELECT graphgate.drop_remote_relationship('v', 'relerr_local', 'orders');
SELECT graphgate.drop_relationship('relerr_local', 'orders', 'v');
-- local relationships: no such foreign key, wrong using forms
SELECT graphgate.create_object_relationship('relerr_local', 'orders', 'owner', '{"foreign_key_constraint_on": "user_id"}');
SELECT graphgate.create_array_relationship('relerr_local', 'orders', 'items', '{"foreign_key_constraint_on": "id"}');
SELECT graphgate.create_object_relationship('relerr_local', 'orders', 'owner', '{}');
SELECT graphgate.create_object_relationship('relerr_local', 'orders', 'owner', '{"manual_configuration": {"remote_table": "orders", "column_mapping": {"nope": "id"}}}');
\set VERBOSITY default

-- compatible types are accepted: integer to bigint, text to varchar
SELECT graphgate.create_remote_relationship('by_big', 'relerr_local', 'orders', '{"relationship_type": "object", "field_mapping": {"user_big": "big"}, "source": "remote", "table": "users"}');
SELECT graphgate.create_remote_relationship('by_login', 'relerr_local', 'orders', '{"relationship_type": "array", "field_mapping": {"note": "login"}, "source": "remote", "table": "users"}');
\df graphgate_rel.*
-- the same errors through metadata(): Hasura's error objects
SELECT graphgate.metadata('{"type": "create_remote_relationship", "args": {"name": "id", "source": "relerr_local", "table": "orders", "remote_source": {"relationship_type": "object", "field_mapping": {"user_id": "id"}, "source": "remote", "table": "users"}}}');
SELECT graphgate.metadata('{"type": "create_remote_relationship", "args": {"name": "x", "source": "relerr_local", "table": "orders", "remote_source": {"relationship_type": "object", "field_mapping": {"user_name": "id"}, "source": "remote", "table": "users"}}}');
SELECT graphgate.metadata('{"type": "create_remote_relationship", "args": {"name": "x", "source": "relerr_local", "table": "orders", "remote_source": {"relationship_type": "objet", "field_mapping": {"user_id": "id"}, "source": "remote", "table": "users"}}}');
SELECT name FROM graphgate.relationships ORDER BY 1;

\c contrib_regression
DROP DATABASE relerr_local WITH (FORCE);
DROP DATABASE relerr_remote WITH (FORCE);
