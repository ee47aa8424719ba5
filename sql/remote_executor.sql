-- The remote executor (design §8a): every remote request of a level goes out in one pipelined
-- round trip for all sources, on a connection cached per user mapping; a source that is down is
-- a clear error and comes back by itself; statement_timeout and pg_cancel_backend stop a slow
-- remote query; ALTER USER MAPPING takes effect on the next request; privileges are checked
-- before anything is sent; a batch whose keys cover most of the target fetches it whole.
CREATE DATABASE rx_a;
CREATE DATABASE rx_b;
CREATE DATABASE rx_local;
\c rx_a
CREATE EXTENSION pg_stat_statements;
CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, secret text);
INSERT INTO users SELECT g, 'user ' || g, 'secret ' || g FROM generate_series(1, 1000) g;
ANALYZE users;
-- what the remote side runs as, and a view that takes its time (5 ms a row)
CREATE VIEW users_seen AS SELECT id, current_user::text AS seen_as FROM users;
CREATE VIEW slow_users AS SELECT id, name FROM users WHERE pg_sleep(0.005) IS NOT NULL;
CREATE ROLE rx_other LOGIN;
GRANT SELECT ON users_seen TO rx_other;
\c rx_b
CREATE EXTENSION pg_stat_statements;
CREATE TABLE products (id integer PRIMARY KEY, title text NOT NULL);
INSERT INTO products SELECT g, 'product ' || g FROM generate_series(1, 5000) g;
ANALYZE products;
\c rx_local
CREATE EXTENSION graphgate CASCADE;
CREATE EXTENSION dblink;
SET compute_query_id = off;
CREATE TABLE orders (id integer PRIMARY KEY, user_id integer, product_id integer);
INSERT INTO orders SELECT g, (g % 1000) + 1, (g % 50) + 1 FROM generate_series(1, 2000) g;
SELECT format('host=%s port=%s', current_setting('unix_socket_directories'), current_setting('port')) AS here \gset
SELECT graphgate.add_source('a_db', :'here' || ' dbname=rx_a');
SELECT graphgate.add_source('b_db', :'here' || ' dbname=rx_b');
SELECT graphgate.metadata('{"type": "bulk", "args": [
  {"type": "pg_track_table", "args": {"source": "rx_local", "table": "orders"}},
  {"type": "create_remote_relationship", "args": {"name": "user", "source": "rx_local", "table": "orders",
     "remote_source": {"relationship_type": "object", "field_mapping": {"user_id": "id"}, "source": "a_db", "table": "users"}}},
  {"type": "create_remote_relationship", "args": {"name": "product", "source": "rx_local", "table": "orders",
     "remote_source": {"relationship_type": "object", "field_mapping": {"product_id": "id"}, "source": "b_db", "table": "products"}}},
  {"type": "create_remote_relationship", "args": {"name": "seen", "source": "rx_local", "table": "orders",
     "remote_source": {"relationship_type": "object", "field_mapping": {"user_id": "id"}, "source": "a_db", "table": "users_seen"}}},
  {"type": "create_remote_relationship", "args": {"name": "slow_user", "source": "rx_local", "table": "orders",
     "remote_source": {"relationship_type": "object", "field_mapping": {"user_id": "id"}, "source": "a_db", "table": "slow_users"}}}
]}');
-- the sources' estimates, read at tracking (a view has none)
SELECT source, table_name, row_estimate FROM graphgate.tables ORDER BY 1, 2;

-- two sources in one request: both requests in one remote_fetch() call at level 1
SELECT jsonb_pretty(graphgate.graphql(
  '{ orders(order_by: {id: asc}, limit: 2) { id user { name } product { title } } }')::jsonb);
SELECT line FROM regexp_split_to_table(graphgate.explain(
  '{ orders(order_by: {id: asc}, limit: 2) { id user { name } product { title } } }'), '\n') AS line
WHERE line LIKE 'Request %' OR line LIKE '%Function Scan on graphgate.remote_fetch%';

-- what the targets receive in steady state: one statement each per request, keys shipped
SELECT * FROM dblink(:'here' || ' dbname=rx_a', 'SELECT pg_stat_statements_reset()') AS t(x text);
SELECT * FROM dblink(:'here' || ' dbname=rx_b', 'SELECT pg_stat_statements_reset()') AS t(x text);
SELECT count(*) FROM (SELECT graphgate.graphql(
  '{ orders(order_by: {id: asc}, limit: 100) { id user { name } product { title } } }')
  FROM generate_series(1, 3)) AS calls;
