// Roles are Postgres roles: graphgate.graphql() runs as the session's role (SET LOCAL ROLE) with
// the session variables in hasura.user, so GRANTs and RLS decide what a role sees, in the data
// and in the schema.  Fixture (fixture.sql): srv_user may read notes' id, owner_id and body
// (not secret) and only rows whose owner_id is its x-hasura-user-id; srv_guest reads id and
// body of note 1.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { graphql, hasuraClaims, signJwt, startServer } from './helpers.mjs';

const SECRET = 'roles-secret';
const HS_KEY = 'roles-test-hs256-key-0123456789-abcdefghij';
const admin = { 'x-hasura-admin-secret': SECRET };
const asUser = (id) => ({
  authorization: `Bearer ${signJwt(hasuraClaims({
    'x-hasura-allowed-roles': ['srv_user'], 'x-hasura-default-role': 'srv_user', 'x-hasura-user-id': String(id),
  }), HS_KEY)}`,
});

const fieldNames = (res) => res.json.data.__type.fields.map((f) => f.name).sort();

describe('roles, grants and row-level security', () => {
  let server;
  before(async () => {
    server = await startServer({
      GRAPHGATE_ADMIN_SECRET: SECRET,
      GRAPHGATE_JWT_SECRET: JSON.stringify({ type: 'HS256', key: HS_KEY }),
      GRAPHGATE_UNAUTHORIZED_ROLE: 'srv_guest',
    });
  });
  after(async () => {
    await server.stop();
  });

  test('admin sees every row and column', async () => {
    const res = await graphql(server, 'query { notes(order_by: {id: asc}) { id owner_id body secret } }', { headers: admin });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, {
      data: {
        notes: [
          { id: 1, owner_id: 1, body: 'first of 1', secret: 's1' },
          { id: 2, owner_id: 2, body: 'first of 2', secret: 's2' },
          { id: 3, owner_id: 1, body: 'second of 1', secret: 's3' },
          { id: 4, owner_id: 3, body: 'first of 3', secret: 's4' },
        ],
      },
    });
  });

  test('an RLS policy on x-hasura-user-id filters the rows', async () => {
    const one = await graphql(server, 'query { notes(order_by: {id: asc}) { id body } }', { headers: asUser(1) });
    assert.equal(one.status, 200);
    assert.deepEqual(one.json, { data: { notes: [{ id: 1, body: 'first of 1' }, { id: 3, body: 'second of 1' }] } });
    const two = await graphql(server, 'query { notes(order_by: {id: asc}) { id body } }', { headers: asUser(2) });
    assert.deepEqual(two.json, { data: { notes: [{ id: 2, body: 'first of 2' }] } });
    const none = await graphql(server, 'query { notes { id } }', { headers: asUser(99) });
    assert.deepEqual(none.json, { data: { notes: [] } });
  });

  test('a column without SELECT is not in the data', async () => {
    const res = await graphql(server, 'query { notes { id secret } }', { headers: asUser(1) });
    assert.equal(res.status, 200);
    // graphgate's validation errors carry the location and path "$" (expected/gql_*.out),
    // where Hasura would say path "$.selectionSet.notes.selectionSet.secret".
    assert.deepEqual(res.json, {
      errors: [{
        message: "field 'secret' not found in type: 'notes'",
        locations: [{ line: 1, column: 20 }],
        extensions: { path: '$', code: 'validation-failed' },
      }],
    });
  });

  test('nor in introspection', async () => {
    const q = '{ __type(name: "notes") { fields { name } } }';
    const user = await graphql(server, q, { headers: asUser(1) });
    assert.equal(user.status, 200);
    assert.deepEqual(fieldNames(user), ['body', 'id', 'owner_id']);
    const guest = await graphql(server, q);
    assert.deepEqual(fieldNames(guest), ['body', 'id']);
    const root = await graphql(server, 'query { notes { id } }', { headers: admin });
    assert.equal(root.status, 200);
    const all = await graphql(server, q, { headers: admin });
    assert.deepEqual(fieldNames(all), ['body', 'id', 'owner_id', 'secret']);
  });

  test('the unauthorized role gets its policy\'s rows', async () => {
    const res = await graphql(server, 'query { notes(order_by: {id: asc}) { id body } }');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { data: { notes: [{ id: 1, body: 'first of 1' }] } });
  });

  test('admin with X-Hasura-Role and X-Hasura-User-Id acts as that user', async () => {
    const res = await graphql(server, 'query { notes(order_by: {id: asc}) { id } }', {
      headers: { ...admin, 'x-hasura-role': 'srv_user', 'x-hasura-user-id': '3' },
    });
    assert.deepEqual(res.json, { data: { notes: [{ id: 4 }] } });
  });
});
