-- Hostile input to graphgate.graphql() (issue 11, items 3, 7, 8, 12): every answer is data or
-- GraphQL errors in Hasura's shape, in bounded time, and the backend stays up.  Runs on its own.
CREATE DATABASE gql_hostile;
\c gql_hostile
SET client_min_messages = warning;
CREATE EXTENSION graphgate CASCADE;
RESET client_min_messages;
CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO items VALUES (1, 'a'), (2, 'a b'), (3, 'c');
SELECT graphgate.metadata('{"type": "pg_track_table", "args": {"table": "items"}}');
-- A generous deadline: each statement below takes well under a second; the quadratic steps it
-- guards against took from 12 s to minutes at these sizes.
SET statement_timeout = '60s';

-- item 3: a 30,000-character unknown field name crashed the backend (std::regex)
SELECT length(m), left(m, 12), right(m, 30), r #> '{errors,0,extensions}'
FROM (SELECT r, r #>> '{errors,0,message}' AS m
      FROM (SELECT graphgate.graphql('{ ' || repeat('f', 30000) || ' }')::jsonb AS r) q) s;

-- item 3: variables nested deeper than 1,000 levels are refused before anything recursive
SELECT graphgate.graphql('{ items(limit: 1) { id } }',
                         ('{"ok": 1, "deep": ' || repeat('[', 1001) || repeat(']', 1001) || '}')::jsonb);
SELECT graphgate.graphql('{ items(limit: 1) { id } }', ('{"v": ' || repeat('[', 1000) || repeat(']', 1000) || '}')::jsonb);
-- a number no double holds is an error of the request, not an exception
SELECT graphgate.graphql('{ items(limit: 1) { id } }', '{"v": 1e400}');

-- item 7: U+0000 cannot be in a query (a text argument cannot hold the byte; its escape was
-- decoded into a NUL and the comparison silently made with "a")
SELECT graphgate.graphql('{ items(where: {name: {_eq: "a\u0000b"}}) { id } }');
SELECT graphgate.graphql('{ items(where: {name: {_eq: "a\u{0}b"}}) { id } }');

-- item 12: a document that does not parse is validation-failed at $.query, as Hasura
SELECT graphgate.graphql('{ items { id }');
SELECT graphgate.graphql('{ items(where: {id: {_eq: 1}) { id } }');
-- item 12: declared but unused variables are accepted, as Hasura; so are sent but undeclared ones
SELECT graphgate.graphql('query ($unused: Int, $also: [items_bool_exp!]) { items(order_by: {id: asc}, limit: 1) { id } }');
SELECT graphgate.graphql('{ items(order_by: {id: asc}, limit: 1) { id } }', '{"nobody": {"asked": 1}}');

-- item 8: at most 100 errors and graphql-js' closing one, for a million bad items
SELECT jsonb_array_length(r -> 'errors'), r #>> '{errors,0,message}', r #>> '{errors,99,extensions,path}',
       r #>> '{errors,100,message}'
FROM (SELECT graphgate.graphql('query ($v: [Int!]) { items(where: {id: {_in: $v}}) { id } }',
                               jsonb_build_object('v', (SELECT jsonb_agg('x'::text) FROM generate_series(1, 1000000))))::jsonb AS r) s;
-- item 8: a million variables the operation does not read (100,000 took 12 s)
SELECT graphgate.graphql('query ($v1: Int) { items(order_by: {id: asc}, offset: $v1) { id } }',
                         (SELECT jsonb_object_agg('v' || g, g) FROM generate_series(1, 1000000) g));
-- item 8: a million good items
SELECT graphgate.graphql('query ($v: [Int!]) { items(where: {id: {_in: $v}}, order_by: {id: asc}) { id } }',
                         jsonb_build_object('v', (SELECT jsonb_agg(g) FROM generate_series(1, 1000000) g)));
-- item 8: 9,990 fields of one name (162 s), 9,500 fragments (70 s), 20,000 variables (1.7 s)
SELECT graphgate.graphql('{ items(order_by: {id: asc}, limit: 1) { ' || repeat('id ', 9990) || '} }');
SELECT graphgate.graphql('{ items(order_by: {id: asc}, limit: 1) { ' || string_agg('...F' || g, ' ') || ' } } ' ||
                         string_agg('fragment F' || g || ' on items { id }', ' '))
FROM generate_series(1, 9500) g;
SELECT graphgate.graphql('query (' || string_agg('$v' || g || ': Int', ' ') || ') { items(limit: $v7) { id } }',
                         '{"v7": 1}')
FROM generate_series(1, 20000) g;
-- ... and fields that cannot stand for each other: compared pairwise up to a bound, then an error
SELECT graphgate.graphql('{ ' || string_agg('items(limit: ' || g || ') { id }', ' ') || ' }')
FROM generate_series(1, 1000) g;

-- introspection that multiplies its result (aliases, fragments, nesting) is bounded by the
-- schema's size: 1,900 aliased type lists used to take seconds and hundreds of megabytes
SELECT graphgate.graphql('{ __schema {' || string_agg(' t' || g || ': types { fields { name type { name } } }', '') || ' } }')
FROM generate_series(1, 1900) g;

-- the backend is fine afterwards
SELECT graphgate.graphql('{ items_aggregate { aggregate { count } } }');

\c contrib_regression
DROP DATABASE gql_hostile WITH (FORCE);
