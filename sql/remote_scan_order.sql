-- Parents are read once: the keys a remote fetch sends and the rows in the response come from
-- the same read of the parent table.  Two scans of one table need not return the same rows when
-- a LIMIT picks some of them without a total order: on a table larger than shared_buffers/4,
-- synchronized seq scans let the second scan start where the first one reported its position.
-- Here every order has its own user, so a key taken from a different read shows up as a null.
CREATE DATABASE so_users;
CREATE DATABASE so_orders;
\c so_users
CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO users SELECT g, 'user ' || g FROM generate_series(1, 100000) g;
CREATE TABLE addresses (id integer PRIMARY KEY, user_id integer NOT NULL, city text NOT NULL);
INSERT INTO addresses SELECT g, g, 'city ' || (g % 7) FROM generate_series(1, 100000) g;
\c so_orders
CREATE EXTENSION graphgate CASCADE;
-- Wide rows (about 15 to a page), enough of them to be larger than a quarter of shared_buffers
-- whatever it is set to.
CREATE TABLE orders (id integer PRIMARY KEY, ordered_by_user_id integer NOT NULL, note text);
SELECT setting::bigint / 4 * 16 + 20000 AS n FROM pg_settings WHERE name = 'shared_buffers' \gset
INSERT INTO orders SELECT g, (g % 100000) + 1, repeat('x', 480) FROM generate_series(1, :n) g;
VACUUM ANALYZE orders;
SELECT pg_relation_size('orders') / current_setting('block_size')::int >
       (SELECT setting::bigint / 4 FROM pg_settings WHERE name = 'shared_buffers') AS synchronized_scans_apply,
       current_setting('synchronize_seqscans') AS synchronize_seqscans;
SELECT graphgate.add_source('users_db', format('host=%s port=%s dbname=so_users',
  current_setting('unix_socket_directories'), current_setting('port')));
SELECT graphgate.metadata('{"type": "bulk", "args": [
  {"type": "pg_track_table", "args": {"source": "so_orders", "table": "orders"}},
  {"type": "create_remote_relationship", "args": {"name": "ordered_by_user", "source": "so_orders", "table": "orders",
     "remote_source": {"relationship_type": "object", "field_mapping": {"ordered_by_user_id": "id"}, "source": "users_db", "table": "users"}}},
  {"type": "create_remote_relationship", "args": {"name": "addresses", "source": "so_orders", "table": "orders",
     "remote_source": {"relationship_type": "array", "field_mapping": {"ordered_by_user_id": "user_id"}, "source": "users_db", "table": "addresses"}}}
]}');

-- For each query: how many orders came back, and how many of them lost their remote rows.
CREATE FUNCTION lost(query text, field text, variables jsonb DEFAULT NULL) RETURNS text LANGUAGE sql AS $$
  SELECT count(*) || ' orders, ' ||
         count(*) FILTER (WHERE e -> field IN ('null'::jsonb, '[]'::jsonb)
                             OR e -> field -> 'aggregate' -> 'count' = '0'::jsonb) || ' lost'
  FROM graphgate.graphql(query, variables) r,
       jsonb_array_elements(coalesce(r::jsonb -> 'data' -> 'orders', r::jsonb -> 'data' -> 'orders_aggregate' -> 'nodes')) e $$;

SELECT lost('{ orders(limit: 2000) { id ordered_by_user { id } } }', 'ordered_by_user');
SELECT lost('{ orders(limit: 2000, offset: 3000) { id ordered_by_user { id } } }', 'ordered_by_user');
SELECT lost('{ orders(limit: 2000, where: {id: {_gt: 1000}}) { id ordered_by_user { id } } }', 'ordered_by_user');
SELECT lost('{ orders(limit: 2000) { id addresses { city } } }', 'addresses');
SELECT lost('{ orders(limit: 2000) { id addresses_aggregate { aggregate { count } } } }', 'addresses_aggregate');
SELECT lost('{ orders_aggregate(limit: 2000) { nodes { id ordered_by_user { id } } } }', 'ordered_by_user');
SELECT lost('query ($n: Int!) { orders(limit: $n) { id ordered_by_user { id } } }', 'ordered_by_user', '{"n": 2000}');
-- two remote fields of one level share the one read
SELECT lost('{ orders(limit: 2000) { id ordered_by_user { id } addresses { city } } }', 'ordered_by_user');

-- The plan reads orders once (one scan feeds the keys and the output) ...
SELECT count(*) AS scans_of_orders
FROM regexp_split_to_table(graphgate.explain('{ orders(limit: 2000) { id ordered_by_user { id } addresses { city } } }'), '\n') l
WHERE l ~ 'Scan on public\.orders';
-- ... and a level without remote fields keeps its plain single-scan shape.
SELECT graphgate.explain('{ orders(limit: 2) { id } }') ~ 'MATERIALIZED' AS materialized;

\c contrib_regression
DROP DATABASE so_orders WITH (FORCE);
DROP DATABASE so_users WITH (FORCE);
