-- What track_table refuses, and the request forms it accepts (issue 11, items 9, 10, 11, 12).
CREATE DATABASE tc_remote;
CREATE DATABASE tc_local;
\c tc_remote
CREATE TABLE users (id integer PRIMARY KEY);
\c tc_local
CREATE EXTENSION graphgate CASCADE;
SELECT format('host=%s port=%s dbname=tc_remote', current_setting('unix_socket_directories'),
              current_setting('port')) AS remote_conn \gset
SELECT graphgate.add_source('remote', :'remote_conn');
SELECT graphgate.track_table('remote', 'users');
\set VERBOSITY terse

-- System schemas and graphgate's own are refused, here and in a remote source; so is the
-- schema that holds a remote source's imported tables (they belong to that source).
SELECT graphgate.track_table('default', 'pg_catalog.pg_authid');
SELECT graphgate.track_table('default', 'information_schema.tables');
SELECT graphgate.track_table('default', 'pg_toast.pg_toast_1255');
SELECT graphgate.track_table('default', 'graphgate.sources');
SELECT graphgate.track_table('default', 'graphgate_rel.anything');
SELECT graphgate.track_table('default', 'remote.users');
SELECT graphgate.track_table('remote', 'pg_catalog.pg_authid');
SELECT graphgate.track_table('remote', 'information_schema.tables');
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"table": {"schema": "pg_catalog", "name": "pg_class"}}}');
CREATE TEMP TABLE scratch (id integer);
SELECT graphgate.track_table('default', 'pg_temp.scratch');
SELECT count(*) AS tracked FROM graphgate.tables;

-- Names that cannot be GraphQL names are refused with what to do, not tracked and then
-- silently left out of the schema.
CREATE TABLE "my-table" (id integer PRIMARY KEY);
CREATE TABLE "1abc" (id integer PRIMARY KEY);
CREATE TABLE "é" (id integer PRIMARY KEY);
CREATE TABLE odd_columns (id integer PRIMARY KEY, "first name" text);
CREATE TABLE enum_word (id integer PRIMARY KEY, "true" boolean);
CREATE SCHEMA "hyphen-schema";
CREATE TABLE "hyphen-schema".fine (id integer PRIMARY KEY);
\set VERBOSITY default
SELECT graphgate.track_table('default', '"my-table"');
\set VERBOSITY terse
SELECT graphgate.track_table('default', '"1abc"');
SELECT graphgate.track_table('default', '"é"');
SELECT graphgate.track_table('default', '"hyphen-schema".fine');
\set VERBOSITY default
SELECT graphgate.track_table('default', 'odd_columns');
\set VERBOSITY terse
SELECT graphgate.track_table('default', 'enum_word');
SELECT graphgate.track_table('default', '"my-table"', '{"custom_name": "also-bad"}');
SELECT graphgate.track_table('default', '"my-table"', '{"custom_name": 42}');
SELECT graphgate.track_table('default', '"my-table"', '{"custom_name": "my_table", "custom_root_fields": {"select": "all-of-them"}}');
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"table": "my-table"}}');
-- with a valid custom name the table is tracked and in the schema
SELECT graphgate.track_table('default', '"my-table"', '{"custom_name": "my_table"}');
SELECT graphgate.track_table('default', '"hyphen-schema".fine', '{"custom_name": "fine"}');
INSERT INTO "my-table" VALUES (1);
SELECT graphgate.graphql('{ my_table { id } fine { id } }');

-- metadata() answers a NULL request with Hasura's error object, as it answers every request
\set VERBOSITY default
SELECT graphgate.metadata(NULL);
SELECT graphgate.metadata('null');

-- Hasura's legacy track_table takes the table name alone as args
CREATE TABLE legacy (id integer PRIMARY KEY);
CREATE SCHEMA other;
CREATE TABLE other.legacy2 (id integer PRIMARY KEY);
SELECT graphgate.metadata('{"type": "track_table", "args": "legacy"}');
SELECT graphgate.metadata('{"type": "track_table", "args": {"schema": "other", "name": "legacy2"}}');
SELECT graphgate.metadata('{"type": "track_table", "args": "legacy"}');
SELECT graphgate.metadata('{"type": "pg_track_table", "args": "legacy"}');
SELECT table_schema, table_name FROM graphgate.tables WHERE table_name LIKE 'legacy%' ORDER BY 1;

-- An object relationship over a foreign key of its table whose columns are NOT NULL is
-- non-null, as in Hasura; over a nullable foreign key, by manual configuration, from the other
-- side's foreign key, or to a remote source, it stays nullable.
CREATE TABLE authors (id integer PRIMARY KEY, a integer, b integer, UNIQUE (a, b));
CREATE TABLE books (
    id integer PRIMARY KEY,
    author_id integer NOT NULL REFERENCES authors (id),
    editor_id integer REFERENCES authors (id),
    pa integer NOT NULL, pb integer,
    FOREIGN KEY (pa, pb) REFERENCES authors (a, b));
CREATE TABLE author_bios (author_id integer PRIMARY KEY REFERENCES authors (id), bio text);
INSERT INTO authors VALUES (1, 1, 1);
INSERT INTO books VALUES (10, 1, NULL, 1, 1);
SELECT graphgate.track_table('default', 'authors');
SELECT graphgate.track_table('default', 'books');
SELECT graphgate.track_table('default', 'author_bios');
SELECT graphgate.create_object_relationship('default', 'books', 'author', '{"foreign_key_constraint_on": "author_id"}');
SELECT graphgate.create_object_relationship('default', 'books', 'editor', '{"foreign_key_constraint_on": ["editor_id"]}');
SELECT graphgate.create_object_relationship('default', 'books', 'pair', '{"foreign_key_constraint_on": ["pa", "pb"]}');
SELECT graphgate.create_object_relationship('default', 'books', 'author_manual',
  '{"manual_configuration": {"remote_table": "authors", "column_mapping": {"author_id": "id"}}}');
SELECT graphgate.create_object_relationship('default', 'authors', 'bio',
  '{"foreign_key_constraint_on": {"table": "author_bios", "column": "author_id"}}');
SELECT graphgate.create_remote_relationship('remote_user', 'default', 'books',
  '{"relationship_type": "object", "field_mapping": {"author_id": "id"}, "source": "remote", "table": "users"}');
SELECT f->>'name' AS field, f#>>'{type,kind}' AS kind, coalesce(f#>>'{type,name}', f#>>'{type,ofType,name}') AS type
FROM json_array_elements(graphgate.graphql('{ __type(name: "books") { fields { name type { kind name ofType { name } } } } }')
                         #> '{data,__type,fields}') f
WHERE f->>'name' IN ('author', 'editor', 'pair', 'author_manual', 'remote_user');
SELECT f->>'name' AS field, f#>>'{type,kind}' AS kind
FROM json_array_elements(graphgate.graphql('{ __type(name: "authors") { fields { name type { kind } } } }')
                         #> '{data,__type,fields}') f
WHERE f->>'name' = 'bio';
SELECT graphgate.graphql('{ books { id author { id } editor { id } } }');

\c contrib_regression
DROP DATABASE tc_local WITH (FORCE);
DROP DATABASE tc_remote WITH (FORCE);
