-- Remote joins in GraphQL: every remote relationship field is one batched fetch through its
-- batch function for all parent rows; Hasura's semantics; filters and ordering by remote fields.
CREATE DATABASE rj_third;
CREATE DATABASE rj_users;
CREATE DATABASE rj_orders;
\c rj_third
CREATE TABLE countries (code text PRIMARY KEY, name text NOT NULL, population bigint);
INSERT INTO countries VALUES ('FR', 'France', 68000000), ('DE', 'Germany', 84000000000);
\c rj_users
CREATE EXTENSION pg_stat_statements;
CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, country_code text, balance numeric(12,2));
INSERT INTO users VALUES (1, 'Alice', 'FR', 10.50), (2, 'Bob', 'DE', 1234567890.99), (3, 'Carol', NULL, NULL),
                         (4, 'Dave', 'FR', 0);
INSERT INTO users SELECT g, 'user ' || g, NULL, g FROM generate_series(5, 1200) g;
CREATE TABLE addresses (id integer PRIMARY KEY, user_id integer REFERENCES users (id), city text NOT NULL);
INSERT INTO addresses VALUES (1, 1, 'Paris'), (2, 1, 'Lyon'), (3, 1, 'Nice'), (4, 2, 'Berlin'), (5, 4, 'Paris');
\c rj_orders
CREATE EXTENSION graphgate CASCADE;
SET compute_query_id = off;
CREATE TABLE customers (id integer PRIMARY KEY, label text);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer REFERENCES customers (id),
                     ordered_by_user_id integer, approved_by_id integer, amount numeric(10,2));
INSERT INTO customers VALUES (1, 'acme'), (2, 'initech');
INSERT INTO orders VALUES (1, 1, 1, 2, 9.99), (2, 1, 2, NULL, 20.00), (3, 2, NULL, 1, 5.00), (4, 2, 1, 1, 7.50),
                          (5, NULL, 999, NULL, 1.00);
INSERT INTO orders SELECT g, NULL, (g % 1200) + 1, NULL, g FROM generate_series(100, 1099) g;
SELECT graphgate.add_source('users_db', format('host=%s port=%s dbname=rj_users',
  current_setting('unix_socket_directories'), current_setting('port')));
SELECT graphgate.add_source('third_db', format('host=%s port=%s dbname=rj_third',
  current_setting('unix_socket_directories'), current_setting('port')));
SELECT graphgate.metadata('{"type": "bulk", "args": [
  {"type": "pg_track_table", "args": {"source": "rj_orders", "table": "orders"}},
  {"type": "pg_track_table", "args": {"source": "rj_orders", "table": "customers"}},
  {"type": "pg_create_array_relationship", "args": {"source": "rj_orders", "table": "customers", "name": "orders",
     "using": {"foreign_key_constraint_on": {"table": "orders", "column": "customer_id"}}}},
  {"type": "create_remote_relationship", "args": {"name": "ordered_by_user", "source": "rj_orders", "table": "orders",
     "remote_source": {"relationship_type": "object", "field_mapping": {"ordered_by_user_id": "id"}, "source": "users_db", "table": "users"}}},
  {"type": "create_remote_relationship", "args": {"name": "approver", "source": "rj_orders", "table": "orders",
     "remote_source": {"relationship_type": "object", "field_mapping": {"approved_by_id": "id"}, "source": "users_db", "table": "users"}}},
  {"type": "pg_create_remote_relationship", "args": {"name": "buyer_addresses", "source": "rj_orders", "table": "orders",
     "definition": {"to_source": {"relationship_type": "array", "source": "users_db", "table": "addresses", "field_mapping": {"ordered_by_user_id": "user_id"}}}}},
  {"type": "pg_create_remote_relationship", "args": {"name": "addr_match", "source": "rj_orders", "table": "orders",
     "definition": {"to_source": {"relationship_type": "array", "source": "users_db", "table": "addresses",
                                  "field_mapping": {"ordered_by_user_id": "user_id", "id": "id"}}}}},
  {"type": "pg_create_array_relationship", "args": {"source": "users_db", "table": "users", "name": "addresses",
     "using": {"foreign_key_constraint_on": {"table": "addresses", "column": "user_id"}}}},
  {"type": "pg_create_remote_relationship", "args": {"name": "country", "source": "users_db", "table": "users",
     "definition": {"to_source": {"relationship_type": "object", "source": "third_db", "table": "countries", "field_mapping": {"country_code": "code"}}}}}
]}');

