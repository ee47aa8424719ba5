-- Computed fields (pg_add_computed_field, pg_drop_computed_field, Hasura's argument shape): SQL
-- functions of a tracked table's row, scalar or SETOF a tracked table, selectable (with `args`
-- for their own arguments), the scalar ones in where and order_by; the session as json; checked
-- when added with Hasura's messages; on a remote source's table, run in that source (also
-- across a remote relationship); kept by export/replace; visible to a role that may run the
-- function and read every column.
CREATE DATABASE cf_remote;
CREATE DATABASE cf_main;
\c cf_remote
CREATE TABLE users (id integer PRIMARY KEY, first text NOT NULL, last text NOT NULL);
INSERT INTO users VALUES (1, 'Ada', 'Lovelace'), (2, 'Alan', 'Turing'), (3, 'Grace', 'Hopper');
CREATE FUNCTION user_label(u users) RETURNS text LANGUAGE sql STABLE AS $$ SELECT u.last || ', ' || u.first $$;
\c cf_main
CREATE EXTENSION graphgate CASCADE;
CREATE TABLE authors (id integer PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL, user_id integer);
INSERT INTO authors VALUES (1, 'Mary', 'Shelley', 1), (2, 'Jane', 'Austen', 2), (3, 'Emily', 'Bronte', NULL);
CREATE TABLE articles (id integer PRIMARY KEY, author_id integer REFERENCES authors, title text NOT NULL, rating integer);
INSERT INTO articles VALUES (1, 1, 'Frankenstein', 5), (2, 1, 'Mathilda', 3), (3, 2, 'Emma', 4),
                            (4, 2, 'Persuasion', 5), (5, 2, 'Sanditon', 2), (6, 3, 'Wuthering Heights', 4);
CREATE FUNCTION full_name(authors) RETURNS text LANGUAGE sql STABLE AS $$ SELECT $1.first_name || ' ' || $1.last_name $$;
COMMENT ON FUNCTION full_name(authors) IS 'first and last name';
CREATE FUNCTION rated_articles(author authors, min_rating integer DEFAULT 0) RETURNS SETOF articles
  LANGUAGE sql STABLE AS $$ SELECT * FROM articles WHERE author_id = author.id AND rating >= min_rating $$;
CREATE FUNCTION greeting(who authors, hasura_session json) RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT 'hello ' || who.first_name || ' from ' || coalesce(hasura_session ->> 'x-hasura-role', 'nobody') $$;
CREATE FUNCTION title_score(articles, weight integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT $1.rating * weight $$;
-- bad definitions
CREATE FUNCTION touch(authors) RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT 'x' $$;
CREATE FUNCTION no_row(integer) RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'x' $$;
CREATE FUNCTION no_args() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'x' $$;
CREATE FUNCTION as_record(authors) RETURNS record LANGUAGE sql STABLE AS $$ SELECT 1, 2 $$;
CREATE FUNCTION bad_session(authors, s text) RETURNS text LANGUAGE sql STABLE AS $$ SELECT s $$;
CREATE FUNCTION untracked_rows(authors) RETURNS SETOF pg_class LANGUAGE sql STABLE AS $$ SELECT * FROM pg_class LIMIT 0 $$;
CREATE FUNCTION twice(authors) RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'a' $$;
CREATE FUNCTION twice(articles) RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'b' $$;
SELECT graphgate.add_source('remote_db', format('host=%s port=%s dbname=cf_remote',
  current_setting('unix_socket_directories'), current_setting('port')));
SELECT graphgate.metadata('{"type": "bulk", "args": [
  {"type": "pg_track_table", "args": {"table": "authors"}},
  {"type": "pg_track_table", "args": {"table": "articles"}},
  {"type": "pg_track_table", "args": {"source": "remote_db", "table": "users"}},
  {"type": "pg_create_remote_relationship", "args": {"name": "user", "table": "authors",
     "definition": {"to_source": {"relationship_type": "object", "source": "remote_db", "table": "users",
                                  "field_mapping": {"user_id": "id"}}}}}]}');

