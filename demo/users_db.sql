-- The demo's users_db: users with realistic names, generated (the same every run).
CREATE TABLE users (
    id integer PRIMARY KEY,
    name text NOT NULL,
    email text NOT NULL UNIQUE,
    signed_up timestamptz NOT NULL
);
INSERT INTO users
SELECT g,
       first || ' ' || last,
       lower(first || '.' || last || g || '@example.com'),
       timestamptz '2022-01-01 00:00:00+00' + (g * interval '37 minutes')
FROM generate_series(1, 5000) g,
     LATERAL (SELECT (ARRAY['Ada', 'Alan', 'Barbara', 'Claude', 'Donald', 'Edsger', 'Frances', 'Grace',
                            'John', 'Katherine', 'Leslie', 'Margaret', 'Niklaus', 'Radia', 'Tim', 'Ken'])[1 + g % 16] AS first,
                     (ARRAY['Lovelace', 'Turing', 'Liskov', 'Shannon', 'Knuth', 'Dijkstra', 'Allen', 'Hopper',
                            'McCarthy', 'Johnson', 'Lamport', 'Hamilton', 'Wirth', 'Perlman', 'Berners-Lee',
                            'Thompson', 'Ritchie'])[1 + (g / 16) % 17] AS last) n;
ANALYZE users;
