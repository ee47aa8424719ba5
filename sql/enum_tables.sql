-- Enum tables (Hasura's is_enum, in pg_track_table and pg_set_table_is_enum): the rows of a table
-- with a text primary key (and optionally one text comment column) become the GraphQL enum
-- <t>_enum, the type of every column with a foreign key to it: in results, in where
-- (<t>_enum_comparison_exp), in mutation inputs and in introspection.  Checked when tracked,
-- with Hasura's messages; values are read then and at reload_metadata; remote sources too.
CREATE DATABASE en_remote;
CREATE DATABASE en_main;
\c en_remote
CREATE TABLE sizes (code text PRIMARY KEY, description text);
INSERT INTO sizes VALUES ('S', 'small'), ('M', NULL), ('L', 'large');
CREATE TABLE items (id integer PRIMARY KEY, size text REFERENCES sizes);
INSERT INTO items VALUES (1, 'S'), (2, 'L'), (3, 'L'), (4, NULL);
\c en_main
CREATE EXTENSION graphgate CASCADE;
CREATE TABLE colors (value text PRIMARY KEY, comment text);
INSERT INTO colors VALUES ('red', 'like a fire truck'), ('green', NULL), ('blue', 'like the sky');
CREATE TABLE shirts (id integer PRIMARY KEY, color text REFERENCES colors, size text);
INSERT INTO shirts VALUES (1, 'red', 'S'), (2, 'blue', 'M'), (3, 'red', 'L'), (4, NULL, 'M');
CREATE TABLE employees (id integer PRIMARY KEY, name text, favorite_color text, gets_paid_on text);
CREATE TABLE no_rows (value text PRIMARY KEY);
CREATE TABLE bad_names (value text PRIMARY KEY);
INSERT INTO bad_names VALUES ('ok'), ('1st'), ('two words'), ('true');
CREATE TABLE two_names (value text PRIMARY KEY);
INSERT INTO two_names VALUES ('fine'), ('null'), ('a-b');
CREATE TABLE no_key (value text);
CREATE TABLE pair_key (a text, b text, PRIMARY KEY (b, a));
CREATE TABLE numbered (value text PRIMARY KEY, rank integer);
INSERT INTO numbered VALUES ('first', 1);
SELECT graphgate.add_source('remote', format('host=%s port=%s dbname=en_remote',
  current_setting('unix_socket_directories'), current_setting('port')));

-- tracking errors, in Hasura's words (code constraint-violation); nothing is tracked by them
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"table": "employees", "is_enum": true}}');
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"table": "no_rows", "is_enum": true}}');
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"table": "bad_names", "is_enum": true}}');
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"table": "two_names", "is_enum": true}}');
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"table": "no_key", "is_enum": true}}');
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"table": "pair_key", "is_enum": true}}');
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"table": "numbered", "is_enum": true}}');
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"table": "colors", "is_enum": "yes"}}');
SELECT count(*) AS tracked FROM graphgate.tables;
-- pg_set_table_is_enum checks the same way, and needs a tracked table
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"table": "employees"}}');
SELECT graphgate.metadata('{"type": "pg_set_table_is_enum", "args": {"table": "employees", "is_enum": true}}');
SELECT graphgate.metadata('{"type": "pg_set_table_is_enum", "args": {"table": "shirts", "is_enum": true}}');
SELECT graphgate.metadata('{"type": "pg_set_table_is_enum", "args": {"table": "employees"}}');

SELECT graphgate.metadata('{"type": "bulk", "args": [
  {"type": "pg_track_table", "args": {"table": "colors", "is_enum": true}},
  {"type": "pg_track_table", "args": {"table": "shirts"}},
  {"type": "pg_track_table", "args": {"source": "remote", "table": "sizes", "is_enum": true}},
  {"type": "pg_track_table", "args": {"source": "remote", "table": "items"}}]}');

-- introspection: the enum type with its values (descriptions from the comment column), the
-- column typed by it, its comparison type; graphql-js' introspection query's shape
SELECT jsonb_pretty(graphgate.graphql('{ __type(name: "colors_enum") { kind name description enumValues { name description isDeprecated } } }')::jsonb);
SELECT graphgate.graphql('{ __type(name: "shirts") { fields { name type { kind name ofType { kind name } } } } }');
SELECT graphgate.graphql('{ __type(name: "colors_enum_comparison_exp") { name description inputFields { name type { kind name ofType { kind name } } } } }');
SELECT graphgate.graphql('{ __type(name: "shirts_bool_exp") { inputFields { name type { name } } } }') -> 'data' -> '__type' -> 'inputFields' -> 3 AS color_filter;
-- the enum table stays queryable, its key a String
SELECT graphgate.graphql('{ colors(order_by: {value: asc}) { value comment } }');
SELECT graphgate.graphql('{ __type(name: "colors") { fields { name type { name ofType { name } } } } }');

