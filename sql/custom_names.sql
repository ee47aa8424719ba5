-- Table customization (pg_track_table / pg_set_table_customization configuration): custom_name,
-- custom_root_fields, column_config and custom_column_names.  Renamed columns work everywhere a
-- column is named (where, order_by, distinct_on, aggregates, by_pk), on remote sources' tables,
-- in remote relationships' mappings and in filters across them (Hasura fails there: #6626,
-- #4995); export and replace keep the configuration.
CREATE DATABASE cn_people;
CREATE DATABASE cn_main;
\c cn_people
CREATE TABLE people (person_id integer PRIMARY KEY, full_name text NOT NULL, team text);
INSERT INTO people VALUES (1, 'Ada', 'core'), (2, 'Brian', 'core'), (3, 'Chloé', NULL);
\c cn_main
CREATE EXTENSION graphgate CASCADE;
CREATE TABLE tickets (ticket_id integer PRIMARY KEY, owner_ref integer, "due date" date, priority integer);
INSERT INTO tickets VALUES (1, 1, '2026-01-03', 2), (2, 1, '2026-01-01', 5), (3, 2, '2026-01-02', 1),
                           (4, NULL, NULL, 3), (5, 3, '2026-01-05', 5);
CREATE TABLE notes (note_id integer PRIMARY KEY, ticket_ref integer REFERENCES tickets (ticket_id), body text);
INSERT INTO notes VALUES (1, 1, 'first'), (2, 1, 'second'), (3, 3, 'third');
SELECT graphgate.add_source('people_db', format('host=%s port=%s dbname=cn_people',
  current_setting('unix_socket_directories'), current_setting('port')));

-- a column that is no GraphQL name is refused, with a column_config to use
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"table": "tickets"}}');
SELECT graphgate.metadata('{"type": "bulk", "args": [
  {"type": "pg_track_table", "args": {"table": "tickets", "configuration": {
     "custom_name": "Ticket",
     "custom_root_fields": {"select": "allTickets", "select_by_pk": {"name": "ticketById", "comment": "One ticket, by its id"},
                            "select_aggregate": {"name": "ticketStats", "comment": null}, "insert": {"comment": "Add tickets"}},
     "column_config": {"ticket_id": {"custom_name": "id"}, "owner_ref": {"custom_name": "ownerId"},
                       "due date": {"custom_name": "dueDate", "comment": "When it is due"}}}}},
  {"type": "pg_track_table", "args": {"table": "notes", "configuration": {
     "custom_column_names": {"note_id": "id", "ticket_ref": "ticketId"}}}},
  {"type": "pg_track_table", "args": {"source": "people_db", "table": "people", "configuration": {
     "custom_column_names": {"person_id": "id", "full_name": "fullName"},
     "column_config": {"full_name": {"custom_name": "name"}}}}},
  {"type": "pg_create_array_relationship", "args": {"table": "tickets", "name": "notes",
     "using": {"foreign_key_constraint_on": {"table": "notes", "column": "ticket_ref"}}}},
  {"type": "pg_create_remote_relationship", "args": {"name": "owner", "table": "tickets",
     "definition": {"to_source": {"relationship_type": "object", "source": "people_db", "table": "people",
                                  "field_mapping": {"owner_ref": "person_id"}}}}},
  {"type": "pg_create_remote_relationship", "args": {"name": "tickets", "source": "people_db", "table": "people",
     "definition": {"to_source": {"relationship_type": "array", "source": "cn_main", "table": "tickets",
                                  "field_mapping": {"person_id": "owner_ref"}}}}}
]}');

-- the renamed fields, their description, the custom root fields (Hasura's {"name", "comment"} form too)
SELECT f ->> 'name' AS name, f ->> 'description' AS description
  FROM (SELECT graphgate.graphql('{ __schema { queryType { fields { name description } }
                                            mutationType { fields { name description } } } }')::jsonb
               -> 'data' -> '__schema' AS s) q,
       jsonb_array_elements((s -> 'queryType' -> 'fields') || (s -> 'mutationType' -> 'fields')) f
 WHERE f ->> 'name' IN ('ticketById', 'ticketStats', 'allTickets', 'insert_Ticket') ORDER BY 1;
