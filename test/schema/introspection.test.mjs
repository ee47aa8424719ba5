// graphgate's schema layer held against graphql-js 16 (run by test/scripts/schema_graphqljs.sh,
// which builds the dump_schema program named by GG_DUMP_SCHEMA).  The program prints the SDL of
// the fixture schema (test/schema/fixture_snapshot.hpp) and answers introspection queries from
// it; here graphql-js checks that a client can rebuild the schema from the introspection, that
// the schema is valid, that our SDL is the text graphql-js prints for it, and that every
// introspection query answers exactly as graphql-js answers it over the same schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildClientSchema, buildSchema, getIntrospectionQuery, graphqlSync, parse, printSchema, validate,
  validateSchema,
} from 'graphql';

const binary = process.env.GG_DUMP_SCHEMA;
if (!binary) throw new Error('GG_DUMP_SCHEMA is not set: run test/scripts/schema_graphqljs.sh');

const workdir = mkdtempSync(join(tmpdir(), 'gg-schema-'));
process.on('exit', () => rmSync(workdir, { recursive: true, force: true }));

let queryCount = 0;
// Our response to a document, as the JSON text the program printed and parsed.
function ours(query, variables) {
  const file = join(workdir, `q${queryCount++}.graphql`);
  writeFileSync(file, query);
  const args = ['query', file];
  if (variables !== undefined) args.push(JSON.stringify(variables));
  const out = execFileSync(binary, args, { encoding: 'utf8', maxBuffer: 256 << 20 });
  return { text: out.trim(), json: JSON.parse(out) };
}

const sdl = execFileSync(binary, ['sdl'], { encoding: 'utf8', maxBuffer: 64 << 20 });
const sdlSchema = buildSchema(sdl);

// graphql-js' answer over the schema our SDL describes, less @oneOf: graphql-js 16.9 specifies
// it, Hasura (and so graphgate) has no oneOf input objects.
function theirs(query, variables) {
  const result = JSON.parse(JSON.stringify(graphqlSync({ schema: sdlSchema, source: query, variableValues: variables })));
  const directives = result.data?.__schema?.directives;
  if (directives) result.data.__schema.directives = directives.filter((d) => d.name !== 'oneOf');
  return result;
}

const fullQuery = getIntrospectionQuery({
  descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true,
  inputValueDeprecation: true,
});
const full = ours(fullQuery);

test('the full introspection query answers without errors', () => {
  assert.equal(full.json.errors, undefined, JSON.stringify(full.json.errors));
  assert.equal(full.json.data.__schema.queryType.name, 'query_root');
  assert.deepEqual(full.json.data.__schema.mutationType, { name: 'mutation_root' });
  assert.deepEqual(full.json.data.__schema.subscriptionType, { name: 'subscription_root' });
});

test('buildClientSchema accepts our introspection and validateSchema finds no error', () => {
  const client = buildClientSchema(full.json.data);
  assert.deepEqual(validateSchema(client).map(String), []);
});

test('printSchema(buildClientSchema(introspection)) is our SDL', () => {
  const client = buildClientSchema(full.json.data);
  assert.equal(printSchema(client), sdl);
});

test('our SDL builds a valid schema', () => {
  assert.deepEqual(validateSchema(sdlSchema).map(String), []);
  assert.match(sdl, /^schema \{\n {2}query: query_root\n {2}mutation: mutation_root\n {2}subscription: subscription_root\n\}\n\n/);
});

// graphql-js lists types in its own discovery order; the rest must be the same, value for value
// and key order for key order.
function normalizeFull(data) {
  const schema = { ...data.__schema };
  schema.types = [...schema.types].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return JSON.stringify({ __schema: schema });
}

test('the full introspection is what graphql-js answers over the same schema', () => {
  const expected = theirs(fullQuery);
  assert.equal(expected.errors, undefined);
  assert.equal(normalizeFull(full.json.data), normalizeFull(expected.data));
});

test('our types are sorted by name', () => {
  const names = full.json.data.__schema.types.map((t) => t.name);
  assert.deepEqual(names, [...names].sort());
});

const cases = [
  ['__type with fields, ofType chains and __typename', `{
    __typename
    __type(name: "authors") { __typename kind name description
      fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }`],
  ['aliases, fragments, inline fragments and merged fields', `
    query Q {
      a: __type(name: "articles_bool_exp") { ...T inputFields { name defaultValue } }
      b: __type(name: "order_by") { kind enumValues { name description isDeprecated deprecationReason } }
      a: __type(name: "articles_bool_exp") { inputFields { type { ...R } } }
    }
    fragment T on __Type { kind name ... on __Type { description specifiedByURL isOneOf } interfaces { name } possibleTypes { name } }
    fragment R on __Type { kind name ofType { ...S } }
    fragment S on __Type { kind name ofType { kind name } }`],
  ['@include and @skip with variables', `
    query Q($with: Boolean!, $without: Boolean = false) {
      __schema {
        queryType { name fields @include(if: $with) { name args { name } } }
        mutationType @skip(if: $without) { name }
        directives { name isRepeatable locations args(includeDeprecated: $with) { name defaultValue type { name kind } } }
      }
    }`, { with: true }],
  ['@skip true drops fields', `
    query Q($s: Boolean!) { __schema { queryType @skip(if: $s) { name } description } x: __typename }`, { s: true }],
  ['a type that does not exist, and ID which no field uses', `{ nope: __type(name: "nope") { name } id: __type(name: "ID") { name } }`],
  ['__type by variable', `query Q($n: String!) { __type(name: $n) { name kind fields(includeDeprecated: false) { name args { name type { name } } } } }`, { n: 'query_root' }],
  ['scalars and input objects', `{
    s: __type(name: "numeric") { kind name description specifiedByURL fields { name } inputFields { name } enumValues { name } ofType { name } }
    i: __type(name: "jsonb_comparison_exp") { kind name isOneOf inputFields(includeDeprecated: true) { name description type { kind name ofType { kind name ofType { kind name } } } } }
    e: __type(name: "authors_select_column") { kind enumValues(includeDeprecated: true) { name } }
  }`],
  ['introspection types themselves', `{ __type(name: "__Type") { name fields { name args { name defaultValue type { kind name } } type { kind name ofType { kind name } } } } }`],
];

