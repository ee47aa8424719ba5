-- Data of test/bench/graphql_vs_sql.sh: the schema of the GraphQL tests' fixture
-- (sql/fixtures/gql.sql), filled with generate_series.  Deterministic (hashint4, no random()),
-- so every run reads the same rows.  psql variables: authors, articles, comments (row counts).
CREATE EXTENSION graphgate CASCADE;

CREATE TABLE authors (
    id integer PRIMARY KEY,
    name text NOT NULL,
    email text,
    rating numeric(3,1),
    joined timestamptz NOT NULL,
    profile jsonb
);
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

INSERT INTO authors
SELECT i,
       'author ' || i,
       CASE WHEN i % 7 = 0 THEN NULL ELSE 'author' || i || '@example.com' END,
       CASE WHEN i % 11 = 0 THEN NULL ELSE (abs(hashint4(i)) % 51) / 10.0 END,
       timestamptz '2018-01-01 00:00:00+00' + (abs(hashint4(i + 1)) % 2000) * interval '1 day',
       CASE WHEN i % 3 = 0 THEN NULL ELSE jsonb_build_object('city', 'city ' || (i % 40), 'langs', jsonb_build_array('en')) END
FROM generate_series(1, :authors) i;

-- about ten articles an author (unevenly), a few without author; three quarters published
INSERT INTO articles
SELECT i,
       CASE WHEN i % 97 = 0 THEN NULL ELSE 1 + abs(hashint4(i)) % :authors END,
       'article ' || i,
       CASE WHEN i % 5 = 0 THEN NULL ELSE repeat('lorem ipsum ', 1 + i % 20) END,
       abs(hashint4(i + 7)) % 100000,
       i % 4 <> 0,
       CASE WHEN i % 4 <> 0 THEN timestamptz '2019-01-01 00:00:00+00' + (abs(hashint4(i + 3)) % 100000) * interval '10 minutes' END
FROM generate_series(1, :articles) i;

-- about three comments an article (unevenly: some have none)
INSERT INTO comments
SELECT i,
       1 + abs(hashint4(i)) % :articles,
       CASE WHEN i % 13 = 0 THEN NULL ELSE 1 + abs(hashint4(i + 5)) % :authors END,
       'comment ' || i,
       CASE WHEN i % 9 = 0 THEN NULL ELSE abs(hashint4(i + 11)) % 50 END
FROM generate_series(1, :comments) i;

-- the indexes anyone serving these relationships would have (foreign keys are not indexed)
CREATE INDEX ON articles (author_id);
CREATE INDEX ON comments (article_id);
CREATE INDEX ON articles (views);

DO $$
DECLARE r jsonb := graphgate.metadata('{"type": "bulk", "args": [
  {"type": "pg_track_table", "args": {"table": "authors"}},
  {"type": "pg_track_table", "args": {"table": "articles"}},
  {"type": "pg_track_table", "args": {"table": "comments"}},
  {"type": "pg_create_object_relationship", "args": {"table": "articles", "name": "author", "using": {"foreign_key_constraint_on": "author_id"}}},
  {"type": "pg_create_array_relationship", "args": {"table": "authors", "name": "articles", "using": {"foreign_key_constraint_on": {"table": "articles", "column": "author_id"}}}},
  {"type": "pg_create_array_relationship", "args": {"table": "articles", "name": "comments", "using": {"foreign_key_constraint_on": {"table": "comments", "column": "article_id"}}}},
  {"type": "pg_create_object_relationship", "args": {"table": "comments", "name": "commenter", "using": {"foreign_key_constraint_on": "author_id"}}}
]}');
BEGIN
  IF jsonb_typeof(r) <> 'array'
     OR EXISTS (SELECT FROM jsonb_array_elements(r) e WHERE e ->> 'message' IS DISTINCT FROM 'success') THEN RAISE EXCEPTION 'tracking failed: %', r; END IF;
END $$;

VACUUM ANALYZE authors, articles, comments;
