-- Mutations whose `returning` reaches another database: the write's rows are the remote
-- executor's parents (one remote_fetch() over the returned keys), in the same statement.
CREATE DATABASE mr_users;
CREATE DATABASE mr_orders;
\c mr_users
CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO users VALUES (1, 'Alice'), (2, 'Bob'), (3, 'Carol');
\c mr_orders
CREATE EXTENSION graphgate CASCADE;
SET compute_query_id = off;
CREATE TABLE orders (id integer PRIMARY KEY, ordered_by_user_id integer, amount numeric(10,2) NOT NULL);
INSERT INTO orders VALUES (1, 1, 10.50);
SELECT graphgate.add_source('users_db', format('host=%s port=%s dbname=mr_users',
  current_setting('unix_socket_directories'), current_setting('port')));
SELECT graphgate.metadata('{"type": "bulk", "args": [
  {"type": "pg_track_table", "args": {"source": "mr_orders", "table": "orders"}},
  {"type": "pg_track_table", "args": {"source": "users_db", "table": "users"}},
  {"type": "pg_create_remote_relationship", "args": {"name": "ordered_by_user", "source": "mr_orders", "table": "orders",
     "definition": {"to_source": {"relationship_type": "object", "source": "users_db", "table": "users", "field_mapping": {"ordered_by_user_id": "id"}}}}}
]}');

SELECT graphgate.graphql('mutation { insert_orders(objects: [{id: 2, ordered_by_user_id: 2, amount: 20}, {id: 3, ordered_by_user_id: 3, amount: 5}, {id: 4, amount: 1}]) { affected_rows returning { id ordered_by_user { name } } } }');
SELECT graphgate.graphql('mutation { insert_orders_one(object: {id: 5, ordered_by_user_id: 1, amount: 2}) { id ordered_by_user { id name } } }');
-- (returning has no order of its own: sorted here)
SELECT jsonb_agg(r ORDER BY (r ->> 'id')::int) FROM jsonb_array_elements(graphgate.graphql('mutation { update_orders(where: {id: {_in: [2, 3]}}, _set: {ordered_by_user_id: 1}) { returning { id ordered_by_user { name } } } }')::jsonb #> '{data,update_orders,returning}') r;
SELECT graphgate.graphql('mutation { delete_orders_by_pk(id: 5) { id ordered_by_user { name } } }');
-- the Remote SQL of the fetch, sent once for all the returned rows
SELECT line FROM regexp_split_to_table(graphgate.explain(
  'mutation { insert_orders(objects: [{id: 6, ordered_by_user_id: 2, amount: 1}]) { returning { ordered_by_user { name } } } }'), '\n') AS line
WHERE line LIKE 'Request %' OR line LIKE '  Remote SQL: %' OR line LIKE '%Function Scan on graphgate.remote_fetch%';
SELECT id, ordered_by_user_id, amount FROM orders ORDER BY id;

-- writes to a remote source's table go through postgres_fdw, inside the local transaction
SELECT graphgate.graphql('{ __type(name: "users_constraint") { enumValues { name } } }');
SELECT graphgate.graphql('mutation { insert_users(objects: [{id: 4, name: "Dave"}, {id: 5, name: "Eve"}]) { affected_rows returning { id name } } }');
-- the fields after it see the write (the same postgres_fdw transaction)
SELECT graphgate.graphql('mutation { insert_users_one(object: {id: 6, name: "Fay"}) { id } update_users(where: {id: {_gt: 3}}, _set: {name: "later"}) { affected_rows returning { id name } } delete_users_by_pk(id: 6) { name } }');
-- upserts there are DO NOTHING only
SELECT graphgate.graphql('mutation { insert_users(objects: [{id: 1, name: "dup"}, {id: 7, name: "Gil"}], on_conflict: {constraint: users_pkey, update_columns: []}) { affected_rows returning { id name } } }');
SELECT graphgate.graphql('mutation { insert_users(objects: [{id: 1, name: "dup"}], on_conflict: {constraint: users_pkey, update_columns: [name]}) { affected_rows } }');
-- a constraint of the source refuses a row as a local one does
SELECT graphgate.graphql('mutation { insert_users_one(object: {id: 1, name: "again"}) { id } }');
-- a local write that fails rolls the remote write back
SELECT graphgate.graphql('mutation { insert_users_one(object: {id: 8, name: "Hal"}) { id } insert_orders_one(object: {id: 1, amount: 1}) { id } }');
\c mr_users
SELECT id, name FROM users ORDER BY id;
\c mr_orders
-- a read of a source the request wrote to would not see the write (the remote executor's
-- connections are not postgres_fdw's): refused, and nothing is written
SELECT graphgate.graphql('mutation { insert_users_one(object: {id: 9, name: "Ivy"}) { id } insert_orders_one(object: {id: 9, ordered_by_user_id: 9, amount: 1}) { id ordered_by_user { name } } }');

SELECT count(*) AS order_9 FROM orders WHERE id = 9;

\c contrib_regression
DROP DATABASE mr_orders WITH (FORCE);
DROP DATABASE mr_users WITH (FORCE);
