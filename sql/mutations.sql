-- Mutations (issue 15, design §11): Hasura's root fields per table and role, run as one
-- statement of data-modifying CTEs per field, in document order in one transaction, with
-- Hasura's errors.
CREATE DATABASE mutations;
\c mutations
CREATE TABLE authors (id serial PRIMARY KEY, name text NOT NULL UNIQUE, rating integer DEFAULT 0 CHECK (rating < 100),
                      info jsonb DEFAULT '{}', email text, active boolean DEFAULT true);
CREATE UNIQUE INDEX authors_active_email ON authors (email) WHERE active;
CREATE TABLE articles (id serial PRIMARY KEY, author_id integer REFERENCES authors (id), title text NOT NULL,
                       published date);
CREATE EXTENSION graphgate CASCADE;
SELECT graphgate.track_table('default', 'authors');
SELECT graphgate.track_table('default', 'articles');
SELECT graphgate.create_object_relationship('default', 'articles', 'author', '{"foreign_key_constraint_on": "author_id"}');
SELECT graphgate.create_array_relationship('default', 'authors', 'articles',
  '{"foreign_key_constraint_on": {"table": "articles", "column": "author_id"}}');

-- the root fields and the conflict targets: the constraints, and the partial unique index
SELECT graphgate.graphql('{ __schema { mutationType { name fields { name args { name } } } } }');
SELECT graphgate.graphql('{ __type(name: "authors_constraint") { enumValues { name } } }');

-- insert: objects supplying different columns (each omitted column takes its default),
-- returning in the objects' order
SELECT graphgate.graphql('mutation { insert_authors(objects: [{name: "Ann", email: "ann@x"}, {name: "Ben", rating: 3}, {name: "Cy", email: "cy@x"}]) { affected_rows returning { name rating email } } }');
SELECT graphgate.graphql('mutation { insert_authors_one(object: {name: "Dee"}) { __typename name rating } }');
-- returning with local relationships reads the rows the write made (a second statement)
SELECT graphgate.graphql('mutation { insert_articles(objects: [{author_id: 1, title: "one"}, {author_id: 1, title: "two"}]) { affected_rows returning { title author { name articles(order_by: {id: asc}) { title } } } } }');
SELECT graphgate.graphql('mutation { insert_articles_one(object: {author_id: 2, title: "three"}) { id author { name } } }');

-- update with every operator
UPDATE authors SET info = '{"a": 1, "b": [1, 2, 3], "c": {"d": 1, "e": 2}}' WHERE id = 1;
SELECT graphgate.graphql('mutation { update_authors(where: {id: {_eq: 1}}, _set: {email: "ann@y"}, _inc: {rating: 5}, _append: {info: {z: 1}}) { affected_rows returning { email rating info } } }');
SELECT graphgate.graphql('mutation { update_authors(where: {id: {_eq: 1}}, _prepend: {info: {y: 0}}) { returning { info } } }');
SELECT graphgate.graphql('mutation { update_authors(where: {id: {_eq: 1}}, _delete_key: {info: "a"}) { returning { info } } }');
SELECT graphgate.graphql('mutation { update_authors(where: {id: {_eq: 1}}, _delete_at_path: {info: ["c", "d"]}) { returning { info } } }');
UPDATE authors SET info = '["p", "q", "r"]' WHERE id = 2;
SELECT graphgate.graphql('mutation { update_authors(where: {id: {_eq: 2}}, _delete_elem: {info: 1}) { returning { info } } }');
SELECT graphgate.graphql('mutation { update_authors_by_pk(pk_columns: {id: 2}, _set: {rating: 9}) { id rating } }');
SELECT graphgate.graphql('mutation { update_authors_by_pk(pk_columns: {id: 99}, _set: {rating: 9}) { id rating } }');
-- variables: an operator's object, the key, whole objects
SELECT graphgate.graphql('mutation ($pk: authors_pk_columns_input!, $set: authors_set_input) { update_authors_by_pk(pk_columns: $pk, _set: $set) { id email } }',
  '{"pk": {"id": 3}, "set": {"email": "cy@z"}}');
