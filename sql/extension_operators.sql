-- The operators of common types and extensions: citext's text operators (citext_comparison_exp,
-- as Hasura), ltree's _ancestor/_descendant/_matches families, jsonb's _cast: {String: ...}; on
-- this database's tables and on a remote source's, in filters across relationships too.
CREATE DATABASE eo_remote;
CREATE DATABASE eo_main;
\c eo_remote
CREATE EXTENSION citext;
CREATE EXTENSION ltree;
CREATE TABLE places (id integer PRIMARY KEY, path ltree NOT NULL, label citext NOT NULL);
INSERT INTO places VALUES (1, 'Top', 'World'), (2, 'Top.Europe', 'Europe'), (3, 'Top.Europe.France', 'France'),
                          (4, 'Top.Europe.France.Paris', 'Paris'), (5, 'Top.Asia.Japan', 'Japan');
\c eo_main
CREATE EXTENSION graphgate CASCADE;
CREATE EXTENSION citext;
CREATE EXTENSION ltree;
CREATE TABLE users (id integer PRIMARY KEY, email citext NOT NULL, home ltree, settings jsonb, place_id integer);
INSERT INTO users VALUES
  (1, 'Ada@Example.com', 'Top.Europe.France.Paris', '{"theme": "dark", "size": 12}', 4),
  (2, 'brian@example.org', 'Top.Asia.Japan', '"plain"', 5),
  (3, 'CHLOE@EXAMPLE.COM', 'Top.Europe', '[1, 2]', 2),
  (4, 'dmitri@example.net', NULL, NULL, NULL);
SELECT graphgate.add_source('remote_db', format('host=%s port=%s dbname=eo_remote',
  current_setting('unix_socket_directories'), current_setting('port')));
SELECT graphgate.metadata('{"type": "bulk", "args": [
  {"type": "pg_track_table", "args": {"table": "users"}},
  {"type": "pg_track_table", "args": {"source": "remote_db", "table": "places"}},
  {"type": "pg_create_remote_relationship", "args": {"name": "place", "table": "users",
     "definition": {"to_source": {"relationship_type": "object", "source": "remote_db", "table": "places",
                                  "field_mapping": {"place_id": "id"}}}}}
]}');

-- the comparison types, as introspection shows them
SELECT graphgate.graphql('{ __type(name: "citext_comparison_exp") { inputFields { name type { name kind ofType { name } } } } }');
SELECT graphgate.graphql('{ __type(name: "ltree_comparison_exp") { inputFields { name description type { name kind ofType { name ofType { name } } } } } }');
SELECT graphgate.graphql('{ j: __type(name: "jsonb_comparison_exp") { inputFields { name } } c: __type(name: "jsonb_cast_exp") { kind inputFields { name type { name } } } }');

-- citext: equality and order ignore case, and so do its patterns
SELECT graphgate.graphql('{ users(where: {email: {_eq: "ada@example.COM"}}) { id } }');
SELECT graphgate.graphql('{ users(where: {email: {_in: ["BRIAN@EXAMPLE.ORG", "x"]}}) { id } }');
SELECT graphgate.graphql('{ users(where: {email: {_gt: "b"}}, order_by: {email: asc}) { email } }');
SELECT graphgate.graphql('{ a: users(where: {email: {_like: "%EXAMPLE.COM"}}, order_by: {id: asc}) { id }
                            b: users(where: {email: {_nlike: "%example.com"}}, order_by: {id: asc}) { id }
                            c: users(where: {email: {_ilike: "ada%"}}) { id }
                            d: users(where: {email: {_nilike: "%.com"}}, order_by: {id: asc}) { id }
                            e: users(where: {email: {_similar: "(ada|chloe)@%"}}, order_by: {id: asc}) { id }
                            f: users(where: {email: {_nsimilar: "(ada|chloe)@%"}}, order_by: {id: asc}) { id }
                            g: users(where: {email: {_regex: "^D"}}) { id }
                            h: users(where: {email: {_nregex: "\\.(com|org)$"}}) { id }
                            i: users(where: {email: {_iregex: "^b"}}) { id }
                            j: users(where: {email: {_niregex: "^[a-c]"}}) { id } }');

-- ltree: each operator, with literals and with variables
SELECT graphgate.graphql('{ a: users(where: {home: {_ancestor: "Top.Europe.France.Paris.Louvre"}}, order_by: {id: asc}) { id }
                            b: users(where: {home: {_descendant: "Top.Europe"}}, order_by: {id: asc}) { id }
                            c: users(where: {home: {_ancestor_any: ["Top.Asia.Japan.Tokyo", "Top.Europe.Italy"]}}, order_by: {id: asc}) { id }
                            d: users(where: {home: {_descendant_any: ["Top.Asia", "Top.Europe.France"]}}, order_by: {id: asc}) { id }
                            e: users(where: {home: {_matches: "*.France.*"}}) { id }
                            f: users(where: {home: {_matches_any: ["*.Japan", "Top.Europe"]}}, order_by: {id: asc}) { id }
                            g: users(where: {home: {_matches_fulltext: "Asia & !Europe"}}) { id }
                            h: users(where: {home: {_eq: "Top.Europe"}}) { id } }');
SELECT graphgate.graphql('query ($q: lquery, $any: [String!], $t: ltxtquery, $up: [ltree!]) {
  m: users(where: {home: {_matches: $q}}) { id }
  n: users(where: {home: {_matches_any: $any}}, order_by: {id: asc}) { id }
  t: users(where: {home: {_matches_fulltext: $t}}) { id }
  u: users(where: {home: {_ancestor_any: $up}}, order_by: {id: asc}) { id } }',
  '{"q": "Top.*{1}", "any": ["*.Paris", "*.Japan"], "t": "Europe", "up": ["Top.Europe.France.Paris"]}');
SELECT graphgate.graphql('{ users(where: {home: {_matches: "not a query!"}}) { id } }');

-- jsonb _cast: the value's text, with the String operators
SELECT graphgate.graphql('{ a: users(where: {settings: {_cast: {String: {_ilike: "%DARK%"}}}}) { id }
                            b: users(where: {settings: {_cast: {String: {_eq: "\"plain\""}}}}) { id }
                            c: users(where: {settings: {_cast: {String: {_in: ["[1, 2]", "x"]}}, _contains: [1]}}) { id }
                            d: users(where: {_not: {settings: {_cast: {String: {_is_null: false}}}}}) { id } }');
SELECT graphgate.graphql('query ($s: String_comparison_exp) { users(where: {settings: {_cast: {String: $s}}}) { id } }',
  '{"s": {"_regex": "size"}}');

-- a remote source's table: the same operators, in its own root fields and in a filter across the
-- remote relationship
SELECT graphgate.graphql('{ places(where: {path: {_descendant: "Top.Europe"}, label: {_ilike: "%R%"}}, order_by: {path: asc}) { id path label } }');
SELECT graphgate.graphql('{ places(where: {_or: [{path: {_matches_fulltext: "Japan"}}, {label: {_eq: "WORLD"}}]}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ places(where: {path: {_ancestor_any: ["Top.Europe.France.Lyon"], _matches_any: ["*.France", "Top"]}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ users(where: {place: {path: {_matches: "Top.Europe.*"}, label: {_like: "paris"}}}) { id place { label } } }');

\c contrib_regression
DROP DATABASE eo_main WITH (FORCE);
DROP DATABASE eo_remote WITH (FORCE);