SELECT * FROM dblink(:'here' || ' dbname=rx_a',
  $$SELECT sum(calls), bool_and(query LIKE '%= ANY%') FROM pg_stat_statements
    WHERE query LIKE '/* graphgate */%' AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())$$) AS t(statements numeric, keys_shipped boolean);
SELECT * FROM dblink(:'here' || ' dbname=rx_b',
  $$SELECT sum(calls), bool_and(query LIKE '%= ANY%') FROM pg_stat_statements
    WHERE query LIKE '/* graphgate */%' AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())$$) AS t(statements numeric, keys_shipped boolean);

-- keys covering most of the target (1,000 users of 1,000): the whole table is fetched instead,
-- with the same answer
SELECT * FROM dblink(:'here' || ' dbname=rx_a', 'SELECT pg_stat_statements_reset()') AS t(x text);
SELECT count(*) AS orders, count(DISTINCT o -> 'user' ->> 'name') AS users,
       bool_and(o -> 'user' ->> 'name' = 'user ' || (((o ->> 'id')::int % 1000) + 1)) AS right_user
FROM jsonb_array_elements(graphgate.graphql('{ orders { id user { name } } }')::jsonb -> 'data' -> 'orders') o;
SELECT * FROM dblink(:'here' || ' dbname=rx_a',
  $$SELECT sum(calls), bool_or(query LIKE '%= ANY%') FROM pg_stat_statements
    WHERE query LIKE '/* graphgate */%' AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())$$) AS t(statements numeric, keys_shipped boolean);

-- a source that is down: a clear error naming it, other queries go on, and the next request
-- after it is back reconnects by itself
ALTER DATABASE rx_b ALLOW_CONNECTIONS false;
SELECT count(pg_terminate_backend(pid, 5000)) > 0 AS cached_connection_killed
FROM pg_stat_activity WHERE datname = 'rx_b';
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 1}}) { id product { title } } }')::jsonb #- '{errors,0,extensions,internal}';
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 1}}) { id user { name } } }');
ALTER DATABASE rx_b ALLOW_CONNECTIONS true;
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 1}}) { id product { title } } }');

-- ALTER USER MAPPING takes effect on the next request: the cached connection is dropped
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 1}}) { id seen { seen_as } } }');
ALTER USER MAPPING FOR CURRENT_USER SERVER a_db OPTIONS (ADD user 'rx_other');
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 1}}) { id seen { seen_as } } }');
ALTER USER MAPPING FOR CURRENT_USER SERVER a_db OPTIONS (SET user 'rx_nobody');
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 1}}) { id seen { seen_as } } }')::jsonb #- '{errors,0,extensions,internal}';
ALTER USER MAPPING FOR CURRENT_USER SERVER a_db OPTIONS (DROP user);
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 1}}) { id seen { seen_as } } }');

-- statement_timeout stops a slow remote query (100 users at 5 ms: 0.5 s) within a second, and
-- the remote query is cancelled, not left running
SET statement_timeout = '200ms';
SELECT clock_timestamp() AS t0 \gset
\set VERBOSITY terse
SELECT graphgate.graphql('{ orders(order_by: {id: asc}, limit: 100) { id slow_user { name } } }');
\set VERBOSITY default
RESET statement_timeout;
SELECT clock_timestamp() - :'t0'::timestamptz < interval '1 second' AS timed_out_in_time;
CREATE FUNCTION remote_graphgate_queries() RETURNS bigint LANGUAGE sql AS $$
  SELECT count(*) FROM pg_stat_activity WHERE datname = 'rx_a' AND state = 'active'
                                        AND query LIKE '/* graphgate */%' $$;
CREATE FUNCTION wait_remote_idle() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
    FOR i IN 1..100 LOOP
        PERFORM pg_stat_clear_snapshot();
        EXIT WHEN remote_graphgate_queries() = 0;
        PERFORM pg_sleep(0.01);
    END LOOP;
    RETURN remote_graphgate_queries();
