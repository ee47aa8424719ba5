-- SQL functions as root fields (pg_track_function, pg_untrack_function, Hasura's shape): a STABLE
-- or IMMUTABLE function returning SETOF a tracked table is a query field with `args` and the
-- table's where/order_by/limit/offset/distinct_on, and <name>_aggregate; a VOLATILE one is a
-- mutation field returning the rows; custom names and the session argument from the
-- configuration; the returned rows' relationships, remote ones too; functions of a remote source
-- run there; Hasura's errors; kept by export/replace.
CREATE DATABASE tf_remote;
CREATE DATABASE tf_main;
\c tf_remote
CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, karma integer NOT NULL);
INSERT INTO users VALUES (1, 'Ada', 10), (2, 'Alan', 30), (3, 'Grace', 20), (4, 'Edsger', 5);
CREATE FUNCTION karma_at_least(min integer) RETURNS SETOF users LANGUAGE sql STABLE
  AS $$ SELECT * FROM public.users WHERE karma >= min $$;  -- a remote session searches pg_catalog only
CREATE FUNCTION bump_karma() RETURNS SETOF users LANGUAGE sql VOLATILE AS $$ UPDATE users SET karma = karma + 1 RETURNING * $$;
\c tf_main
CREATE EXTENSION graphgate CASCADE;
CREATE TABLE articles (id integer PRIMARY KEY, author_id integer, title text NOT NULL, rating integer NOT NULL);
INSERT INTO articles VALUES (1, 1, 'Notes on the Analytical Engine', 5), (2, 2, 'Computing Machinery', 5),
                            (3, 2, 'On Computable Numbers', 4), (4, 3, 'COBOL', 3), (5, 4, 'Goto Considered Harmful', 4);
CREATE TABLE tags (article_id integer REFERENCES articles, tag text, PRIMARY KEY (article_id, tag));
INSERT INTO tags VALUES (1, 'math'), (2, 'ai'), (3, 'math'), (5, 'style');
CREATE FUNCTION search_articles(search text, min_rating integer DEFAULT 0) RETURNS SETOF articles
  LANGUAGE sql STABLE AS $$ SELECT * FROM articles WHERE title ILIKE '%' || search || '%' AND rating >= min_rating $$;
COMMENT ON FUNCTION search_articles(text, integer) IS 'articles whose title has the text';
CREATE FUNCTION my_articles(hasura_session json) RETURNS SETOF articles LANGUAGE sql STABLE
  AS $$ SELECT * FROM articles WHERE author_id = (hasura_session ->> 'x-hasura-user-id')::integer $$;
CREATE FUNCTION top_articles() RETURNS SETOF articles LANGUAGE sql IMMUTABLE AS $$ SELECT * FROM articles WHERE rating = 5 $$;
CREATE FUNCTION rate_up(article integer) RETURNS SETOF articles LANGUAGE sql VOLATILE
  AS $$ UPDATE articles SET rating = rating + 1 WHERE id = article RETURNING * $$;
-- bad definitions
CREATE FUNCTION one_number() RETURNS integer LANGUAGE sql STABLE AS $$ SELECT 1 $$;
CREATE FUNCTION one_article() RETURNS articles LANGUAGE sql STABLE AS $$ SELECT * FROM articles LIMIT 1 $$;
CREATE FUNCTION some_records() RETURNS SETOF record LANGUAGE sql STABLE AS $$ SELECT 1, 2 $$;
CREATE FUNCTION many(VARIADIC ids integer[]) RETURNS SETOF articles LANGUAGE sql STABLE AS $$ SELECT * FROM articles WHERE id = ANY (ids) $$;
CREATE FUNCTION bad_session(s text) RETURNS SETOF articles LANGUAGE sql STABLE AS $$ SELECT * FROM articles $$;
CREATE FUNCTION tags_of() RETURNS SETOF tags LANGUAGE sql STABLE AS $$ SELECT * FROM tags $$;
SELECT graphgate.add_source('remote_db', format('host=%s port=%s dbname=tf_remote',
  current_setting('unix_socket_directories'), current_setting('port')));
