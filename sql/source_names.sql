-- This database's source has one name everywhere: the database's own (current_database()),
-- with "default" accepted wherever a source is named, as Hasura's default source.  Unknown
-- names are answered with the names there are.
CREATE DATABASE sn_db;
\c sn_db
CREATE EXTENSION graphgate CASCADE;
CREATE TABLE authors (id integer PRIMARY KEY, name text);
CREATE TABLE books (id integer PRIMARY KEY, author_id integer NOT NULL REFERENCES authors (id));
INSERT INTO authors VALUES (1, 'Ada');
INSERT INTO books VALUES (10, 1);
SELECT name, kind FROM graphgate.sources;
SELECT graphgate.track_table('default', 'authors');
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"source": "sn_db", "table": "books"}}');
SELECT graphgate.metadata('{"type": "pg_create_object_relationship", "args": {"table": "books", "name": "author",
  "using": {"foreign_key_constraint_on": "author_id"}}}');
SELECT source, table_name FROM graphgate.tables ORDER BY table_name;
SELECT source, table_name, name FROM graphgate.relationships;
SELECT graphgate.export_metadata()::jsonb #> '{sources,0,name}' AS exported_name;
SELECT obj_description('graphgate_rel.books_author'::regclass, 'pg_class');
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"source": "nowhere", "table": "books"}}');

-- After the database is renamed, the source answers to the new name (and to "default") and
-- is renamed in the catalog at the next metadata change.
\c contrib_regression
ALTER DATABASE sn_db RENAME TO sn_renamed;
\c sn_renamed
SELECT graphgate.export_metadata()::jsonb #> '{sources,0,name}' AS exported_name;
SELECT graphgate.graphql('{ books { id author { name } } }');
SELECT graphgate.untrack_table('sn_renamed', 'books', cascade => true);
SELECT name, kind FROM graphgate.sources;
SELECT source, table_name FROM graphgate.tables ORDER BY table_name;
SELECT graphgate.track_table('default', 'books');
\set VERBOSITY terse
SELECT graphgate.track_table('sn_db', 'books');
SELECT graphgate.add_source('default', 'dbname=sn_renamed');
SELECT graphgate.add_source('sn_renamed', 'dbname=sn_renamed');
\set VERBOSITY default

\c contrib_regression
DROP DATABASE sn_renamed WITH (FORCE);
