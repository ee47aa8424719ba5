-- Databases of the browser suite (test/scripts/browser.sh loads this with psql as a superuser):
-- the seed's two databases under names of their own, so that the server suite's run beside it
-- never collides.  The metadata (source, tracking, the relationship) is created over HTTP by
-- the tests, as a user of the console would have it.
\set ON_ERROR_STOP 1

CREATE DATABASE br_users;
CREATE DATABASE br_orders;

\c br_users
CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO users VALUES (1, 'Alice'), (2, 'Bob'), (3, 'Carol');

\c br_orders
SET client_min_messages = warning;  -- no NOTICE about postgres_fdw in the suite's output
CREATE EXTENSION graphgate CASCADE;
CREATE TABLE orders (id int PRIMARY KEY, ordered_by_user_id int, amount numeric NOT NULL);
INSERT INTO orders VALUES (1, 1, 10.50), (2, 2, 20), (3, 1, 7.25), (4, 3, 99);