for (const [name, query, variables] of cases) {
  test(`same answer as graphql-js: ${name}`, () => {
    const expected = theirs(query, variables);
    assert.equal(expected.errors, undefined, JSON.stringify(expected.errors));
    const got = ours(query, variables);
    assert.equal(got.text, JSON.stringify(expected));
  });
}

test('a query asking for data is refused by the introspection executor', () => {
  const got = ours('{ authors { id } }').json;
  assert.equal(got.data, undefined);
  assert.match(got.errors[0].message, /"authors" is not an introspection field/);
});

// Queries as Hasura users write them must validate unchanged against the schema a client
// rebuilds from our introspection.
const hasuraQueries = [
  `query Authors($limit: Int, $name: String) {
     authors(where: {_and: [{name: {_ilike: $name}}, {_not: {rating: {_is_null: true}}}]},
             order_by: [{name: asc_nulls_first}, {articles_aggregate: {count: desc}}], limit: $limit, offset: 0,
             distinct_on: [name]) {
       id name rating born profile(path: "$.bio")
       articles(where: {published: {_eq: true}}, order_by: {id: desc}) { id title comments { id body } }
       articles_aggregate(where: {title: {_like: "%GraphQL%"}}) {
         aggregate { count(columns: [id], distinct: true) avg { id } sum { id } max { title } min { id } }
         nodes { title }
       }
       contact { email score }
     }
   }`,
  `query ByPk($id: Int!) { authors_by_pk(id: $id) { id name } articles_by_pk(id: "12") { title } }`,
  `{ comments_aggregate(where: {article: {author: {name: {_in: ["a", "b"]}}}}) {
       aggregate { count stddev { article_id } var_samp { article_id } variance { article_id } } } }`,
  `{ crm_contacts(where: {email: {_similar: "%@x%"}, authored_articles: {title: {_nlike: "x"}}}) {
       authored_articles(limit: 2) { id } authored_articles_aggregate { aggregate { count } } } }`,
  `{ authors(where: {profile: {_contains: {a: 1}, _has_key: "a", _has_keys_any: ["b"]}}) { id } }`,
  `{ articles(order_by: [{author: {name: desc_nulls_last}}]) { author { name } } }`,
  // Hasura's mutation documents (its docs' examples, over the fixture's tables)
  `mutation Insert($objects: [authors_insert_input!]!) {
     insert_authors(objects: $objects, on_conflict: {constraint: authors_pkey, update_columns: [name], where: {rating: {_gt: 1}}}) {
       affected_rows returning { id name articles { id } }
     }
     insert_authors_one(object: {id: 1, name: "a", articles: {data: [{title: "t", body: "b"}]}}) { id }
     insert_articles(objects: [{title: "t", author: {data: {id: 2, name: "b"},
                                                      on_conflict: {constraint: authors_name_key, update_columns: []}}}]) {
       affected_rows
     }
     insert_audit_log(objects: [{event: "x"}]) { affected_rows }
   }`,
  `mutation Update($id: Int!) {
     update_authors(where: {id: {_eq: $id}}, _set: {name: "n"}, _inc: {rating: 1}, _append: {profile: {a: 1}},
                    _prepend: {profile: [0]}, _delete_key: {profile: "k"}, _delete_elem: {profile: -1},
                    _delete_at_path: {profile: ["a", "b"]}) { affected_rows returning { id } }
     update_authors_by_pk(pk_columns: {id: $id}, _set: {name: "m"}) { id }
     update_authors_many(updates: [{where: {id: {_eq: 1}}, _set: {name: "x"}}, {where: {}, _inc: {id: 1}}]) { affected_rows }
     update_articles(where: {}, _set: {title: "t"}) { affected_rows }
   }`,
  `mutation Delete { delete_authors(where: {name: {_eq: "x"}}) { affected_rows returning { id } } delete_authors_by_pk(id: 1) { name } }`,
];

test('Hasura-style queries validate against the rebuilt schema', () => {
  const client = buildClientSchema(full.json.data);
  for (const query of hasuraQueries) {
    assert.deepEqual(validate(client, parse(query)).map(String), [], query);
  }
});