-- the seed's query
SELECT graphgate.graphql('query { orders(where: {id: {_lt: 100}}, order_by: {id: asc}) { id ordered_by_user { id name } } }');
-- NULL key -> null; no match -> null (object) and [] (array); a NULL key gives null for an array too
SELECT graphgate.graphql('{ orders(where: {id: {_in: [3, 5]}}, order_by: {id: asc}) { id ordered_by_user { name } buyer_addresses { city } } }');
-- duplicate keys (orders 1 and 4 share user 1); join key not selected; aliased join key and fields
SELECT graphgate.graphql('{ orders(where: {id: {_in: [1, 4]}}, order_by: {id: asc}) { uid: ordered_by_user_id who: ordered_by_user { n: name } } }');
-- two remote relationships on one table, independent NULLs
SELECT jsonb_pretty(graphgate.graphql('{ orders(where: {id: {_lt: 6}}, order_by: {id: asc}) { id ordered_by_user { name } approver { name } } }')::jsonb);
-- aliased remote fields with different arguments; fragments and __typename inside
SELECT graphgate.graphql('query { orders(where: {id: {_eq: 1}}) { first: buyer_addresses(order_by: {id: asc}, limit: 1) { city } paris: buyer_addresses(where: {city: {_eq: "Paris"}}) { ...a __typename } } } fragment a on addresses { id city }');
-- per-parent limit, offset, order_by, where, distinct_on on a remote array
SELECT graphgate.graphql('{ orders(where: {id: {_in: [1, 2, 4]}}, order_by: {id: asc}) { id buyer_addresses(order_by: {city: desc}, limit: 2, offset: 1) { city } } }');
SELECT graphgate.graphql('{ orders(where: {id: {_in: [1, 2]}}, order_by: {id: asc}) { id buyer_addresses(where: {city: {_neq: "Lyon"}}, order_by: {id: asc}) { id } } }');
SELECT graphgate.graphql('{ orders(where: {id: {_in: [1, 2]}}, order_by: {id: asc}) { id buyer_addresses(distinct_on: user_id, order_by: [{user_id: asc}, {id: desc}]) { id } } }');
-- <rel>_aggregate of a remote array: count and nodes
SELECT jsonb_pretty(graphgate.graphql('{ orders(where: {id: {_in: [1, 2, 3, 5]}}, order_by: {id: asc}) { id buyer_addresses_aggregate { aggregate { count } nodes { city } } } }')::jsonb);
-- a remote relationship inside a local array relationship
SELECT graphgate.graphql('{ customers(order_by: {id: asc}) { label orders(order_by: {id: asc}) { id ordered_by_user { name } } } }');
-- a chain across three databases, and a local relationship inside the remote source
SELECT jsonb_pretty(graphgate.graphql('{ orders(where: {id: {_lt: 5}}, order_by: {id: asc}) { id ordered_by_user { name country { name population } addresses(order_by: {id: asc}) { city } } } }')::jsonb);
-- root fields on remote tables; numeric and bigint from the remote side encoded like local ones
SELECT graphgate.graphql('{ users(where: {id: {_lte: 4}}, order_by: {id: desc}) { id name balance country { code } } }');
SELECT graphgate.graphql('{ users_by_pk(id: 2) { name balance country { population } } addresses_aggregate { aggregate { count } } }');
-- filters and ordering by remote fields (beyond Hasura)
SELECT graphgate.graphql('{ orders(where: {ordered_by_user: {name: {_eq: "Alice"}}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ orders(where: {buyer_addresses: {city: {_eq: "Berlin"}}}) { id } }');
SELECT graphgate.graphql('{ orders(where: {id: {_lt: 6}}, order_by: [{ordered_by_user: {name: desc_nulls_last}}, {id: asc}]) { id ordered_by_user { name } } }');

