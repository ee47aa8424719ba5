-- where: every comparison operator, boolean nesting, relationship conditions.
\set ECHO none
\i sql/fixtures/gql.sql
\set ECHO all
SELECT graphgate.graphql('{ authors(where: {id: {_eq: 2}}) { id } }');
SELECT graphgate.graphql('{ authors(where: {id: {_neq: 2}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {id: {_gt: 2}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {id: {_gte: 2}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {id: {_lt: 2}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {id: {_lte: 2}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {id: {_in: [1, 3]}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {id: {_nin: [1, 3]}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {email: {_is_null: true}}) { id } }');
SELECT graphgate.graphql('{ authors(where: {email: {_is_null: false}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {name: {_like: "%r%"}}, order_by: {id: asc}) { name } }');
SELECT graphgate.graphql('{ authors(where: {name: {_nlike: "%r%"}}, order_by: {id: asc}) { name } }');
SELECT graphgate.graphql('{ authors(where: {name: {_ilike: "a%"}}, order_by: {id: asc}) { name } }');
SELECT graphgate.graphql('{ authors(where: {name: {_nilike: "a%"}}, order_by: {id: asc}) { name } }');
SELECT graphgate.graphql('{ authors(where: {name: {_similar: "(A|B)%"}}, order_by: {id: asc}) { name } }');
SELECT graphgate.graphql('{ authors(where: {name: {_nsimilar: "(A|B)%"}}, order_by: {id: asc}) { name } }');
SELECT graphgate.graphql('{ authors(where: {email: {_regex: "example\\.com$"}}, order_by: {id: asc}) { email } }');
SELECT graphgate.graphql('{ authors(where: {name: {_iregex: "^(ada|brian)$"}}, order_by: {id: asc}) { name } }');
SELECT graphgate.graphql('{ authors(where: {email: {_nregex: "example\\.com$"}}, order_by: {id: asc}) { email } }');
SELECT graphgate.graphql('{ authors(where: {name: {_niregex: "^(ada|brian)$"}}, order_by: {id: asc}) { name } }');
-- numeric, bigint, boolean, timestamptz comparisons
SELECT graphgate.graphql('{ authors(where: {rating: {_gte: "4.5"}}, order_by: {id: asc}) { id rating } }');
SELECT graphgate.graphql('{ articles(where: {views: {_gt: 4000000000}}) { id views } }');
SELECT graphgate.graphql('{ articles(where: {published: {_eq: false}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {joined: {_lt: "2020-06-01T00:00:00Z"}}, order_by: {id: asc}) { id joined } }');
-- jsonb operators
SELECT graphgate.graphql('{ authors(where: {profile: {_contains: {city: "Paris"}}}) { id } }');
SELECT graphgate.graphql('{ authors(where: {profile: {_contained_in: {langs: ["en"], extra: 1}}}) { id } }');
SELECT graphgate.graphql('{ authors(where: {profile: {_has_key: "city"}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {profile: {_has_keys_any: ["city", "langs"]}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {profile: {_has_keys_all: ["city", "langs"]}}) { id } }');
-- boolean nesting
SELECT graphgate.graphql('{ authors(where: {_or: [{id: {_eq: 1}}, {name: {_eq: "Chloé"}}]}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {_and: [{id: {_gt: 1}}, {rating: {_is_null: false}}]}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {_not: {id: {_eq: 1}}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {_or: [{_and: [{id: {_gt: 1}}, {id: {_lt: 4}}]}, {_not: {email: {_is_null: false}}}]}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {id: {_gt: 1, _lt: 4}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {_and: []}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {_or: []}) { id } }');
SELECT graphgate.graphql('{ authors(where: {}, order_by: {id: asc}) { id } }');
-- a null comparison is ignored, as in Hasura
SELECT graphgate.graphql('{ authors(where: {id: {_eq: null}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('query q($v: Int) { authors(where: {id: {_eq: $v}}, order_by: {id: asc}) { id } }', '{"v": null}');
SELECT graphgate.graphql('query q($v: Int) { authors(where: {id: {_eq: $v}}, order_by: {id: asc}) { id } }', '{"v": 3}');
-- relationship conditions: object (the related row matches), array (some related row matches)
SELECT graphgate.graphql('{ articles(where: {author: {name: {_eq: "Ada"}}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {articles: {views: {_gt: 1000}}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {articles: {comments: {commenter: {name: {_eq: "Ada"}}}}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ authors(where: {_not: {articles: {}}}, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('{ crm_contacts(where: {author: {rating: {_eq: "4.5"}}}, order_by: {id: asc}) { id } }');

\c contrib_regression
DROP DATABASE gql WITH (FORCE);
