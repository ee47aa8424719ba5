-- The fixture of the GraphQL tests: authors, articles, comments, tags (foreign keys, NULLs,
-- numeric, text, timestamptz, jsonb) and a table in a non-public schema.  Later gql_*
-- tests use it; gql_99_teardown drops it.
CREATE DATABASE gql;
\c gql
CREATE EXTENSION graphgate CASCADE;
CREATE TABLE authors (
    id integer PRIMARY KEY,
    name text NOT NULL,
    email text,
    rating numeric(3,1),
    joined timestamptz NOT NULL,
    profile jsonb
);
COMMENT ON TABLE authors IS 'People who write articles';
COMMENT ON COLUMN authors.rating IS 'Average review score';
CREATE TABLE articles (
    id integer PRIMARY KEY,
    author_id integer REFERENCES authors (id),
    title text NOT NULL,
    body text,
    views bigint NOT NULL DEFAULT 0,
    published boolean NOT NULL DEFAULT false,
    published_at timestamptz
);
CREATE TABLE comments (
    id integer PRIMARY KEY,
    article_id integer NOT NULL REFERENCES articles (id),
    author_id integer REFERENCES authors (id),
    body text NOT NULL,
    likes integer
);
CREATE TABLE tags (id integer PRIMARY KEY, label text NOT NULL UNIQUE);
CREATE TABLE article_tags (
    article_id integer REFERENCES articles (id),
    tag_id integer REFERENCES tags (id),
    PRIMARY KEY (article_id, tag_id)
);
CREATE SCHEMA crm;
CREATE TABLE crm.contacts (id integer PRIMARY KEY, author_id integer REFERENCES authors (id), phone text);

INSERT INTO authors VALUES
  (1, 'Ada', 'ada@example.com', 4.5, '2020-01-01 10:00:00+00', '{"langs": ["en", "fr"], "city": "Paris"}'),
  (2, 'Brian', NULL, 3.0, '2021-06-15 08:30:00+00', '{"langs": ["en"]}'),
  (3, 'Chloé', 'chloe@example.com', NULL, '2022-03-03 00:00:00+00', NULL),
  (4, 'Dmitri', 'dmitri@example.org', 4.5, '2019-12-31 23:59:59+00', '{"city": "Berlin"}');
INSERT INTO articles VALUES
  (10, 1, 'Analytical Engines', 'Notes on the engine', 1200, true, '2020-02-01 00:00:00+00'),
  (11, 1, 'Bernoulli Numbers', NULL, 300, true, '2020-03-01 00:00:00+00'),
  (12, 2, 'C Programming', 'K&R style', 5000000000, true, '2021-07-01 00:00:00+00'),
  (13, 2, 'Draft', NULL, 0, false, NULL),
  (14, 3, 'Élan vital', 'Bergson', 42, true, '2022-04-01 12:00:00+00'),
  (15, NULL, 'Anonymous', 'who?', 7, false, NULL);
INSERT INTO comments VALUES
  (100, 10, 2, 'Great read', 5), (101, 10, 3, 'Loved it', NULL), (102, 11, 4, 'Hmm', 1),
  (103, 12, 1, 'Classic', 10), (104, 12, NULL, 'anon says hi', 0), (105, 14, 1, 'Très bien', 3);
INSERT INTO tags VALUES (1, 'history'), (2, 'math'), (3, 'programming');
INSERT INTO article_tags VALUES (10, 1), (10, 2), (11, 2), (12, 3), (14, 1);
INSERT INTO crm.contacts VALUES (1, 1, '+33 1 23'), (2, 4, NULL);

SELECT graphgate.metadata('{"type": "bulk", "args": [
  {"type": "pg_track_table", "args": {"table": "authors"}},
  {"type": "pg_track_table", "args": {"table": "articles"}},
  {"type": "pg_track_table", "args": {"table": "comments"}},
  {"type": "pg_track_table", "args": {"table": "tags"}},
  {"type": "pg_track_table", "args": {"table": "article_tags"}},
  {"type": "pg_track_table", "args": {"table": {"schema": "crm", "name": "contacts"}}},
  {"type": "pg_create_object_relationship", "args": {"table": "articles", "name": "author", "using": {"foreign_key_constraint_on": "author_id"}}},
  {"type": "pg_create_array_relationship", "args": {"table": "authors", "name": "articles", "using": {"foreign_key_constraint_on": {"table": "articles", "column": "author_id"}}}},
  {"type": "pg_create_array_relationship", "args": {"table": "articles", "name": "comments", "using": {"foreign_key_constraint_on": {"table": "comments", "column": "article_id"}}}},
  {"type": "pg_create_object_relationship", "args": {"table": "comments", "name": "commenter", "using": {"foreign_key_constraint_on": "author_id"}}},
  {"type": "pg_create_array_relationship", "args": {"table": "articles", "name": "tags", "using": {"foreign_key_constraint_on": {"table": "article_tags", "column": "article_id"}}}},
  {"type": "pg_create_object_relationship", "args": {"table": "article_tags", "name": "tag", "using": {"foreign_key_constraint_on": "tag_id"}}},
  {"type": "pg_create_object_relationship", "args": {"table": {"schema": "crm", "name": "contacts"}, "name": "author", "using": {"foreign_key_constraint_on": "author_id"}}}
]}');
