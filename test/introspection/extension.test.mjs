// graphql-js 16 against graphgate.graphql() itself: the answer to getIntrospectionQuery() over
// the regression fixture (sql/fixtures/gql.sql) must rebuild into a valid client schema, and
// graphgate.sdl() must parse and print as graphql-js prints that schema.
// Run by test/scripts/introspection_pg.sh, which sets GG_INTROSPECTION and GG_SDL (file paths).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildClientSchema, buildSchema, printSchema, validateSchema } from 'graphql';

const introspection = JSON.parse(readFileSync(process.env.GG_INTROSPECTION, 'utf8'));
const sdl = readFileSync(process.env.GG_SDL, 'utf8');

test('graphgate.graphql() answers the introspection query without errors', () => {
  assert.equal(introspection.errors, undefined, JSON.stringify(introspection.errors));
  assert.equal(introspection.data.__schema.queryType.name, 'query_root');
});

test('buildClientSchema accepts it and validateSchema finds 0 errors', () => {
  const schema = buildClientSchema(introspection.data);
  assert.deepEqual(validateSchema(schema).map((e) => e.message), []);
  assert.ok(schema.getType('authors'));
  assert.ok(schema.getType('crm_contacts_bool_exp'));
});

test('graphgate.sdl() parses with graphql-js and is what it prints for the same schema', () => {
  const fromSdl = buildSchema(sdl);
  assert.deepEqual(validateSchema(fromSdl).map((e) => e.message), []);
  assert.equal(printSchema(buildClientSchema(introspection.data)), sdl.trimEnd());
});