SELECT graphgate.metadata('{"type": "bulk", "args": [
  {"type": "pg_track_table", "args": {"table": "articles"}},
  {"type": "pg_track_table", "args": {"table": "tags"}},
  {"type": "pg_track_table", "args": {"source": "remote_db", "table": "users"}},
  {"type": "pg_create_array_relationship", "args": {"table": "articles", "name": "tags",
     "using": {"foreign_key_constraint_on": {"table": "tags", "column": "article_id"}}}},
  {"type": "pg_create_remote_relationship", "args": {"name": "author", "table": "articles",
     "definition": {"to_source": {"relationship_type": "object", "source": "remote_db", "table": "users",
                                  "field_mapping": {"author_id": "id"}}}}},
  {"type": "pg_create_remote_relationship", "args": {"name": "articles", "source": "remote_db", "table": "users",
     "definition": {"to_source": {"relationship_type": "array", "source": "tf_main", "table": "articles",
                                  "field_mapping": {"id": "author_id"}}}}}]}');

-- tracking: arguments with a default, the session, custom names, a volatile one (a mutation),
-- one of the remote source
SELECT graphgate.metadata('{"type": "bulk", "args": [
  {"type": "pg_track_function", "args": {"function": "search_articles"}},
  {"type": "pg_track_function", "args": {"function": {"schema": "public", "name": "my_articles"},
     "configuration": {"session_argument": "hasura_session"}}},
  {"type": "pg_track_function", "args": {"function": "top_articles",
     "configuration": {"custom_name": "best", "custom_root_fields": {"function_aggregate": "bestStats"}}}},
  {"type": "pg_track_function", "args": {"function": "rate_up"}},
  {"type": "pg_track_function", "args": {"source": "remote_db", "function": "karma_at_least"}}]}');

-- the root fields and their arguments
SELECT f ->> 'name' AS field, f ->> 'description' AS description,
       (SELECT string_agg(a ->> 'name', ', ') FROM jsonb_array_elements(f -> 'args') a) AS args
FROM jsonb_array_elements(graphgate.graphql('{ __schema { queryType { fields { name description args { name } } } } }')::jsonb
  -> 'data' -> '__schema' -> 'queryType' -> 'fields') f
WHERE f ->> 'name' ~ '^(search|my_|best|karma)';
SELECT f AS rate_up FROM jsonb_array_elements(graphgate.graphql('{ __schema { mutationType { fields { name description args { name } type { kind ofType { kind ofType { kind ofType { name } } } } } } } }')::jsonb
  -> 'data' -> '__schema' -> 'mutationType' -> 'fields') f WHERE f ->> 'name' = 'rate_up';
SELECT graphgate.graphql('{ __type(name: "search_articles_args") { inputFields { name type { kind name ofType { name } } } } }');

-- a function with arguments, the table's arguments, the rows' relationships (local and remote)
SELECT jsonb_pretty(graphgate.graphql('{ search_articles(args: {search: "comput"}, where: {rating: {_gte: 4}}, order_by: {id: desc}) {
    id title tags { tag } author { name } } }')::jsonb);
SELECT graphgate.graphql('{ search_articles(args: {search: "o", min_rating: 4}, order_by: {rating: asc}, limit: 2, offset: 1) { id rating } }');
SELECT graphgate.graphql('{ search_articles(args: {search: "o"}, distinct_on: [rating], order_by: [{rating: desc}, {id: asc}]) { id rating } }');
SELECT graphgate.graphql('query ($s: String!) { search_articles(args: {search: $s}) { id } }', '{"s": "on"}');
-- and its aggregate
SELECT jsonb_pretty(graphgate.graphql('{ search_articles_aggregate(args: {search: "o"}, where: {rating: {_lt: 5}}) {
    aggregate { count max { rating } avg { rating } } nodes { id } } }')::jsonb);
-- custom names; the session argument; a required argument left out
SELECT graphgate.graphql('{ best(order_by: {id: asc}) { id } bestStats { aggregate { count } } }');
SELECT graphgate.graphql('{ my_articles { id title } }', session => '{"x-hasura-role": "admin", "x-hasura-user-id": "2"}');
SELECT graphgate.graphql('{ search_articles { id } }');
-- a function of the remote source runs there; its rows' remote relationship back here
SELECT graphgate.graphql('{ karma_at_least(args: {min: 15}, order_by: {karma: desc}) { name karma articles(order_by: {id: asc}) { title } } }');
SELECT graphgate.graphql('{ karma_at_least_aggregate(args: {min: 6}) { aggregate { count sum { karma } } } }');

