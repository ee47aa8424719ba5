-- The generated views read with the rights of whoever reads them (security_invoker), also after
-- the DDL event trigger regenerated them as the extension's owner (issue 11, item 17).  A BI
-- setup that makes every generated view readable (default privileges) must not hand out the
-- tables behind them, nor the generating role's user mapping of a remote source.
CREATE DATABASE vp_remote;
CREATE DATABASE vp_local;
\c vp_remote
CREATE TABLE users (id integer PRIMARY KEY, name text);
INSERT INTO users VALUES (1, 'Alice');
\c vp_local
CREATE EXTENSION graphgate CASCADE;
SELECT format('host=%s port=%s dbname=vp_remote', current_setting('unix_socket_directories'),
              current_setting('port')) AS remote_conn \gset
SELECT graphgate.add_source('remote', :'remote_conn');
CREATE TABLE orders (id integer PRIMARY KEY, user_id integer, secret_id integer);
CREATE TABLE secrets (id integer PRIMARY KEY, code text);
INSERT INTO orders VALUES (10, 1, 7);
INSERT INTO secrets VALUES (7, 'swordfish');
SELECT graphgate.track_table('default', 'orders');
SELECT graphgate.track_table('default', 'secrets');

CREATE ROLE vp_analyst;
ALTER DEFAULT PRIVILEGES IN SCHEMA graphgate_rel GRANT SELECT ON TABLES TO vp_analyst;
GRANT SELECT ON orders TO vp_analyst;
SELECT graphgate.create_remote_relationship('buyer', 'default', 'orders',
  '{"relationship_type": "object", "field_mapping": {"user_id": "id"}, "source": "remote", "table": "users"}');
SELECT graphgate.create_object_relationship('default', 'orders', 'secret',
  '{"manual_configuration": {"remote_table": "secrets", "column_mapping": {"secret_id": "id"}}}');

\set VERBOSITY terse
SET ROLE vp_analyst;
SELECT id, "buyer.name" FROM graphgate_rel.orders_buyer;
SELECT id, "secret.code" FROM graphgate_rel.orders_secret;
RESET ROLE;

-- the event trigger regenerates both views as the extension's owner
ALTER TABLE orders ADD COLUMN note text;
SELECT c.relname, c.reloptions FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'graphgate_rel' AND c.relkind = 'v' ORDER BY 1;
SET ROLE vp_analyst;
SELECT id, "buyer.name" FROM graphgate_rel.orders_buyer;
SELECT id, "secret.code" FROM graphgate_rel.orders_secret;
RESET ROLE;
\set VERBOSITY default

-- with its own privileges (and its own user mapping for the remote source) the role reads them
GRANT SELECT ON secrets, remote.users TO vp_analyst;
CREATE USER MAPPING FOR vp_analyst SERVER remote OPTIONS (user 'postgres', password_required 'false');
SET ROLE vp_analyst;
SELECT id, "secret.code" FROM graphgate_rel.orders_secret;
SELECT id, "buyer.name" FROM graphgate_rel.orders_buyer;
RESET ROLE;

\c contrib_regression
DROP DATABASE vp_local WITH (FORCE);
DROP DATABASE vp_remote WITH (FORCE);
DROP ROLE vp_analyst;
