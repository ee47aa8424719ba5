// graphql-js 16 against graphgate.graphql() itself: the answer to getIntrospectionQuery() over
// the regression fixture (sql/fixtures/gql.sql) must rebuild into a valid client schema, and
// graphgate.sdl() must parse and print as graphql-js prints that schema.
// The same for test/introspection/surface_fixture.sql (custom names, citext, ltree, jsonb _cast,
// an enum table).
// Run by test/scripts/introspection_pg.sh, which sets GG_INTROSPECTION, GG_SDL and
// GG_SURFACE_INTROSPECTION (file paths).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { GraphQLEnumType, buildClientSchema, buildSchema, printSchema, validateSchema } from 'graphql';

const introspection = JSON.parse(readFileSync(process.env.GG_INTROSPECTION, 'utf8'));
const sdl = readFileSync(process.env.GG_SDL, 'utf8');
const surface = JSON.parse(readFileSync(process.env.GG_SURFACE_INTROSPECTION, 'utf8'));

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

test('the surface fixture: buildClientSchema accepts it and validateSchema finds 0 errors', () => {
  assert.equal(surface.errors, undefined, JSON.stringify(surface.errors));
  const schema = buildClientSchema(surface.data);
  assert.deepEqual(validateSchema(schema).map((e) => e.message), []);
  const query = schema.getQueryType().getFields();
  assert.deepEqual(['allUsers', 'user', 'userStats', 'places'].filter((f) => !query[f]), []);
  assert.deepEqual(Object.keys(schema.getType('User').getFields()).sort(),
    ['depth', 'email', 'home', 'id', 'neighbours', 'place', 'place_ref', 'role', 'settings', 'tag']);
  // computed fields: their `args`, a SETOF one's selection arguments, the scalar ones in where/order_by
  const user = schema.getType('User').getFields();
  assert.equal(String(user.tag.args.find((a) => a.name === 'args').type), 'user_tag_args');
  assert.equal(String(user.neighbours.type), '[User!]!');
  assert.deepEqual(user.neighbours.args.map((a) => a.name), ['args', 'distinct_on', 'limit', 'offset', 'order_by', 'where']);
  assert.equal(String(user.neighbours.args[0].type), 'neighbours_args!');
  assert.ok(schema.getType('User_bool_exp').getFields().depth);
  assert.ok(schema.getType('User_order_by').getFields().depth);
  // tracked functions: a query field and its aggregate, a volatile one on the mutation root
  assert.equal(String(query.find_users.type), '[User!]!');
  assert.equal(String(query.find_users_aggregate.type), 'User_aggregate!');
  assert.equal(String(query.find_users.args[0].type), 'find_users_args!');
  assert.equal(String(schema.getMutationType().getFields().touch_users.type), '[User!]!');
  assert.equal(schema.getType('User').getFields().email.description, 'login');
  assert.equal(schema.getType('citext_comparison_exp').getFields()._ilike.type.name, 'citext');
  const ltree = schema.getType('ltree_comparison_exp').getFields();
  assert.equal(ltree._matches.type.name, 'lquery');
  assert.equal(ltree._matches_fulltext.type.name, 'ltxtquery');
  assert.equal(String(ltree._ancestor_any.type), '[ltree!]');
  assert.equal(String(schema.getType('jsonb_comparison_exp').getFields()._cast.type), 'jsonb_cast_exp');
  assert.ok(schema.getType('places_bool_exp').getFields().people);
  // the enum table: its rows are roles_enum, the type of users.role in results, filters and inputs
  const roles = schema.getType('roles_enum');
  assert.ok(roles instanceof GraphQLEnumType);
  assert.deepEqual(roles.getValues().map((v) => [v.name, v.description]), [['admin', 'may do anything'], ['member', null]]);
  assert.equal(schema.getType('User').getFields().role.type, roles);
  assert.deepEqual(Object.keys(schema.getType('roles_enum_comparison_exp').getFields()).sort(),
    ['_eq', '_in', '_is_null', '_neq', '_nin']);
  assert.equal(String(schema.getType('User_bool_exp').getFields().role.type), 'roles_enum_comparison_exp');
  assert.equal(schema.getType('User_insert_input').getFields().role.type, roles);
});
