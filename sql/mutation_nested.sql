-- Nested inserts through local object and array relationships: object relationships' targets
-- first, the rows, then array relationships' rows, in one statement; upserts that DO NOTHING still
-- link nested rows.
CREATE DATABASE mutation_nested;
\c mutation_nested
CREATE TABLE authors (id serial PRIMARY KEY, name text NOT NULL UNIQUE, rating integer DEFAULT 0);
CREATE TABLE articles (id serial PRIMARY KEY, author_id integer REFERENCES authors (id), title text NOT NULL);
CREATE TABLE comments (id serial PRIMARY KEY, article_id integer NOT NULL REFERENCES articles (id), body text);
CREATE EXTENSION graphgate CASCADE;
SELECT graphgate.track_table('default', 'authors');
SELECT graphgate.track_table('default', 'articles');
SELECT graphgate.track_table('default', 'comments');
SELECT graphgate.create_object_relationship('default', 'articles', 'author', '{"foreign_key_constraint_on": "author_id"}');
SELECT graphgate.create_array_relationship('default', 'authors', 'articles', '{"foreign_key_constraint_on": {"table": "articles", "column": "author_id"}}');
SELECT graphgate.create_array_relationship('default', 'articles', 'comments', '{"foreign_key_constraint_on": {"table": "comments", "column": "article_id"}}');
SELECT graphgate.graphql('mutation { insert_articles(objects: [{title: "a1", author: {data: {name: "Ann"}}}, {title: "a2", author: {data: {name: "Ben"}}, comments: {data: [{body: "c1"}, {body: "c2"}]}}]) { affected_rows returning { id title author { id name } comments { body } } } }');
SELECT graphgate.graphql('mutation { insert_authors_one(object: {name: "Cy", articles: {data: [{title: "x", comments: {data: [{body: "deep"}]}}, {title: "y"}]}}) { id name articles { title comments { body } } } }');
SELECT graphgate.graphql('mutation { insert_articles(objects: [{title: "a3", author: {data: {name: "Ann", rating: 5}, on_conflict: {constraint: authors_name_key, update_columns: []}}}]) { affected_rows returning { title author { id name rating } } } }');
SELECT graphgate.graphql('mutation { insert_articles(objects: [{title: "a4", author: {data: {name: "Ben", rating: 7}, on_conflict: {constraint: authors_name_key, update_columns: [rating]}}}]) { affected_rows returning { title author { id name rating } } } }');
SELECT graphgate.graphql('mutation { insert_authors(objects: [{name: "Ann", articles: {data: [{title: "more"}]}}], on_conflict: {constraint: authors_name_key, update_columns: []}) { affected_rows returning { name } } }');
SELECT graphgate.graphql('mutation { insert_authors(objects: [{name: "Cy"}, {name: "Dee", rating: 1}], on_conflict: {constraint: authors_name_key, update_columns: []}) { affected_rows returning { name } } }');
SELECT a.id, a.title, a.author_id, c.body FROM articles a LEFT JOIN comments c ON c.article_id = a.id ORDER BY a.id, c.id;
SELECT * FROM authors ORDER BY id;
-- Hasura's validations: a column the parent fills, a second source of an object relationship's key
SELECT graphgate.graphql('mutation { insert_authors_one(object: {name: "Eve", articles: {data: [{title: "z", author_id: 1}]}}) { id } }');
SELECT graphgate.graphql('mutation { insert_articles_one(object: {title: "z", author_id: 1, author: {data: {name: "Eve"}}}) { id } }');
-- a nested row that fails rolls back every row of the statement
SELECT graphgate.graphql('mutation { insert_authors_one(object: {name: "Eve", articles: {data: [{title: "ok"}, {title: null}]}}) { id } }');
SELECT count(*) AS eve FROM authors WHERE name = 'Eve';

\c contrib_regression
DROP DATABASE mutation_nested WITH (FORCE);
