-- Step 1 of the seed: the remote relationship, created with the seed's request body verbatim,
-- its generated batch function (keys shipped to the remote as one parameter) and view.
CREATE DATABASE users_db;
CREATE DATABASE orders_db;
\c users_db
CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO users VALUES (1, 'Alice'), (2, 'Bob'), (3, 'Carol'), (4, 'Dave');
CREATE TABLE accounts (region text, num integer, label text, PRIMARY KEY (region, num));
INSERT INTO accounts VALUES ('eu', 1, 'eu-1'), ('eu', 2, 'eu-2'), ('us', 1, 'us-1'), ('us', 2, 'us-2');
\c orders_db
CREATE TABLE orders (id integer PRIMARY KEY, ordered_by_user_id integer, region text, account_num integer);
INSERT INTO orders VALUES (10, 1, 'eu', 2), (11, 2, 'us', 1), (12, NULL, 'eu', NULL), (13, 1, 'us', 9);
CREATE EXTENSION graphgate CASCADE;
SET compute_query_id = off;
SELECT format('host=%s port=%s dbname=users_db', current_setting('unix_socket_directories'),
              current_setting('port')) AS users_conn \gset
SELECT graphgate.add_source('users_db', :'users_conn');
SELECT graphgate.track_table('orders_db', 'orders');

-- the seed's /v1/query body, verbatim (users is not tracked yet: creating the relationship tracks it)
SELECT graphgate.metadata('{
  "type": "create_remote_relationship",
  "args": {
    "name": "ordered_by_user",
    "source": "orders_db",
    "table": "orders",
    "remote_source": {
      "relationship_type": "object",
      "field_mapping": {
        "ordered_by_user_id": "id"
      },
      "source": "users_db",
      "table": "users"
    }
  }
}');
SELECT source, table_name FROM graphgate.tables ORDER BY 1, 2;
SELECT name, kind, is_remote, target_source, target_table, mapping, function_name, view_name
FROM graphgate.relationships;

-- the batch function: the users whose ids are in the array, through one Foreign Scan that
-- ships the whole array as a parameter
\df graphgate_rel.*
SELECT * FROM graphgate_rel.orders_ordered_by_user_batch(ARRAY[1, 2, 99]) ORDER BY id;
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM graphgate_rel.orders_ordered_by_user_batch(ARRAY[1, 2, 99]);
-- inlined in the compiler's shape, the keys of every parent row go as one $n parameter
EXPLAIN (VERBOSE, COSTS OFF)
WITH p AS MATERIALIZED (SELECT o.id, o.ordered_by_user_id FROM orders o),
     k AS (SELECT ARRAY(SELECT DISTINCT ordered_by_user_id FROM p WHERE ordered_by_user_id IS NOT NULL) AS a)
SELECT p.id, u.name FROM p LEFT JOIN (SELECT u.* FROM k CROSS JOIN LATERAL graphgate_rel.orders_ordered_by_user_batch(k.a) u) u
  ON u.id = p.ordered_by_user_id;

-- the view: every order with its user's columns
SELECT * FROM graphgate_rel.orders_ordered_by_user ORDER BY id;

-- Hasura's current form (definition.to_source), a two-column mapping, through SQL
SELECT graphgate.create_remote_relationship('account', 'orders_db', 'orders',
  definition => '{"to_source": {"relationship_type": "object", "source": "users_db", "table": "accounts",
                                "field_mapping": {"region": "region", "account_num": "num"}}}');
\df graphgate_rel.orders_account_batch
-- one = ANY per column in the Remote SQL; only exact (num, region) pairs come back: (2,'eu') and
-- (1,'us') are asked for, not (1,'eu') nor (2,'us')
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM graphgate_rel.orders_account_batch(ARRAY[2, 1], ARRAY['eu', 'us']);
SELECT * FROM graphgate_rel.orders_account_batch(ARRAY[2, 1], ARRAY['eu', 'us']) ORDER BY region, num;
SELECT id, "account.label" FROM graphgate_rel.orders_account ORDER BY id;

-- an array relationship: users to their orders (a remote relationship from users_db back here)
SELECT graphgate.add_source('orders_src', format('host=%s port=%s dbname=orders_db',
  current_setting('unix_socket_directories'), current_setting('port')));
SELECT graphgate.metadata('{"type": "pg_create_remote_relationship", "args": {"source": "users_db", "table": "users",
  "name": "orders", "definition": {"to_source": {"relationship_type": "array", "source": "orders_src",
  "table": "orders", "field_mapping": {"id": "ordered_by_user_id"}}}}}');
SELECT id, "orders.id" FROM graphgate_rel.users_db_users_orders ORDER BY 1, 2;
SELECT id, ordered_by_user_id FROM graphgate_rel.users_db_users_orders_batch(ARRAY[1]) ORDER BY id;

-- update: regenerated with the new mapping; the function's signature follows
SELECT graphgate.metadata('{"type": "pg_update_remote_relationship", "args": {"source": "orders_db", "table": "orders",
  "name": "account", "definition": {"to_source": {"relationship_type": "array", "source": "users_db",
  "table": "accounts", "field_mapping": {"region": "region"}}}}}');
SELECT name, kind, mapping FROM graphgate.relationships WHERE name = 'account';
\df graphgate_rel.orders_account_batch
SELECT id, "account.label" FROM graphgate_rel.orders_account WHERE id = 10 ORDER BY 2;

-- dropping a relationship removes its function and view
SELECT graphgate.metadata('{"type": "pg_delete_remote_relationship", "args": {"source": "orders_db", "table": "orders", "name": "account"}}');
SELECT graphgate.drop_remote_relationship('orders', 'users_db', 'users');
\df graphgate_rel.*
\dv graphgate_rel.*
SELECT name FROM graphgate.relationships;

\c contrib_regression
DROP DATABASE orders_db WITH (FORCE);
DROP DATABASE users_db WITH (FORCE);
