-- Data of test/bench/remote_join_bench.sh, the remote side (the users database): users(id, name),
-- filled with generate_series.  psql variable: users (row count).
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO users SELECT g, 'user ' || g FROM generate_series(1, :users) g;
VACUUM ANALYZE users;