-- the volatile function is a mutation: it runs once and returns its rows (the table's arguments
-- apply to them); undone with the transaction
BEGIN;
SELECT graphgate.graphql('mutation { rate_up(args: {article: 4}) { id rating tags { tag } author { name } } }');
SELECT graphgate.graphql('mutation ($a: Int!) { rate_up(args: {article: $a}, where: {rating: {_gt: 100}}) { id } }', '{"a": 4}');
SELECT rating FROM articles WHERE id = 4;
ROLLBACK;
SELECT graphgate.graphql('{ rate_up(args: {article: 4}) { id } }') -> 'errors' -> 0 ->> 'message' AS not_a_query;

-- bad definitions, with Hasura's codes and messages
SELECT graphgate.metadata('{"type": "pg_track_function", "args": {"function": "one_number"}}');
SELECT graphgate.metadata('{"type": "pg_track_function", "args": {"function": "one_article"}}');
SELECT graphgate.metadata('{"type": "pg_track_function", "args": {"function": "some_records"}}');
SELECT graphgate.metadata('{"type": "pg_track_function", "args": {"function": "many"}}');
SELECT graphgate.metadata('{"type": "pg_track_function", "args": {"function": "bad_session", "configuration": {"session_argument": "s"}}}');
SELECT graphgate.metadata('{"type": "pg_track_function", "args": {"function": "bad_session", "configuration": {"session_argument": "nope"}}}');
SELECT graphgate.metadata('{"type": "pg_track_function", "args": {"function": "no_such"}}');
SELECT graphgate.metadata('{"type": "pg_track_function", "args": {"function": "search_articles"}}');
SELECT graphgate.metadata('{"type": "pg_track_function", "args": {"function": "top_articles", "configuration": {"exposed_as": "both"}}}');
SELECT graphgate.metadata('{"type": "pg_track_function", "args": {"source": "remote_db", "function": "bump_karma"}}');
SELECT graphgate.metadata('{"type": "pg_untrack_function", "args": {"function": "no_such"}}');
BEGIN;
SELECT graphgate.metadata('{"type": "pg_untrack_table", "args": {"table": "tags", "cascade": true}}');
SELECT graphgate.metadata('{"type": "pg_track_function", "args": {"function": "tags_of"}}');
ROLLBACK;

-- export keeps them; a replace from the export gives them back; untrack removes one
SELECT jsonb_pretty(s -> 'functions') FROM jsonb_array_elements(graphgate.metadata('{"type": "export_metadata", "args": {}}') -> 'sources') s
 WHERE s ? 'functions' ORDER BY s ->> 'name';
BEGIN;
CREATE TEMP TABLE exported ON COMMIT DROP AS SELECT graphgate.metadata('{"type": "export_metadata", "args": {}}') AS doc;
SELECT graphgate.metadata('{"type": "replace_metadata", "args": {"version": 3, "sources": []}}');
SELECT graphgate.graphql('{ best { id } }') -> 'errors' -> 0 ->> 'message' AS gone;
SELECT graphgate.metadata(jsonb_build_object('type', 'replace_metadata', 'args', doc)) FROM exported;
SELECT graphgate.graphql('{ best(order_by: {id: asc}) { id author { name } } karma_at_least(args: {min: 25}) { name } }');
SELECT (SELECT doc FROM exported) = graphgate.metadata('{"type": "export_metadata", "args": {}}') AS same_export;
ROLLBACK;
SELECT graphgate.metadata('{"type": "pg_untrack_function", "args": {"function": {"schema": "public", "name": "top_articles"}}}');
SELECT graphgate.graphql('{ best { id } }') -> 'errors' -> 0 ->> 'message' AS untracked;

\c contrib_regression
DROP DATABASE tf_main WITH (FORCE);
DROP DATABASE tf_remote WITH (FORCE);
