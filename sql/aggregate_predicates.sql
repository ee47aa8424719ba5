-- Aggregate predicates in where: <arrayrel>_aggregate: {count: {arguments, distinct, filter,
-- predicate}}, over local array relationships, within a remote source, and (beyond Hasura) over
-- remote array relationships into another database.
CREATE DATABASE ap_remote;
CREATE DATABASE ap_main;
\c ap_remote
CREATE TABLE reviews (id integer PRIMARY KEY, book_id integer, stars integer, reviewer text);
INSERT INTO reviews VALUES (1, 1, 5, 'ann'), (2, 1, 4, 'ann'), (3, 1, 2, 'bob'), (4, 2, 5, 'cy'), (5, 4, 1, NULL);
CREATE TABLE reviewers (name text PRIMARY KEY);
INSERT INTO reviewers VALUES ('ann'), ('bob'), ('cy'), ('dee');
\c ap_main
CREATE EXTENSION graphgate CASCADE;
CREATE TABLE authors (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE books (id integer PRIMARY KEY, author_id integer REFERENCES authors (id), title text NOT NULL, year integer);
INSERT INTO authors VALUES (1, 'Ada'), (2, 'Brian'), (3, 'Chloé');
INSERT INTO books VALUES (1, 1, 'One', 2001), (2, 1, 'Two', 2005), (3, 2, 'Three', 2010), (4, NULL, 'Four', 2012);
SELECT graphgate.add_source('reviews_db', format('host=%s port=%s dbname=ap_remote',
  current_setting('unix_socket_directories'), current_setting('port')));
SELECT graphgate.metadata('{"type": "bulk", "args": [
  {"type": "pg_track_table", "args": {"table": "authors"}},
  {"type": "pg_track_table", "args": {"table": "books", "configuration": {"column_config": {"year": {"custom_name": "published"}}}}},
  {"type": "pg_track_table", "args": {"source": "reviews_db", "table": "reviews"}},
  {"type": "pg_track_table", "args": {"source": "reviews_db", "table": "reviewers"}},
  {"type": "pg_create_array_relationship", "args": {"table": "authors", "name": "books",
     "using": {"foreign_key_constraint_on": {"table": "books", "column": "author_id"}}}},
  {"type": "pg_create_array_relationship", "args": {"source": "reviews_db", "table": "reviewers", "name": "reviews",
     "using": {"manual_configuration": {"remote_table": "reviews", "column_mapping": {"name": "reviewer"}}}}},
  {"type": "pg_create_remote_relationship", "args": {"name": "reviews", "table": "books",
     "definition": {"to_source": {"relationship_type": "array", "source": "reviews_db", "table": "reviews",
                                  "field_mapping": {"id": "book_id"}}}}},
  {"type": "pg_create_remote_relationship", "args": {"name": "books", "source": "reviews_db", "table": "reviews",
     "definition": {"to_source": {"relationship_type": "array", "source": "ap_main", "table": "books",
                                  "field_mapping": {"book_id": "id"}}}}}
]}');

SELECT graphgate.graphql('{ a: __type(name: "books_aggregate_bool_exp") { inputFields { name type { name } } }
                            c: __type(name: "books_aggregate_bool_exp_count") { inputFields { name type { kind name ofType { name } } } } }');
-- local: count(*), a filter, arguments with and without distinct (renamed columns), each operator
SELECT graphgate.graphql('{ authors(where: {books_aggregate: {count: {predicate: {_eq: 2}}}}) { name } }');
SELECT graphgate.graphql('{ authors(where: {books_aggregate: {count: {predicate: {_eq: 0}}}}) { name } }');
SELECT graphgate.graphql('{ authors(where: {books_aggregate: {count: {filter: {published: {_gt: 2003}}, predicate: {_gte: 1}}}}, order_by: {id: asc}) { name } }');
SELECT graphgate.graphql('{ authors(where: {books_aggregate: {count: {arguments: [published], distinct: true, predicate: {_in: [1, 2], _neq: 1}}}}) { name } }');
SELECT graphgate.graphql('query ($n: Int!) { authors(where: {_not: {books_aggregate: {count: {predicate: {_lt: $n}}}}}, order_by: {id: asc}) { name } }', '{"n": 1}');
-- remote array relationship from local rows: counted in the remote source per book, 0 without reviews
SELECT graphgate.graphql('{ books(where: {reviews_aggregate: {count: {predicate: {_gt: 0}}}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ books(where: {reviews_aggregate: {count: {predicate: {_eq: 0}}}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ books(where: {reviews_aggregate: {count: {arguments: [reviewer], distinct: true, filter: {stars: {_gte: 2}}, predicate: {_eq: 2}}}}) { id title } }');
SELECT graphgate.graphql('{ books(where: {reviews_aggregate: {count: {arguments: [reviewer], predicate: {_eq: 0}}}, title: {_neq: "Three"}}) { id } }');
-- nested: authors with a book that has at least two reviews of 4 stars or more, or none at all
SELECT graphgate.graphql('{ authors(where: {books: {_or: [{reviews_aggregate: {count: {filter: {stars: {_gte: 4}}, predicate: {_gte: 2}}}},
                                                        {reviews_aggregate: {count: {predicate: {_eq: 0}}}}]}}, order_by: {id: asc}) { name } }');
-- within the remote source: its own array relationship
SELECT graphgate.graphql('{ reviewers(where: {reviews_aggregate: {count: {predicate: {_gte: 1}, filter: {stars: {_lt: 5}}}}}, order_by: {name: asc}) { name } }');
SELECT graphgate.graphql('{ reviewers(where: {reviews_aggregate: {count: {predicate: {_eq: 0}}}}) { name } }');
-- rows of the remote source counting rows of another database: refused
SELECT graphgate.graphql('{ reviews(where: {books_aggregate: {count: {predicate: {_eq: 1}}}}) { id } }');

\c contrib_regression
DROP DATABASE ap_main WITH (FORCE);
DROP DATABASE ap_remote WITH (FORCE);
