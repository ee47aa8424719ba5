-- A schema using the surface of issue 17 that graphgate has (test/scripts/introspection_pg.sh
-- holds its introspection to graphql-js): custom names, custom root fields and renamed columns
-- on a local and a remote table, citext, ltree (with lquery/ltxtquery), jsonb (_cast), an enum
-- table (is_enum) whose values type a column of users, computed fields (scalar, SETOF, with
-- arguments) and tracked functions (a query with its aggregate, a volatile one as a mutation).
CREATE DATABASE gql_surface_remote;
CREATE DATABASE gql_surface;
\c gql_surface_remote
CREATE EXTENSION citext;
CREATE EXTENSION ltree;
CREATE TABLE places (place_id integer PRIMARY KEY, path ltree NOT NULL, label citext);
\c gql_surface
CREATE EXTENSION graphgate CASCADE;
CREATE EXTENSION citext;
CREATE EXTENSION ltree;
CREATE TABLE roles (value text PRIMARY KEY, comment text);
INSERT INTO roles VALUES ('admin', 'may do anything'), ('member', NULL);
CREATE TABLE users (user_id integer PRIMARY KEY, "e-mail" citext, home ltree, settings jsonb, place_ref integer,
                    role text REFERENCES roles);
CREATE FUNCTION user_tag(users, prefix text DEFAULT '#') RETURNS text LANGUAGE sql STABLE AS $$ SELECT prefix || $1.user_id $$;
CREATE FUNCTION user_depth(users) RETURNS integer LANGUAGE sql STABLE AS $$ SELECT 1 $$;
CREATE FUNCTION neighbours(u users, around integer) RETURNS SETOF users LANGUAGE sql STABLE
  AS $$ SELECT * FROM users WHERE abs(user_id - u.user_id) <= around $$;
CREATE FUNCTION find_users(search text) RETURNS SETOF users LANGUAGE sql STABLE AS $$ SELECT * FROM users $$;
CREATE FUNCTION touch_users(at_least integer) RETURNS SETOF users LANGUAGE sql VOLATILE AS $$ SELECT * FROM users $$;
SELECT graphgate.add_source('remote_db', format('host=%s port=%s dbname=gql_surface_remote',
  current_setting('unix_socket_directories'), current_setting('port')));
SELECT graphgate.metadata('{"type": "bulk", "args": [
  {"type": "pg_track_table", "args": {"table": "roles", "is_enum": true}},
  {"type": "pg_track_table", "args": {"table": "users", "configuration": {"custom_name": "User",
     "custom_root_fields": {"select": "allUsers", "select_by_pk": "user", "select_aggregate": "userStats"},
     "column_config": {"user_id": {"custom_name": "id"}, "e-mail": {"custom_name": "email", "comment": "login"}}}}},
  {"type": "pg_track_table", "args": {"source": "remote_db", "table": "places", "configuration": {
     "custom_column_names": {"place_id": "id"}}}},
  {"type": "pg_create_remote_relationship", "args": {"name": "place", "table": "users",
     "definition": {"to_source": {"relationship_type": "object", "source": "remote_db", "table": "places",
                                  "field_mapping": {"place_ref": "place_id"}}}}},
  {"type": "pg_create_remote_relationship", "args": {"name": "people", "source": "remote_db", "table": "places",
     "definition": {"to_source": {"relationship_type": "array", "source": "gql_surface", "table": "users",
                                  "field_mapping": {"place_id": "place_ref"}}}}},
  {"type": "pg_add_computed_field", "args": {"table": "users", "name": "tag", "definition": {"function": "user_tag"}}},
  {"type": "pg_add_computed_field", "args": {"table": "users", "name": "depth", "definition": {"function": "user_depth"}}},
  {"type": "pg_add_computed_field", "args": {"table": "users", "name": "neighbours",
     "definition": {"function": "neighbours", "table_argument": "u"}}},
  {"type": "pg_track_function", "args": {"function": "find_users"}},
  {"type": "pg_track_function", "args": {"function": "touch_users"}}
]}');