SELECT graphgate.metadata('{"type": "pg_set_table_customization", "args": {"table": "notes", "configuration": {"custom_root_fields": {"select": {"nme": "x"}}}}}');
SELECT graphgate.metadata('{"type": "pg_set_table_customization", "args": {"table": "notes", "configuration": {"custom_root_fields": {"select": 5}}}}');
SELECT graphgate.metadata('{"type": "pg_set_table_customization", "args": {"table": "notes", "configuration": {"custom_root_fields": {"select": {"name": "bad name"}}}}}');
SELECT graphgate.graphql('{ __type(name: "Ticket") { fields { name description } } }');
SELECT graphgate.graphql('{ __schema { queryType { fields { name args { name } } } } }');
SELECT graphgate.graphql('{ __type(name: "Ticket_select_column") { enumValues { name } } }');
-- selected, filtered and ordered by their GraphQL names; by_pk by the renamed key
SELECT graphgate.graphql('{ allTickets(where: {priority: {_gte: 2}, dueDate: {_is_null: false}}, order_by: {dueDate: asc}) { id ownerId dueDate priority } }');
SELECT graphgate.graphql('{ ticketById(id: 2) { id dueDate } }');
SELECT graphgate.graphql('{ ticketById(ticket_id: 2) { id } }');
SELECT graphgate.graphql('{ allTickets { ticket_id } }');
-- distinct_on and aggregates by renamed columns
SELECT graphgate.graphql('{ allTickets(distinct_on: [ownerId], order_by: [{ownerId: asc}, {id: desc}]) { id ownerId } }');
SELECT graphgate.graphql('{ ticketStats(where: {ownerId: {_is_null: false}}) { aggregate { count(columns: [ownerId], distinct: true) max { dueDate id } sum { priority } } nodes { id } } }');
-- a local array relationship: its renamed columns in its arguments and in ordering by its aggregate
SELECT graphgate.graphql('{ allTickets(where: {notes: {ticketId: {_eq: 1}}}) { id notes(order_by: {id: desc}) { id ticketId } notes_aggregate { aggregate { max { id } } } } }');
SELECT graphgate.graphql('{ allTickets(order_by: [{notes_aggregate: {max: {id: desc_nulls_last}}}, {id: asc}], limit: 3) { id } }');
-- the remote relationship maps renamed columns (owner_ref -> person_id): selected, filtered across by
-- a renamed target column, ordered by one
SELECT graphgate.graphql('{ allTickets(order_by: {id: asc}) { id ownerId owner { id name team } } }');
SELECT graphgate.graphql('{ allTickets(where: {owner: {name: {_eq: "Ada"}}}, order_by: {id: asc}) { id owner { name } } }');
SELECT graphgate.graphql('{ allTickets(where: {owner: {id: {_in: [2, 3]}}}, order_by: {owner: {name: desc}}) { id } }');
-- the remote source's table: renamed columns in its root fields, in its rows' filters, ordering,
-- distinct_on and aggregates, and the relationship back here (person_id -> owner_ref)
SELECT graphgate.graphql('{ people(where: {name: {_neq: "Brian"}}, order_by: {id: desc}) { id name tickets(order_by: {dueDate: desc}) { id dueDate } } }');
SELECT graphgate.graphql('{ people_by_pk(id: 1) { name tickets_aggregate { aggregate { count sum { priority } } } } }');
SELECT graphgate.graphql('{ people(distinct_on: [team], order_by: [{team: asc}, {name: desc}]) { team name } }');
SELECT graphgate.graphql('{ people_aggregate(where: {tickets: {priority: {_eq: 5}}}) { aggregate { count max { name id } } } }');
SELECT graphgate.graphql('{ people(where: {tickets: {dueDate: {_lt: "2026-01-02"}}}) { name } }');

-- pg_set_table_customization replaces the configuration whole: the old names are gone
SELECT graphgate.metadata('{"type": "pg_set_table_customization", "args": {"table": "tickets", "configuration": {
  "column_config": {"ticket_id": {"custom_name": "ticketNo"}, "due date": {"custom_name": "due"}}}}}');
SELECT graphgate.graphql('{ tickets(where: {due: {_gt: "2026-01-02"}}, order_by: {ticketNo: asc}) { ticketNo owner_ref due owner { name } } }');
SELECT graphgate.graphql('{ allTickets { id } }');
SELECT graphgate.graphql('{ people_by_pk(id: 2) { tickets { ticketNo } } }');

-- refused: unknown columns, names that are no GraphQL names or that two columns share, a table
-- not tracked, malformed entries; nothing changes
SELECT graphgate.metadata('{"type": "pg_set_table_customization", "args": {"table": "tickets", "configuration": {
  "column_config": {"nope": {"custom_name": "x"}, "due date": {"custom_name": "due"}}}}}');
SELECT graphgate.metadata('{"type": "pg_set_table_customization", "args": {"table": "tickets", "configuration": {
  "column_config": {"ticket_id": {"custom_name": "owner_ref"}, "due date": {"custom_name": "due"}}}}}');
SELECT graphgate.metadata('{"type": "pg_set_table_customization", "args": {"table": "tickets", "configuration": {
  "column_config": {"ticket_id": {"custom_name": "ticket-no"}, "due date": {"custom_name": "due"}}}}}');
SELECT graphgate.metadata('{"type": "pg_set_table_customization", "args": {"table": "tickets", "configuration": {
  "column_config": {"ticket_id": {"name": "x"}}}}}');
SELECT graphgate.metadata('{"type": "pg_set_table_customization", "args": {"table": "tickets", "configuration": {
  "custom_column_names": {"ticket_id": 7}}}}');
SELECT graphgate.metadata('{"type": "pg_set_table_customization", "args": {"table": "no_such", "configuration": {}}}');
SELECT graphgate.graphql('{ tickets_by_pk(ticketNo: 4) { ticketNo due } }');

-- export keeps the configuration; replacing from the export gives the same schema back
SELECT jsonb_pretty(t) FROM jsonb_array_elements(graphgate.metadata('{"type": "export_metadata", "args": {}}') -> 'sources') s,
       jsonb_array_elements(s -> 'tables') t ORDER BY t -> 'table' ->> 'name';
CREATE TEMP TABLE exported AS SELECT graphgate.metadata('{"type": "export_metadata", "args": {}}') AS doc;
SELECT graphgate.metadata('{"type": "replace_metadata", "args": {"version": 3, "sources": []}}');
SELECT graphgate.graphql('{ tickets { ticketNo } }') -> 'errors' -> 0 ->> 'message' AS gone;
SELECT graphgate.metadata(jsonb_build_object('type', 'replace_metadata', 'args', doc)) FROM exported;
SELECT graphgate.graphql('{ people(order_by: {id: asc}, limit: 1) { name tickets(order_by: {ticketNo: asc}) { ticketNo due } } }');

\c contrib_regression
DROP DATABASE cn_main WITH (FORCE);
DROP DATABASE cn_people WITH (FORCE);