-- a role sees a remote relationship when it may read both tables (and use their schemas)
CREATE ROLE rj_reader;
GRANT SELECT ON orders TO rj_reader;
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 1}}) { id ordered_by_user { name } } }', NULL, NULL, '{"x-hasura-role": "rj_reader"}');
GRANT SELECT ON users_db.users TO rj_reader;
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 1}}) { id ordered_by_user { name } } }', NULL, NULL, '{"x-hasura-role": "rj_reader"}');
GRANT USAGE ON SCHEMA users_db TO rj_reader;
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 1}}) { id ordered_by_user { name } } }', NULL, NULL, '{"x-hasura-role": "rj_reader"}');
-- the role reaches users_db through its own user mapping, as postgres_fdw requires (with a
-- password in real life; this cluster trusts local connections, so a superuser waives it)
CREATE USER MAPPING FOR rj_reader SERVER users_db OPTIONS (user 'postgres', password_required 'false');
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 1}}) { id ordered_by_user { name } } }', NULL, NULL, '{"x-hasura-role": "rj_reader"}');

-- one remote request per remote field, both in one remote_fetch() call (level 1); only the
-- columns asked for, each row's JSON built in users_db, the keys shipped as one = ANY parameter
SELECT line FROM regexp_split_to_table(graphgate.explain(
  '{ orders(order_by: {id: asc}, limit: 10) { id ordered_by_user { name } buyer_addresses { city } } }'), '\n') AS line
WHERE line LIKE 'Request %' OR line LIKE '  Remote SQL: %' OR line LIKE '%Function Scan on graphgate.remote_fetch%';

-- a two-column mapping: only exact (user_id, id) pairs, each column's keys shipped as one array
SELECT graphgate.graphql('{ orders(where: {id: {_lt: 6}}, order_by: {id: asc}) { id addr_match { id city } } }');
SELECT line FROM regexp_split_to_table(graphgate.explain(
  '{ orders(order_by: {id: asc}, limit: 10) { id addr_match { city } } }'), '\n') AS line
WHERE line LIKE '  Remote SQL: %';

-- the statements users_db receives: one per remote field, the same for 10 parent rows as for 1,000
\c rj_users
SELECT pg_stat_statements_reset();
\c rj_orders
SELECT length(graphgate.graphql('{ orders(order_by: {id: asc}, limit: 10) { id ordered_by_user { name } } }')::text) > 0 AS ok;
\c rj_users
SELECT sum(calls) AS remote_queries_for_10 FROM pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'rj_users') AND query LIKE '/* graphgate */%';
SELECT pg_stat_statements_reset();
\c rj_orders
SELECT length(graphgate.graphql('{ orders(order_by: {id: asc}, limit: 1000) { id ordered_by_user { name } } }')::text) > 0 AS ok;
\c rj_users
SELECT sum(calls) AS remote_queries_for_1000 FROM pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'rj_users') AND query LIKE '/* graphgate */%';

-- parents with no keys send no remote query at all
SELECT pg_stat_statements_reset();
\c rj_orders
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 3}}) { id ordered_by_user { name } } }');
\c rj_users
SELECT coalesce(sum(calls), 0) AS remote_queries_without_keys FROM pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'rj_users') AND query LIKE '/* graphgate */%';

-- an unreachable source is a GraphQL error naming it; queries not touching it go on working
\c rj_orders
CREATE DATABASE rj_gone;
\c rj_gone
CREATE TABLE notes (id integer PRIMARY KEY, text text);
\c rj_orders
SELECT graphgate.add_source('gone_db', format('host=%s port=%s dbname=rj_gone',
  current_setting('unix_socket_directories'), current_setting('port')));
SELECT graphgate.create_remote_relationship('note', 'rj_orders', 'orders',
  '{"relationship_type": "object", "field_mapping": {"id": "id"}, "source": "gone_db", "table": "notes"}');
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 1}}) { id note { text } } }');
DROP DATABASE rj_gone WITH (FORCE);
-- (the internal detail names this run's socket, so it is left out here)
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 1}}) { id note { text } } }')::jsonb #- '{errors,0,extensions,internal,detail}';
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 1}}) { id ordered_by_user { name } } }');

\c contrib_regression
DROP DATABASE rj_orders WITH (FORCE);
DROP DATABASE rj_users WITH (FORCE);
DROP DATABASE rj_third WITH (FORCE);
DROP ROLE rj_reader;