END $$;
SELECT wait_remote_idle() AS remote_queries_left_running;
-- the connection that was cancelled serves the next request
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 2}}) { id slow_user { name } } }');

-- pg_cancel_backend from another session, the same
SELECT dblink_connect('caller', :'here' || ' dbname=rx_local');
SELECT pid AS caller_pid FROM dblink('caller', 'SELECT pg_backend_pid()') AS t(pid int) \gset
SELECT dblink_send_query('caller',
  $$SELECT graphgate.graphql('{ orders(order_by: {id: asc}, limit: 400) { id slow_user { name } } }')$$);
SELECT pg_sleep(0.2);
SELECT clock_timestamp() AS t0 \gset
SELECT pg_cancel_backend(:caller_pid);
SELECT dblink_get_result('caller', false) IS NULL AS no_result;
SELECT clock_timestamp() - :'t0'::timestamptz < interval '1 second' AS cancelled_in_time;
SELECT split_part(dblink_error_message('caller'), E'\n', 1) AS caller_error;
SELECT wait_remote_idle() AS remote_queries_left_running;
SELECT dblink_disconnect('caller');

-- privileges are checked here, before anything is sent: a role without SELECT on a remote
-- column does not see the field, and one whose grant is revoked after the query was compiled
-- is refused at execution; the target receives nothing either way
CREATE ROLE rx_reader;
GRANT SELECT ON orders TO rx_reader;
GRANT USAGE ON SCHEMA a_db TO rx_reader;
GRANT SELECT (id, name) ON a_db.users TO rx_reader;
CREATE USER MAPPING FOR rx_reader SERVER a_db OPTIONS (user 'postgres', password_required 'false');
SELECT * FROM dblink(:'here' || ' dbname=rx_a', 'SELECT pg_stat_statements_reset()') AS t(x text);
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 1}}) { id user { secret } } }', NULL, NULL,
                         '{"x-hasura-role": "rx_reader"}');
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 1}}) { id user { name } } }', NULL, NULL,
                         '{"x-hasura-role": "rx_reader"}');
REVOKE SELECT (name) ON a_db.users FROM rx_reader;
SELECT * FROM dblink(:'here' || ' dbname=rx_a', 'SELECT pg_stat_statements_reset()') AS t(x text);
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 1}}) { id user { name } } }', NULL, NULL,
                         '{"x-hasura-role": "rx_reader"}');
-- a role without a user mapping for the source: postgres_fdw's error, nothing sent either
CREATE ROLE rx_unmapped;
GRANT SELECT ON orders TO rx_unmapped;
GRANT USAGE ON SCHEMA a_db TO rx_unmapped;
GRANT SELECT ON a_db.users TO rx_unmapped;
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 1}}) { id user { name } } }', NULL, NULL,
                         '{"x-hasura-role": "rx_unmapped"}');
SELECT * FROM dblink(:'here' || ' dbname=rx_a',
  $$SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query LIKE '/* graphgate */%' AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())$$)
  AS t(statements_received numeric);

-- remote_fetch() called by hand: only this session's compiled requests, each with its own
-- number of parameters (refused here, not by the source), and no NULLs
\c rx_local
SELECT graphgate.graphql('{ orders(where: {id: {_eq: 1}}) { id user { name } } }');
SELECT * FROM graphgate.remote_fetch(ARRAY[ROW(1, 1, ARRAY['{2,3}'])::graphgate.remote_request]) ORDER BY k;
SELECT * FROM graphgate.remote_fetch(ARRAY[ROW(1, 1, ARRAY['{2}', 'x'])::graphgate.remote_request]);
SELECT * FROM graphgate.remote_fetch(ARRAY[ROW(424242, 1, ARRAY['{2}'])::graphgate.remote_request]);
SELECT * FROM graphgate.remote_fetch(ARRAY[NULL::graphgate.remote_request]);
SELECT * FROM graphgate.remote_fetch(ARRAY[ROW(1, 1, NULL)::graphgate.remote_request]);

\c postgres
DROP DATABASE rx_local WITH (FORCE);
DROP DATABASE rx_a WITH (FORCE);
DROP DATABASE rx_b WITH (FORCE);
DROP ROLE rx_other;
DROP ROLE rx_reader;
DROP ROLE rx_unmapped;
