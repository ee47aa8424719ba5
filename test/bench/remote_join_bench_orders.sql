-- Data of test/bench/remote_join_bench.sh, the local side (the orders database, where graphgate
-- lives): orders(id, ordered_by_user_id, product_id), every 10th key of each NULL (not the same
-- orders), the others spread over the users and the products by two hashes (deterministic: every
-- run reads the same rows, duplicates included).  Two remote sources, each with a remote object
-- relationship: the seed's orders.ordered_by_user (users_db) and orders.product (products_db).
-- psql variables: users, products, orders (row counts), users_conn and products_conn (conninfo
-- of the two remote databases: the benchmark points them at its delay proxies).
CREATE EXTENSION graphgate CASCADE;
-- read and reset by the benchmark from this database's connections
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
CREATE TABLE orders (id integer PRIMARY KEY, ordered_by_user_id integer, product_id integer);
INSERT INTO orders
SELECT g,
       CASE WHEN g % 10 = 0 THEN NULL ELSE (hashint4(g)::bigint & 2147483647) % :users + 1 END,
       CASE WHEN g % 10 = 5 THEN NULL ELSE (hashint8(g)::bigint & 2147483647) % :products + 1 END
FROM generate_series(1, :orders) g;
VACUUM ANALYZE orders;

SELECT graphgate.add_source('users_db', :'users_conn');
SELECT graphgate.add_source('products_db', :'products_conn');
SELECT graphgate.track_table(current_database(), 'orders');
-- the seed's request body (remote-source-relationships), with this database's name as the source
-- of the orders table (the seed's is orders_db), and the same for the products
SELECT graphgate.metadata(replace('{
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
}', '"orders_db"', to_json(current_database())::text)::jsonb);
SELECT graphgate.metadata(replace('{
  "type": "create_remote_relationship",
  "args": {
    "name": "product",
    "source": "orders_db",
    "table": "orders",
    "remote_source": {
      "relationship_type": "object",
      "field_mapping": {
        "product_id": "id"
      },
      "source": "products_db",
      "table": "products"
    }
  }
}', '"orders_db"', to_json(current_database())::text)::jsonb);
