-- export_metadata and replace_metadata: Hasura's layout, JSON and YAML, a lossless round trip,
-- and an atomic replace.
CREATE DATABASE doc_remote;
CREATE DATABASE doc_local;
\c doc_remote
CREATE TABLE users (id integer PRIMARY KEY, name text);
CREATE TABLE addresses (id integer PRIMARY KEY, user_id integer REFERENCES users (id), city text);
\c doc_local
CREATE TABLE orders (id integer PRIMARY KEY, user_id integer);
CREATE TABLE items (id integer PRIMARY KEY, order_id integer REFERENCES orders (id));
CREATE EXTENSION graphgate CASCADE;
SELECT graphgate.add_source('users_db', format('host=%s port=%s dbname=doc_remote',
  current_setting('unix_socket_directories'), current_setting('port')));
SELECT graphgate.track_table('doc_local', 'orders', '{"custom_name": "purchase"}');
SELECT graphgate.create_array_relationship('doc_local', 'orders', 'items',
  '{"foreign_key_constraint_on": {"table": "items", "column": "order_id"}}');
SELECT graphgate.create_object_relationship('doc_local', 'items', 'order', '{"foreign_key_constraint_on": "order_id"}');
SELECT graphgate.create_remote_relationship('user', 'doc_local', 'orders',
  '{"relationship_type": "object", "field_mapping": {"user_id": "id"}, "source": "users_db", "table": "users"}');
SELECT graphgate.track_table('users_db', 'addresses');
SELECT graphgate.create_array_relationship('users_db', 'users', 'addresses',
  '{"foreign_key_constraint_on": {"table": "addresses", "column": "user_id"}}');

-- the document, in Hasura's order (the socket directory and port of this run are masked)
SELECT regexp_replace(graphgate.export_metadata(), 'host=''[^'']*'' port=''[0-9]+''', 'host=<socket> port=<port>');
SELECT graphgate.export_metadata('yaml') LIKE E'version: 3\nsources:\n  - name: doc_local\n    kind: postgres\n    tables:\n%' AS yaml_layout;
SELECT graphgate.metadata('{"type": "export_metadata", "args": {}}') = graphgate.export_metadata()::jsonb AS api_export_same;

CREATE TEMP TABLE exported AS
  SELECT graphgate.export_metadata() AS json, graphgate.export_metadata('yaml') AS yaml;

-- drop everything, then replace from the JSON export: the same document comes back
SELECT graphgate.drop_source('users_db', cascade => true);
SELECT graphgate.untrack_table('doc_local', 'orders', cascade => true);
SELECT graphgate.untrack_table('doc_local', 'items', cascade => true);
SELECT count(*) AS sources, (SELECT count(*) FROM graphgate.tables) AS tables,
       (SELECT count(*) FROM graphgate.relationships) AS relationships
FROM graphgate.sources WHERE kind <> 'local';
SELECT graphgate.replace_metadata(json) FROM exported;
SELECT graphgate.export_metadata() = json AS json_round_trip FROM exported;
SELECT graphgate.export_metadata('yaml') = yaml AS yaml_same FROM exported;
-- and from the YAML export, through the metadata API this time
SELECT graphgate.metadata(jsonb_build_object('type', 'replace_metadata', 'args', graphgate.export_metadata()::jsonb));
SELECT graphgate.replace_metadata(yaml) FROM exported;
SELECT graphgate.export_metadata() = json AS yaml_round_trip FROM exported;
-- the generated objects are back and work
SELECT view_name FROM graphgate.relationships ORDER BY 1;
SELECT count(*) FROM graphgate_rel.orders_user;

-- a replace with one bad relationship changes nothing
CREATE TEMP TABLE before AS SELECT graphgate.export_metadata() AS doc,
  (SELECT version FROM graphgate.metadata_version) AS version;
\set VERBOSITY terse
SELECT graphgate.replace_metadata(replace(json, '"user_id": "id"', '"user_id": "name"')) FROM exported;
SELECT graphgate.replace_metadata(replace(yaml, 'user_id: id', 'no_such_column: id')) FROM exported;
SELECT graphgate.replace_metadata('sources: [ {name: x');
SELECT graphgate.replace_metadata('{"version": 2, "sources": []}');
\set VERBOSITY default
SELECT graphgate.metadata(jsonb_build_object('type', 'replace_metadata', 'args',
  replace(json, '"user_id": "id"', '"user_id": "name"')::jsonb)) FROM exported;
SELECT graphgate.export_metadata() = doc AS unchanged, (SELECT version FROM graphgate.metadata_version) = version AS same_version
FROM before;

-- replace with a document that drops a source and a relationship
SELECT graphgate.replace_metadata('{"version": 3, "sources": [{"name": "doc_local", "kind": "postgres",
  "tables": [{"table": {"name": "orders", "schema": "public"}}]}]}');
SELECT graphgate.export_metadata()::jsonb;
SELECT count(*) AS servers FROM pg_foreign_server;

-- reload_metadata re-reads keys and checks relationships
SELECT graphgate.metadata('{"type": "reload_metadata", "args": {"reload_sources": true}}');

\c contrib_regression
DROP DATABASE doc_local WITH (FORCE);
DROP DATABASE doc_remote WITH (FORCE);
