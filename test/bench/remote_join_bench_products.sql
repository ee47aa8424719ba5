-- Data of test/bench/remote_join_bench.sh, the second remote side (the products database):
-- products(id, name), filled with generate_series.  psql variable: products (row count).
CREATE TABLE products (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO products SELECT g, 'product ' || g FROM generate_series(1, :products) g;
VACUUM ANALYZE products;