-- adding them: a scalar, a SETOF with an argument of its own, one taking the session
SELECT graphgate.metadata('{"type": "bulk", "args": [
  {"type": "pg_add_computed_field", "args": {"table": "authors", "name": "full_name",
     "definition": {"function": "full_name"}}},
  {"type": "pg_add_computed_field", "args": {"table": "authors", "name": "rated_articles",
     "definition": {"function": {"schema": "public", "name": "rated_articles"}, "table_argument": "author"},
     "comment": "articles rated at least min_rating"}},
  {"type": "pg_add_computed_field", "args": {"table": "authors", "name": "greeting",
     "definition": {"function": "greeting", "session_argument": "hasura_session"}}},
  {"type": "pg_add_computed_field", "args": {"table": "articles", "name": "score",
     "definition": {"function": "title_score"}}},
  {"type": "pg_add_computed_field", "args": {"source": "remote_db", "table": "users", "name": "label",
     "definition": {"function": "user_label"}}}]}');

-- in the schema: fields with their arguments and descriptions, in where and order_by
SELECT jsonb_pretty(graphgate.graphql('{ __type(name: "authors") { fields { name description args { name type { name kind ofType { name } } } } } }')::jsonb);
SELECT jsonb_pretty(graphgate.graphql('{ __type(name: "title_score_args") { inputFields { name type { kind ofType { name } } } } }')::jsonb);
SELECT graphgate.graphql('{ __type(name: "authors_bool_exp") { inputFields { name } } }');
SELECT graphgate.graphql('{ __type(name: "authors_order_by") { inputFields { name } } }');

-- a scalar computed field selected, in where and in order_by
SELECT jsonb_pretty(graphgate.graphql('{ authors(where: {full_name: {_nlike: "%Austen"}}, order_by: {full_name: desc}) { id full_name } }')::jsonb);
-- a SETOF computed field with its own argument, where and limit; the rows' computed field with args
SELECT jsonb_pretty(graphgate.graphql('{ authors(order_by: {id: asc}) { id
    rated_articles(args: {min_rating: 3}, where: {title: {_nlike: "P%"}}, order_by: {rating: desc}, limit: 1) { title rating score(args: {weight: 10}) }
    all: rated_articles(order_by: {id: asc}) { id } } }')::jsonb);
-- arguments from variables; the session as json
SELECT graphgate.graphql('query ($min: Int!) { authors_by_pk(id: 2) { rated_articles(args: {min_rating: $min}) { title } } }',
                         '{"min": 5}');
SELECT graphgate.graphql('{ authors(where: {id: {_eq: 1}}) { greeting } }', session => '{"x-hasura-role": "admin"}');
-- a required argument left out is GraphQL's error
SELECT graphgate.graphql('{ articles(limit: 1) { score } }');
-- on a remote source's table: computed there, in where and order_by, and across the remote relationship
SELECT graphgate.graphql('{ users(where: {label: {_like: "%, A%"}}, order_by: {label: asc}) { id label } }');
SELECT graphgate.graphql('{ authors(order_by: {id: asc}) { id user { label } } }');

