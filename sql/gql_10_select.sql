-- Selections: columns, aliases, __typename, by_pk, nested relationships, fragments, variables,
-- directives, several root fields.  Every response is the exact JSON a client gets.
\set ECHO none
\i sql/fixtures/gql.sql
\set ECHO all
SELECT graphgate.graphql('{ authors(order_by: {id: asc}) { id name } }');
SELECT graphgate.graphql('query { tags(order_by: {id: desc}) { label id } }');
SELECT graphgate.graphql('{ a: authors(order_by: {id: asc}, limit: 2) { key: id who: name } b: tags(order_by: {id: asc}, limit: 1) { label } }');
SELECT graphgate.graphql('{ __typename authors(limit: 1, order_by: {id: asc}) { __typename id } }');
SELECT graphgate.graphql('{ authors_by_pk(id: 3) { id name email rating joined profile } }');
SELECT graphgate.graphql('{ authors_by_pk(id: 99) { id name } }');
SELECT graphgate.graphql('{ article_tags_by_pk(article_id: 10, tag_id: 2) { article_id tag { label } } }');
SELECT graphgate.graphql('{ crm_contacts(order_by: {id: asc}) { id phone author { name } } }');
-- numeric, bigint, boolean, timestamptz, jsonb and NULL values as JSON
SELECT graphgate.graphql('{ articles(order_by: {id: asc}, where: {id: {_in: [12, 13, 15]}}) { id views published published_at author_id } }');
SELECT graphgate.graphql('{ authors(order_by: {id: asc}) { rating profile } }');
-- object and array relationships, three levels deep
SELECT jsonb_pretty(graphgate.graphql('{ authors(order_by: {id: asc}) { name articles(order_by: {id: asc}) { title comments(order_by: {id: asc}) { body commenter { name } } } } }')::jsonb);
SELECT jsonb_pretty(graphgate.graphql('{ articles(order_by: {id: asc}) { id author { name articles(order_by: {id: desc}, limit: 1) { id } } } }')::jsonb);
SELECT graphgate.graphql('{ articles(where: {id: {_eq: 10}}) { title tags(order_by: {tag_id: asc}) { tag { label } } } }');
SELECT graphgate.graphql('{ authors(where: {id: {_eq: 4}}) { name articles { id } articles_aggregate { aggregate { count } } } }');
-- relationship arguments
SELECT graphgate.graphql('{ authors(order_by: {id: asc}) { id articles(where: {published: {_eq: true}}, order_by: {views: desc}, limit: 1) { title views } } }');
-- fragments, named and inline
SELECT graphgate.graphql('query { authors(order_by: {id: asc}, limit: 2) { ...who articles(order_by: {id: asc}) { ... on articles { title } } } } fragment who on authors { id name }');
SELECT graphgate.graphql('fragment a on articles { id } fragment b on articles { title ...a } { articles(limit: 2, order_by: {id: asc}) { ...b ... { views } } }');
-- the same field asked twice merges; different aliases stay apart
SELECT graphgate.graphql('{ authors(limit: 1, order_by: {id: asc}) { name name ... on authors { name id } } }');
SELECT graphgate.graphql('{ authors(where: {id: {_eq: 1}}) { first: articles(order_by: {id: asc}, limit: 1) { id } last: articles(order_by: {id: desc}, limit: 1) { id } } }');
-- variables: valid, defaults, in nested arguments
SELECT graphgate.graphql('query q($id: Int!) { authors_by_pk(id: $id) { name } }', '{"id": 2}');
SELECT graphgate.graphql('query q($n: Int = 2) { authors(limit: $n, order_by: {id: asc}) { id } }');
SELECT graphgate.graphql('query q($n: Int = 2) { authors(limit: $n, order_by: {id: asc}) { id } }', '{"n": 3}');
SELECT graphgate.graphql('query q($w: authors_bool_exp, $o: [authors_order_by!]) { authors(where: $w, order_by: $o) { id } }',
                         '{"w": {"name": {"_like": "%i%"}}, "o": [{"id": "desc"}]}');
SELECT graphgate.graphql('query q($ids: [Int!]!) { authors(where: {id: {_in: $ids}}, order_by: {id: asc}) { id } }', '{"ids": [4, 1]}');
-- operation name picks the operation
SELECT graphgate.graphql('query one { tags(where: {id: {_eq: 1}}) { label } } query two { tags(where: {id: {_eq: 2}}) { label } }', NULL, 'two');
-- directives
SELECT graphgate.graphql('query q($full: Boolean!) { authors_by_pk(id: 1) { name email @include(if: $full) rating @skip(if: $full) } }', '{"full": true}');
SELECT graphgate.graphql('query q($full: Boolean!) { authors_by_pk(id: 1) { name email @include(if: $full) rating @skip(if: $full) } }', '{"full": false}');
SELECT graphgate.graphql('{ authors_by_pk(id: 1) { name ... @skip(if: true) { email } } }');
-- a json/jsonb column's path argument
SELECT graphgate.graphql('{ authors(order_by: {id: asc}) { city: profile(path: "$.city") first_lang: profile(path: "langs[0]") } }');
-- keys in brackets, quoted either way (Hasura's syntax), and index steps after them
BEGIN;
UPDATE authors SET profile = '{"hello world!": "hi", "objs": [{"你好": "nǐ hǎo", "a.b": 1}], "q''s": {"]": true}}' WHERE id = 1;
SELECT graphgate.graphql($$ { authors_by_pk(id: 1) { a: profile(path: "['hello world!']") b: profile(path: "$.objs[0][\"你好\"]")
  c: profile(path: "objs[0]['a.b']") d: profile(path: "$[\"q's\"][']']") e: profile(path: "$['objs'][0]") } } $$);
-- a path that does not parse is refused, naming the path
SELECT graphgate.graphql('{ authors_by_pk(id: 1) { profile(path: "$.objs[0") } }');
SELECT graphgate.graphql($$ { authors_by_pk(id: 1) { profile(path: "$['unclosed]") } } $$);
SELECT graphgate.graphql('{ authors_by_pk(id: 1) { profile(path: "$.objs[x]") } }');
SELECT graphgate.graphql('{ authors_by_pk(id: 1) { profile(path: "$..city") } }');
ROLLBACK;

\c contrib_regression
DROP DATABASE gql WITH (FORCE);