-- in where: enum literals and variables, _eq _neq _in _nin _is_null; results as the value's name
SELECT graphgate.graphql('{ shirts(where: {color: {_eq: red}}, order_by: {id: asc}) { id color } }');
SELECT graphgate.graphql('{ shirts(where: {color: {_neq: red}}, order_by: {id: asc}) { id color } }');
SELECT graphgate.graphql('{ shirts(where: {color: {_in: [blue, green]}}) { id color } }');
SELECT graphgate.graphql('{ shirts(where: {color: {_nin: [blue]}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ shirts(where: {color: {_is_null: true}}) { id color } }');
SELECT graphgate.graphql('query ($c: colors_enum!) { shirts(where: {color: {_eq: $c}}, order_by: {id: desc}) { id color } }', '{"c": "red"}');
SELECT graphgate.graphql('query ($cs: [colors_enum!]) { shirts(where: {color: {_in: $cs}}, order_by: {id: asc}) { id } }', '{"cs": ["red", "blue"]}');
SELECT graphgate.graphql('{ shirts(order_by: {color: asc_nulls_first}) { id color } }');
-- values that are not the enum's, or not enum values at all, are refused; operators beyond equality too
SELECT graphgate.graphql('{ shirts(where: {color: {_eq: purple}}) { id } }');
SELECT graphgate.graphql('{ shirts(where: {color: {_eq: "red"}}) { id } }');
SELECT graphgate.graphql('query ($c: colors_enum!) { shirts(where: {color: {_eq: $c}}) { id } }', '{"c": "purple"}');
SELECT graphgate.graphql('{ shirts(where: {color: {_like: "r%"}}) { id } }');
SELECT graphgate.graphql('{ shirts_aggregate { aggregate { max { color } } } }');

-- in mutations: insert objects, _set, on_conflict; pk arguments of an enum-keyed table
SELECT graphgate.graphql('mutation { insert_shirts_one(object: {id: 10, color: green, size: "L"}) { id color } }');
SELECT graphgate.graphql('mutation ($o: [shirts_insert_input!]!) { insert_shirts(objects: $o) { returning { id color } } }',
                         '{"o": [{"id": 11, "color": "blue"}, {"id": 12}]}');
SELECT graphgate.graphql('mutation { update_shirts(where: {color: {_eq: green}}, _set: {color: red}) { affected_rows returning { id color } } }');
SELECT graphgate.graphql('mutation { update_shirts_by_pk(pk_columns: {id: 12}, _set: {color: blue}) { id color } }');
SELECT graphgate.graphql('mutation { insert_shirts_one(object: {id: 13, color: "red"}) { id } }');
SELECT graphgate.graphql('{ __type(name: "shirts_set_input") { inputFields { name type { name } } } }');
SELECT graphgate.graphql('mutation { delete_shirts(where: {id: {_gte: 10}}) { affected_rows } }');

-- a remote source's enum table: values read through its foreign table; filters and results
SELECT graphgate.graphql('{ __type(name: "sizes_enum") { enumValues { name description } } }');
SELECT graphgate.graphql('{ items(where: {size: {_in: [L, M]}}, order_by: {id: asc}) { id size } }');
SELECT graphgate.graphql('{ sizes(order_by: {code: asc}) { code description } }');

-- values are read when the table becomes an enum and at reload_metadata (as Hasura): a new row
-- shows after a reload, and a reload refuses rows that cannot be enum values
INSERT INTO colors VALUES ('yellow', 'like the sun');
SELECT graphgate.graphql('{ __type(name: "colors_enum") { enumValues { name } } }');
SELECT graphgate.metadata('{"type": "reload_metadata", "args": {}}');
SELECT graphgate.graphql('{ __type(name: "colors_enum") { enumValues { name } } }');
SELECT graphgate.graphql('{ shirts(where: {color: {_eq: yellow}}) { id } }');
INSERT INTO colors VALUES ('dark red');
SELECT graphgate.metadata('{"type": "reload_metadata", "args": {}}');
DELETE FROM colors WHERE value = 'dark red';

-- export keeps is_enum, replace reads it; pg_set_table_is_enum turns it off and on
SELECT jsonb_pretty(t) FROM jsonb_array_elements(graphgate.metadata('{"type": "export_metadata", "args": {}}') -> 'sources') s,
       jsonb_array_elements(s -> 'tables') t WHERE t ? 'is_enum' ORDER BY t -> 'table' ->> 'name';
CREATE TEMP TABLE exported AS SELECT graphgate.metadata('{"type": "export_metadata", "args": {}}') AS doc;
SELECT graphgate.metadata(jsonb_build_object('type', 'replace_metadata', 'args', doc)) FROM exported;
SELECT graphgate.graphql('{ shirts(where: {color: {_eq: blue}}) { id color } }');
SELECT graphgate.metadata('{"type": "pg_set_table_is_enum", "args": {"table": "colors", "is_enum": false}}');
SELECT graphgate.graphql('{ shirts(where: {color: {_eq: "blue"}}) { id color } }');
SELECT graphgate.graphql('{ __type(name: "colors_enum") { name } }');
SELECT graphgate.metadata('{"type": "set_table_is_enum", "args": {"table": "colors", "is_enum": true}}');
SELECT graphgate.graphql('{ shirts(where: {color: {_eq: blue}}) { id color } }');

-- a role that may not read the enum table sees the column as a String
CREATE ROLE en_reader;
GRANT SELECT ON shirts TO en_reader;
SELECT graphgate.graphql('{ shirts(where: {color: {_eq: "red"}}, order_by: {id: asc}) { id color } }', session => '{"x-hasura-role": "en_reader"}');
SELECT graphgate.graphql('{ __type(name: "colors_enum") { name } }', session => '{"x-hasura-role": "en_reader"}');

\c contrib_regression
DROP DATABASE en_main WITH (FORCE);
DROP DATABASE en_remote WITH (FORCE);
DROP ROLE en_reader;