-- bad definitions, with Hasura's codes and messages
SELECT graphgate.metadata('{"type": "pg_add_computed_field", "args": {"table": "authors", "name": "t", "definition": {"function": "touch"}}}');
SELECT graphgate.metadata('{"type": "pg_add_computed_field", "args": {"table": "authors", "name": "t", "definition": {"function": "no_row"}}}');
SELECT graphgate.metadata('{"type": "pg_add_computed_field", "args": {"table": "authors", "name": "t", "definition": {"function": "no_args"}}}');
SELECT graphgate.metadata('{"type": "pg_add_computed_field", "args": {"table": "authors", "name": "t", "definition": {"function": "as_record"}}}');
SELECT graphgate.metadata('{"type": "pg_add_computed_field", "args": {"table": "authors", "name": "t", "definition": {"function": "bad_session", "session_argument": "s"}}}');
SELECT graphgate.metadata('{"type": "pg_add_computed_field", "args": {"table": "authors", "name": "t", "definition": {"function": "untracked_rows"}}}');
SELECT graphgate.metadata('{"type": "pg_add_computed_field", "args": {"table": "articles", "name": "t", "definition": {"function": "full_name"}}}');
SELECT graphgate.metadata('{"type": "pg_add_computed_field", "args": {"table": "authors", "name": "t", "definition": {"function": "full_name", "table_argument": "nope"}}}');
SELECT graphgate.metadata('{"type": "pg_add_computed_field", "args": {"table": "authors", "name": "t", "definition": {"function": "twice"}}}');
SELECT graphgate.metadata('{"type": "pg_add_computed_field", "args": {"table": "authors", "name": "t", "definition": {"function": "no_such"}}}');
SELECT graphgate.metadata('{"type": "pg_add_computed_field", "args": {"table": "authors", "name": "first_name", "definition": {"function": "full_name"}}}');
SELECT graphgate.metadata('{"type": "pg_add_computed_field", "args": {"table": "authors", "name": "bad name", "definition": {"function": "full_name"}}}');
SELECT graphgate.metadata('{"type": "pg_add_computed_field", "args": {"table": "nobody", "name": "t", "definition": {"function": "full_name"}}}');
SELECT graphgate.metadata('{"type": "pg_add_computed_field", "args": {"table": "authors", "name": "t", "definition": {}}}');
SELECT graphgate.metadata('{"type": "pg_drop_computed_field", "args": {"table": "authors", "name": "nope"}}');

-- roles: a role sees a computed field if it may run the function and read every column
CREATE ROLE cf_reader;
GRANT SELECT ON authors, articles TO cf_reader;
REVOKE EXECUTE ON FUNCTION greeting(authors, json) FROM PUBLIC;
SELECT graphgate.graphql('{ __type(name: "authors") { fields { name } } }', session => '{"x-hasura-role": "cf_reader"}');
REVOKE SELECT ON authors FROM cf_reader;
GRANT SELECT (id, first_name) ON authors TO cf_reader;
SELECT graphgate.graphql('{ __type(name: "authors") { fields { name } } }', session => '{"x-hasura-role": "cf_reader"}');

-- export keeps them, a replace from the export gives them back; drop removes one
SELECT jsonb_pretty(t -> 'computed_fields') FROM jsonb_array_elements(graphgate.metadata('{"type": "export_metadata", "args": {}}') -> 'sources') s,
       jsonb_array_elements(s -> 'tables') t WHERE t ? 'computed_fields' ORDER BY t -> 'table' ->> 'name';
BEGIN;
CREATE TEMP TABLE exported ON COMMIT DROP AS SELECT graphgate.metadata('{"type": "export_metadata", "args": {}}') AS doc;
SELECT graphgate.metadata('{"type": "replace_metadata", "args": {"version": 3, "sources": []}}');
SELECT graphgate.graphql('{ authors { full_name } }') -> 'errors' -> 0 ->> 'message' AS gone;
SELECT graphgate.metadata(jsonb_build_object('type', 'replace_metadata', 'args', doc)) FROM exported;
SELECT graphgate.graphql('{ authors(order_by: {full_name: desc}, limit: 1) { full_name rated_articles(args: {min_rating: 5}) { title } user { label } } }');
SELECT (SELECT doc FROM exported) = graphgate.metadata('{"type": "export_metadata", "args": {}}') AS same_export;
ROLLBACK;
SELECT graphgate.metadata('{"type": "pg_drop_computed_field", "args": {"table": "authors", "name": "greeting"}}');
SELECT graphgate.graphql('{ authors { greeting } }');

\c contrib_regression
DROP DATABASE cf_main WITH (FORCE);
DROP DATABASE cf_remote WITH (FORCE);
DROP ROLE cf_reader;