-- (returning has no order of its own: each update's rows sorted here)
SELECT jsonb_agg(jsonb_build_object('affected_rows', u -> 'affected_rows', 'returning',
                 (SELECT jsonb_agg(r ORDER BY (r ->> 'id')::int) FROM jsonb_array_elements(u -> 'returning') r)) ORDER BY n)
FROM jsonb_array_elements(graphgate.graphql('mutation { update_authors_many(updates: [{where: {id: {_eq: 1}}, _set: {rating: 1}}, {where: {id: {_gt: 1}}, _inc: {rating: 1}}]) { affected_rows returning { id rating } } }')::jsonb #> '{data,update_authors_many}') WITH ORDINALITY AS m(u, n);
-- an update without operators changes nothing, as Hasura's
SELECT graphgate.graphql('mutation { update_authors(where: {}) { affected_rows returning { id } } }');
SELECT graphgate.graphql('mutation { update_authors_by_pk(pk_columns: {id: 1}) { id } }');

-- delete
SELECT graphgate.graphql('mutation { delete_articles(where: {title: {_eq: "two"}}) { affected_rows returning { title author { name } } } }');
SELECT graphgate.graphql('mutation { delete_articles_by_pk(id: 3) { title } }');
SELECT graphgate.graphql('mutation { delete_articles_by_pk(id: 3) { title } }');

-- upserts: on a constraint, on the partial unique index, DO NOTHING
SELECT graphgate.graphql('mutation { insert_authors(objects: [{name: "Ben", rating: 50}, {name: "Eve"}], on_conflict: {constraint: authors_name_key, update_columns: [rating]}) { affected_rows returning { name rating } } }');
SELECT graphgate.graphql('mutation { insert_authors(objects: [{name: "Ann2", email: "ann@y"}], on_conflict: {constraint: authors_active_email, update_columns: [name]}) { affected_rows returning { id name email } } }');
SELECT graphgate.graphql('mutation { insert_authors(objects: [{name: "Eve", rating: 7}], on_conflict: {constraint: authors_name_key, update_columns: []}) { affected_rows returning { name rating } } }');
SELECT graphgate.graphql('mutation { insert_authors(objects: [{name: "Eve", rating: 7}], on_conflict: {constraint: authors_name_key, update_columns: [rating], where: {rating: {_gt: 10}}}) { affected_rows } }');
SELECT id, name, rating, email, info FROM authors ORDER BY id;

-- a response of more fields than json_build_object takes arguments (100) keeps them all
SELECT (SELECT count(*) FROM json_object_keys(r -> 'data' -> 'update_authors')) AS keys,
       r -> 'data' -> 'update_authors' -> 'a60' AS a60
FROM (SELECT graphgate.graphql('mutation { update_authors(where: {id: {_eq: 1}}, _inc: {rating: 0}) { ' ||
                               string_agg('a' || i || ': affected_rows', ' ') || ' } }') AS r
      FROM generate_series(1, 60) i) q;

-- several fields run in document order, each seeing the writes before it
SELECT graphgate.graphql('mutation { a: insert_authors_one(object: {name: "Fay"}) { name } b: update_authors(where: {name: {_eq: "Fay"}}, _set: {rating: 4}) { affected_rows } c: delete_authors(where: {name: {_eq: "Fay"}}) { returning { rating } } }');
-- the second fails: the first is rolled back too
SELECT graphgate.graphql('mutation { a: insert_authors_one(object: {name: "Gil"}) { name } b: insert_authors_one(object: {name: "Ann2"}) { name } }');
SELECT count(*) AS gil FROM authors WHERE name = 'Gil';

-- errors, each with Hasura's code, message and path; nothing is written
SELECT graphgate.graphql('mutation { insert_articles(objects: [{author_id: 1, title: "ok"}, {author_id: 42, title: "x"}]) { affected_rows } }');
SELECT graphgate.graphql('mutation { insert_articles(objects: [{author_id: 1}]) { affected_rows } }');
SELECT graphgate.graphql('mutation { insert_authors_one(object: {name: "Hal", rating: 100}) { id } }');
SELECT graphgate.graphql('mutation { update_authors(where: {id: {_eq: 1}}, _inc: {rating: 2147483647}) { affected_rows } }');
SELECT graphgate.graphql('mutation { insert_articles_one(object: {title: "d", published: "2024-13-45"}) { id } }');
SELECT graphgate.graphql('mutation { delete_authors(where: {id: {_eq: 1}}) { affected_rows } }');
SELECT graphgate.graphql('mutation { insert_authors(objects: [{name: "Hal"}], on_conflict: {constraint: no_such_key, update_columns: []}) { affected_rows } }');
SELECT graphgate.graphql('mutation { update_authors(where: {}, _set: {rating: 1}, _inc: {rating: 1}) { affected_rows } }');
SELECT count(*) AS articles FROM articles;

-- a role with INSERT on some columns only, and an RLS WITH CHECK policy on a session variable
CREATE ROLE mut_writer;
GRANT mut_writer TO CURRENT_USER;
GRANT SELECT (id, author_id, title) ON articles TO mut_writer;
GRANT INSERT (author_id, title) ON articles TO mut_writer;
GRANT UPDATE (title) ON articles TO mut_writer;
GRANT USAGE ON SEQUENCE articles_id_seq TO mut_writer;
ALTER TABLE articles ENABLE ROW LEVEL SECURITY;
CREATE POLICY writer_sees ON articles FOR SELECT TO mut_writer USING (true);
CREATE POLICY writer_inserts ON articles FOR INSERT TO mut_writer
  WITH CHECK (author_id::text = current_setting('hasura.user', true)::jsonb ->> 'x-hasura-user-id');
CREATE POLICY writer_updates ON articles FOR UPDATE TO mut_writer USING (true)
  WITH CHECK (author_id::text = current_setting('hasura.user', true)::jsonb ->> 'x-hasura-user-id');
SELECT graphgate.graphql('{ __type(name: "articles_insert_input") { inputFields { name } } }', NULL, NULL, '{"x-hasura-role": "mut_writer"}');
SELECT graphgate.graphql('{ __type(name: "articles_set_input") { inputFields { name } } }', NULL, NULL, '{"x-hasura-role": "mut_writer"}');
SELECT graphgate.graphql('{ __schema { mutationType { fields { name } } } }', NULL, NULL, '{"x-hasura-role": "mut_writer"}');
SELECT graphgate.graphql('mutation { insert_articles(objects: [{author_id: 1, title: "mine"}]) { affected_rows returning { title } } }',
  NULL, NULL, '{"x-hasura-role": "mut_writer", "x-hasura-user-id": "1"}');
SELECT graphgate.graphql('mutation { insert_articles(objects: [{author_id: 2, title: "not mine"}]) { affected_rows } }',
  NULL, NULL, '{"x-hasura-role": "mut_writer", "x-hasura-user-id": "1"}');
SELECT graphgate.graphql('mutation { insert_articles_one(object: {title: "x", published: "2024-01-01"}) { id } }',
  NULL, NULL, '{"x-hasura-role": "mut_writer", "x-hasura-user-id": "1"}');
-- a role's errors carry no Postgres detail (it could show other rows' values)
SELECT graphgate.graphql('mutation { insert_articles_one(object: {author_id: 1}) { id } }',
  NULL, NULL, '{"x-hasura-role": "mut_writer", "x-hasura-user-id": "1"}');
SELECT title FROM articles ORDER BY id;
-- a role that may write nothing has no mutation root
CREATE ROLE mut_reader;
GRANT mut_reader TO CURRENT_USER;
GRANT SELECT ON authors TO mut_reader;
SELECT graphgate.graphql('{ __schema { mutationType { name } } }', NULL, NULL, '{"x-hasura-role": "mut_reader"}');
SELECT graphgate.graphql('mutation { delete_authors(where: {}) { affected_rows } }', NULL, NULL, '{"x-hasura-role": "mut_reader"}');

-- objects as one jsonb parameter: 10,000 rows in one insert, and one saved plan for any count
TRUNCATE articles;
SELECT (graphgate.cache_stats() ->> 'misses')::int AS misses_before \gset
SELECT graphgate.graphql('mutation ($rows: [articles_insert_input!]!) { insert_articles(objects: $rows) { affected_rows } }',
  jsonb_build_object('rows', (SELECT jsonb_agg(jsonb_build_object('author_id', 1, 'title', 't' || i)) FROM generate_series(1, 10000) i)));
SELECT graphgate.graphql('mutation ($rows: [articles_insert_input!]!) { insert_articles(objects: $rows) { affected_rows } }',
  '{"rows": [{"author_id": 2, "title": "a"}, {"author_id": 2, "title": "b"}]}');
SELECT (graphgate.cache_stats() ->> 'misses')::int - :misses_before AS compiled;
SELECT count(*), count(DISTINCT title) FROM articles;

-- explain shows each statement: returning reads the table written, so the output is a second
-- statement over the rows the first returned
SELECT line FROM regexp_split_to_table(graphgate.explain(
  'mutation { insert_articles_one(object: {author_id: 1, title: "e"}) { id author { articles_aggregate { aggregate { count } } } } }'), '\n') AS line
WHERE line LIKE '-- %' OR line LIKE 'WITH %' OR line LIKE 'SELECT %';

-- the objects travel as json text (json_to_recordset), so a json column keeps the value as
-- graphgate wrote it (compact, its keys in the order given); a jsonb column normalizes it
CREATE TABLE notes (id serial PRIMARY KEY, body json, doc jsonb);
SELECT graphgate.track_table('default', 'notes');
SELECT graphgate.graphql('mutation ($d: jsonb) { insert_notes(objects: [{body: {z: 1, a: [true, null, "x y"]}, doc: $d}, {body: "s"}]) { returning { body doc } } }',
  '{"d": {"z": 1, "a": 2.50}}');
SELECT body::text, doc::text FROM notes ORDER BY id;

\c contrib_regression
DROP DATABASE mutations WITH (FORCE);
DROP ROLE mut_writer;
DROP ROLE mut_reader;
