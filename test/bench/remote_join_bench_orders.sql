-- Data of test/bench/remote_join_bench.sh, the local side (the orders database, where graphgate
-- lives): orders(id, ordered_by_user_id), every 10th key NULL, the others spread over the users
-- by hashint4 (deterministic: every run reads the same rows, duplicates included).
-- psql variables: users, orders (row counts), users_conn (conninfo of the users database).
CREATE EXTENSION graphgate CASCADE;
CREATE TABLE orders (id integer PRIMARY KEY, ordered_by_user_id integer);
INSERT INTO orders
SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE (hashint4(g)::bigint & 2147483647) % :users + 1 END
FROM generate_series(1, :orders) g;
VACUUM ANALYZE orders;

SELECT graphgate.add_source('users_db', :'users_conn');
SELECT graphgate.track_table(current_database(), 'orders');
-- the seed's request body (remote-source-relationships), with this database's name as the source
-- of the orders table (the seed's is orders_db)
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
