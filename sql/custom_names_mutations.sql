-- Renamed columns (column_config, custom_column_names) in mutations: the input types
-- (<t>_insert_input, <t>_set_input, <t>_inc_input, <t>_pk_columns_input, <t>_update_column) and
-- the _by_pk arguments name columns by their GraphQL names, as Hasura's do, and so does returning;
-- a column whose SQL name is no GraphQL name is writable by its custom name.  Local and remote.
CREATE DATABASE cm_remote;
CREATE DATABASE cm_main;
\c cm_remote
CREATE TABLE people (person_id integer PRIMARY KEY, full_name text NOT NULL);
\c cm_main
CREATE EXTENSION graphgate CASCADE;
CREATE TABLE tickets (ticket_id integer PRIMARY KEY, "due date" date, priority integer NOT NULL DEFAULT 0,
                      title text UNIQUE);
CREATE TABLE notes (note_id serial PRIMARY KEY, ticket_ref integer REFERENCES tickets (ticket_id), body text);
SELECT graphgate.add_source('remote', format('host=%s port=%s dbname=cm_remote',
  current_setting('unix_socket_directories'), current_setting('port')));
SELECT graphgate.metadata('{"type": "bulk", "args": [
  {"type": "pg_track_table", "args": {"table": "tickets", "configuration": {
     "column_config": {"ticket_id": {"custom_name": "id"}, "due date": {"custom_name": "dueDate"},
                       "priority": {"custom_name": "rank"}}}}},
  {"type": "pg_track_table", "args": {"table": "notes", "configuration": {
     "custom_column_names": {"note_id": "id", "ticket_ref": "ticketId"}}}},
  {"type": "pg_track_table", "args": {"source": "remote", "table": "people", "configuration": {
     "custom_column_names": {"person_id": "id", "full_name": "name"}}}},
  {"type": "pg_create_array_relationship", "args": {"table": "tickets", "name": "notes",
     "using": {"foreign_key_constraint_on": {"table": "notes", "column": "ticket_ref"}}}}
]}');

-- the input types name the columns as the object type does
SELECT graphgate.graphql('{ __type(name: "tickets_insert_input") { inputFields { name } } }');
SELECT graphgate.graphql('{ __type(name: "tickets_set_input") { inputFields { name } } }');
SELECT graphgate.graphql('{ __type(name: "tickets_inc_input") { inputFields { name } } }');
SELECT graphgate.graphql('{ __type(name: "tickets_pk_columns_input") { inputFields { name } } }');
SELECT graphgate.graphql('{ __type(name: "tickets_update_column") { enumValues { name } } }');
SELECT graphgate.graphql('{ __schema { mutationType { fields { name args { name } } } } }') -> 'data' -> '__schema' -> 'mutationType' -> 'fields' -> 1 AS delete_by_pk;

-- insert: literal objects, a variable's objects, nested rows through a relationship; returning
SELECT jsonb_pretty(graphgate.graphql('mutation { insert_tickets(objects: [{id: 1, dueDate: "2026-01-02", rank: 3, title: "a",
    notes: {data: [{body: "first"}, {body: "second"}]}}]) {
    affected_rows returning { id dueDate rank notes(order_by: {id: asc}) { id ticketId body } } } }')::jsonb);
SELECT graphgate.graphql('mutation ($o: [tickets_insert_input!]!) { insert_tickets(objects: $o) { returning { id dueDate rank } } }',
                         '{"o": [{"id": 2, "dueDate": "2026-02-01", "title": "b"}, {"id": 3, "rank": 7}]}');
SELECT graphgate.graphql('mutation { insert_tickets_one(object: {ticket_id: 9}) { id } }');
-- upsert: update_columns by GraphQL name
SELECT graphgate.graphql('mutation { insert_tickets_one(object: {id: 4, title: "a", rank: 9}, on_conflict: {constraint: tickets_title_key, update_columns: [rank, dueDate]}) { id rank title } }');
-- update: _set and _inc by GraphQL name, by a filter and by the renamed key (literal and variable)
SELECT graphgate.graphql('mutation { update_tickets(where: {rank: {_gte: 7}}, _set: {dueDate: "2026-03-03"}, _inc: {rank: 1}) { affected_rows returning { id dueDate rank } } }');
SELECT graphgate.graphql('mutation { update_tickets_by_pk(pk_columns: {id: 2}, _set: {rank: 5}) { id rank } }');
SELECT graphgate.graphql('mutation ($k: tickets_pk_columns_input!, $s: tickets_set_input) { update_tickets_by_pk(pk_columns: $k, _set: $s) { id dueDate } }',
                         '{"k": {"id": 3}, "s": {"dueDate": "2026-04-04"}}');
SELECT graphgate.graphql('mutation { update_tickets_many(updates: [{where: {id: {_eq: 1}}, _inc: {rank: 10}}]) { returning { id rank } } }');
SELECT graphgate.graphql('mutation { update_tickets(where: {}, _set: {rank: 1}, _inc: {rank: 1}) { affected_rows } }');
-- delete by the renamed key
SELECT graphgate.graphql('mutation { delete_notes_by_pk(id: 2) { id body } }');
SELECT graphgate.graphql('mutation { delete_tickets_by_pk(ticket_id: 3) { id } }');
SELECT id, "due date", priority, title FROM (SELECT ticket_id AS id, * FROM tickets) t ORDER BY id;
-- a remote source's table, written through postgres_fdw, by its GraphQL names
SELECT graphgate.graphql('mutation { insert_people(objects: [{id: 1, name: "Ada"}]) { affected_rows } }');
SELECT graphgate.graphql('mutation { update_people_by_pk(pk_columns: {id: 1}, _set: {name: "Ada L."}) { id name } }');
SELECT graphgate.graphql('{ people { id name } }');

\c contrib_regression
DROP DATABASE cm_main WITH (FORCE);
DROP DATABASE cm_remote WITH (FORCE);
