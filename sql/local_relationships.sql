-- Local relationships in Hasura's using forms, in this database and between tables of one
-- remote source (using the foreign keys recorded when the tables were tracked).
CREATE DATABASE localrel_remote;
CREATE DATABASE localrel;
\c localrel_remote
CREATE TABLE authors (id integer PRIMARY KEY, name text);
CREATE TABLE articles (id integer PRIMARY KEY, author_id integer REFERENCES authors (id), title text);
INSERT INTO authors VALUES (1, 'Ann'), (2, 'Ben');
INSERT INTO articles VALUES (10, 1, 'one'), (11, 1, 'two'), (12, 2, 'three'), (13, NULL, 'orphan');
\c localrel
CREATE TABLE teams (region text, code integer, name text, PRIMARY KEY (region, code));
CREATE TABLE players (id integer PRIMARY KEY, team_region text, team_code integer, nick text,
                      FOREIGN KEY (team_region, team_code) REFERENCES teams (region, code));
INSERT INTO teams VALUES ('eu', 1, 'Lions'), ('us', 1, 'Bears');
INSERT INTO players VALUES (1, 'eu', 1, 'ace'), (2, 'us', 1, 'bo'), (3, 'eu', 1, 'cy');
CREATE EXTENSION graphgate CASCADE;
SELECT graphgate.add_source('remote', format('host=%s port=%s dbname=localrel_remote',
  current_setting('unix_socket_directories'), current_setting('port')));
SELECT graphgate.track_table('localrel', 'players');

-- object relationship on a composite foreign key of this table (teams is tracked on the way)
SELECT graphgate.create_object_relationship('localrel', 'players', 'team',
  '{"foreign_key_constraint_on": ["team_region", "team_code"]}');
-- array relationship through the foreign key of the other table
SELECT graphgate.metadata('{"type": "pg_create_array_relationship", "args": {"source": "localrel", "table": "teams",
  "name": "players", "using": {"foreign_key_constraint_on": {"table": "players", "columns": ["team_code", "team_region"]}}}}');
-- manual configuration
SELECT graphgate.create_array_relationship('default', 'teams', 'same_code_players',
  '{"manual_configuration": {"remote_table": {"schema": "public", "name": "players"}, "column_mapping": {"code": "team_code"}}}');
SELECT table_name, name, kind, is_remote, target_table, mapping FROM graphgate.relationships ORDER BY 1, 2;
SELECT id, nick, "team.name" FROM graphgate_rel.players_team ORDER BY id;
SELECT region, code, "players.nick" FROM graphgate_rel.teams_players ORDER BY 1, 2, 3;
SELECT * FROM graphgate_rel.teams_players_batch(ARRAY['us'], ARRAY[1]);

-- between tables of the remote source, from the foreign keys read at tracking
SELECT graphgate.track_table('remote', 'articles');
SELECT graphgate.create_object_relationship('remote', 'articles', 'author', '{"foreign_key_constraint_on": "author_id"}');
SELECT graphgate.create_array_relationship('remote', 'authors', 'articles',
  '{"foreign_key_constraint_on": {"table": "articles", "column": "author_id"}}');
SELECT id, title, "author.name" FROM graphgate_rel.remote_articles_author ORDER BY id;
SET compute_query_id = off;
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM graphgate_rel.remote_authors_articles_batch(ARRAY[1]);
SELECT * FROM graphgate_rel.remote_authors_articles_batch(ARRAY[1]) ORDER BY id;

-- untracking a table that relationships use needs cascade, which drops them and their objects
\set VERBOSITY terse
SELECT graphgate.untrack_table('remote', 'authors');
\set VERBOSITY default
SELECT graphgate.untrack_table('remote', 'authors', cascade => true);
SELECT table_name, name FROM graphgate.relationships ORDER BY 1, 2;
\df graphgate_rel.remote*

-- drop_relationship removes its generated function and view
SELECT graphgate.drop_relationship('localrel', 'teams', 'same_code_players');
SELECT graphgate.metadata('{"type": "pg_drop_relationship", "args": {"source": "localrel", "table": "players", "relationship": "team"}}');
\df graphgate_rel.*
\dv graphgate_rel.*

\c contrib_regression
DROP DATABASE localrel WITH (FORCE);
DROP DATABASE localrel_remote WITH (FORCE);
