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
SELECT graphgate.graphql('mutation { update_orders(where: {id: {_in: [2, 3]}}, _set: {ordered_by_user_id: 1}) { returning { id ordered_by_user { name } } } }');
SELECT graphgate.graphql('mutation { delete_orders_by_pk(id: 5) { id ordered_by_user { name } } }');
-- the Remote SQL of the fetch, sent once for all the returned rows
SELECT line FROM regexp_split_to_table(graphgate.explain(
  'mutation { insert_orders(objects: [{id: 6, ordered_by_user_id: 2, amount: 1}]) { returning { ordered_by_user { name } } } }'), '\n') AS line
WHERE line LIKE 'Request %' OR line LIKE '  Remote SQL: %' OR line LIKE '%Function Scan on graphgate.remote_fetch%';
SELECT id, ordered_by_user_id, amount FROM orders ORDER BY id;

\c contrib_regression
DROP DATABASE mr_orders WITH (FORCE);
DROP DATABASE mr_users WITH (FORCE);
