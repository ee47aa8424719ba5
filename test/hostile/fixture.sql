-- The hostile-input suite's databases (test/scripts/hostile.sh loads this as a superuser, with
-- psql variables host and port for the sources' connections):
--   hostile_db      the extension, a tracked table with a remote relationship
--   hostile_remote  a second database, a tracked remote source
--   hostile_gone    tracked as source "gone", then dropped by hostile.sh: an unreachable source
\set ON_ERROR_STOP 1

CREATE DATABASE hostile_db;
CREATE DATABASE hostile_remote;
CREATE DATABASE hostile_gone;
DO $$ BEGIN
  CREATE ROLE hostile_user NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

\c hostile_remote
CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO people SELECT i, 'person ' || i FROM generate_series(1, 20) i;

\c hostile_gone
CREATE TABLE ghosts (id int PRIMARY KEY);
INSERT INTO ghosts VALUES (1), (2);

\c hostile_db
CREATE EXTENSION graphgate CASCADE;
CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric NOT NULL, tags jsonb,
                    owner_id int, created timestamptz NOT NULL DEFAULT '2020-01-01T00:00:00Z');
INSERT INTO items (id, name, price, tags, owner_id)
  SELECT i, 'item ' || i, i * 1.25, jsonb_build_object('n', i, 'even', i % 2 = 0), 1 + i % 20
  FROM generate_series(1, 200) i;
GRANT USAGE ON SCHEMA public TO hostile_user;
GRANT SELECT (id, name) ON items TO hostile_user;
SELECT graphgate.track_table('hostile_db', 'items');
SELECT graphgate.add_source('remote', format('host=%s port=%s dbname=hostile_remote user=postgres', :'host', :'port'));
SELECT graphgate.track_table('remote', 'people');
SELECT graphgate.create_remote_relationship('owner', 'hostile_db', 'items',
  '{"relationship_type": "object", "field_mapping": {"owner_id": "id"}, "source": "remote", "table": "people"}');
SELECT graphgate.add_source('gone', format('host=%s port=%s dbname=hostile_gone user=postgres', :'host', :'port'));
SELECT graphgate.track_table('gone', 'ghosts');
