-- Databases of the server suite (test/scripts/server.sh loads this with psql as a superuser).
--   users_db, orders_db  the seed's two databases; the metadata is created over HTTP by the tests
--   srv_app              one database with tracked tables, roles, column grants and an RLS policy
--   srv_echo             no extension: graphgate.graphql() and metadata() stand-ins that return
--                        their arguments, to see exactly what the server sends
\set ON_ERROR_STOP 1

CREATE DATABASE users_db;
CREATE DATABASE orders_db;
CREATE DATABASE srv_app;
CREATE DATABASE srv_echo;

\c users_db
CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO users VALUES (1, 'Alice'), (2, 'Bob'), (3, 'Carol');

\c orders_db
CREATE EXTENSION graphgate CASCADE;
CREATE TABLE orders (id int PRIMARY KEY, ordered_by_user_id int, amount numeric NOT NULL);
INSERT INTO orders VALUES (1, 1, 10.50), (2, 2, 20), (3, 1, 7.25), (4, 3, 99);

\c srv_app
CREATE EXTENSION graphgate CASCADE;
-- Roles are cluster-wide, hence the prefix; server.sh drops them afterwards.
DO $$ BEGIN
  CREATE ROLE srv_user NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
  CREATE ROLE srv_guest NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE notes (id int PRIMARY KEY, owner_id int NOT NULL, body text NOT NULL, secret text);
INSERT INTO notes VALUES (1, 1, 'first of 1', 's1'), (2, 2, 'first of 2', 's2'), (3, 1, 'second of 1', 's3'),
                         (4, 3, 'first of 3', 's4');
-- srv_user may read every column but `secret`, and only its own rows: the policy reads the
-- session variable that graphgate.graphql() puts into hasura.user, as Hasura does.
GRANT USAGE ON SCHEMA public TO srv_user, srv_guest;
GRANT SELECT (id, owner_id, body) ON notes TO srv_user;
GRANT SELECT (id, body) ON notes TO srv_guest;
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_owner ON notes FOR SELECT TO srv_user
  USING (owner_id = (current_setting('hasura.user', true)::jsonb ->> 'x-hasura-user-id')::int);
CREATE POLICY notes_public ON notes FOR SELECT TO srv_guest USING (id = 1);
SELECT graphgate.track_table('srv_app', 'notes');

\c srv_echo
CREATE SCHEMA graphgate;
CREATE FUNCTION graphgate.graphql(query text, variables jsonb, operation_name text, session jsonb) RETURNS json
  LANGUAGE sql AS $$
    SELECT json_build_object('query', query, 'variables', variables, 'operationName', operation_name, 'session', session)
  $$;
CREATE FUNCTION graphgate.metadata(request jsonb) RETURNS jsonb
  LANGUAGE sql AS $$ SELECT jsonb_build_object('echo', request) $$;

-- srv_live_users, srv_live: the subscription tests' (subscriptions.test.mjs) own databases, whose
-- rows those tests change.  srv_live's orders reach srv_live_users' users through a remote
-- relationship (source "srv_live_users"); srv_user reads its own items only (RLS on the JWT's
-- x-hasura-user-id); bulk holds about 1 MB of text, for a reader too slow for its messages;
-- events is streamed.
\c postgres
CREATE DATABASE srv_live_users;
CREATE DATABASE srv_live;
\c srv_live_users
CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO users VALUES (1, 'Alice'), (2, 'Bob');
\c srv_live
CREATE EXTENSION graphgate CASCADE;
CREATE TABLE items (id int PRIMARY KEY, owner_id int NOT NULL, label text NOT NULL);
INSERT INTO items VALUES (1, 1, 'one'), (2, 1, 'two'), (3, 2, 'three');
GRANT USAGE ON SCHEMA public TO srv_user;
GRANT SELECT ON items TO srv_user;
ALTER TABLE items ENABLE ROW LEVEL SECURITY;
CREATE POLICY items_owner ON items FOR SELECT TO srv_user
  USING (owner_id = (current_setting('hasura.user', true)::jsonb ->> 'x-hasura-user-id')::int);
SELECT graphgate.track_table('srv_live', 'items');
CREATE TABLE orders (id int PRIMARY KEY, user_id int);
INSERT INTO orders VALUES (10, 1), (11, 2);
SELECT graphgate.track_table('srv_live', 'orders');
SELECT format('host=%s port=%s dbname=srv_live_users', current_setting('unix_socket_directories'),
              current_setting('port')) AS users_conn \gset
SELECT graphgate.add_source('srv_live_users', :'users_conn');
SELECT graphgate.metadata('{"type": "create_remote_relationship", "args": {"name": "user", "source": "srv_live",
  "table": "orders", "remote_source": {"relationship_type": "object", "field_mapping": {"user_id": "id"},
  "source": "srv_live_users", "table": "users"}}}');
CREATE TABLE bulk (id int PRIMARY KEY, filler text NOT NULL);
INSERT INTO bulk SELECT g, repeat('x', 100) FROM generate_series(1, 10000) g;
SELECT graphgate.track_table('srv_live', 'bulk');
CREATE TABLE events (id int PRIMARY KEY, body text NOT NULL);
INSERT INTO events VALUES (1, 'e1'), (2, 'e2'), (3, 'e3');
SELECT graphgate.track_table('srv_live', 'events');
