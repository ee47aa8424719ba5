-- The demo's orders_db: orders of the users in users_db, some without a user (guest checkouts).
CREATE EXTENSION graphgate CASCADE;
CREATE TABLE orders (
    id integer PRIMARY KEY,
    ordered_by_user_id integer,  -- a user in users_db; NULL for a guest checkout
    placed_at timestamptz NOT NULL,
    total numeric(10,2) NOT NULL,
    status text NOT NULL
);
INSERT INTO orders
SELECT g,
       CASE WHEN g % 20 = 0 THEN NULL ELSE 1 + (hashint4(g) & 2147483647) % 5000 END,
       timestamptz '2023-01-01 00:00:00+00' + (g * interval '11 minutes'),
       round((5 + (hashint4(g * 7) & 2147483647) % 50000 / 100.0)::numeric, 2),
       (ARRAY['placed', 'paid', 'shipped', 'delivered'])[1 + g % 4]
FROM generate_series(1, 20000) g;
ANALYZE orders;
