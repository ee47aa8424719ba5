// Several graphgate-servers on one database (design §13): a server keeps no schema of its own;
// the extension caches each backend's schema under the metadata version, which every request
// reads.  So metadata changed through one server is in the others' schema from their next
// request: introspection, queries, subscriptions.  One connection per server, so the connection
// that answers is the one whose backend had cached the schema before the change.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { cluster, graphql, metadata, psql, startServer } from './helpers.mjs';

const DB = 'srv_twins';
const FIELDS = '{ __type(name: "orders") { fields { name } } }';
const WITH_USER = '{ orders(order_by: {id: asc}) { id ordered_by_user { name } } }';
const RELATIONSHIP = {
  type: 'pg_create_remote_relationship',
  args: { name: 'ordered_by_user', source: DB, table: 'orders',
    definition: { to_source: { relationship_type: 'object', source: 'users_db', table: 'users',
      field_mapping: { ordered_by_user_id: 'id' } } } },
};
// fields in name order
const fieldsAnswer = (...names) => ({ data: { __type: { fields: ['id', ...names, 'ordered_by_user_id'].map((name) => ({ name })) } } });
const noFieldAt = (column) => ({
  errors: [{ message: "field 'ordered_by_user' not found in type: 'orders'", locations: [{ line: 1, column }],
    extensions: { path: '$', code: 'validation-failed' } }],
});
const noField = noFieldAt(36);
const withUser = { data: { orders: [{ id: 1, ordered_by_user: { name: 'Alice' } }, { id: 2, ordered_by_user: { name: 'Bob' } }] } };

// The first message of a subscription on `server` (a result or the error that ended it).
async function firstMessage(server, query) {
  const client = createClient({ url: server.url.replace('http', 'ws') + '/v1/graphql', webSocketImpl: WebSocket,
    retryAttempts: 0, lazy: false, onNonLazyError: () => {} });
  try {
    return await new Promise((resolve) => {
      client.subscribe({ query }, { next: resolve, error: (e) => resolve({ errors: e }), complete: () => {} });
    });
  } finally {
    await client.dispose();
  }
}

describe('two servers on one database', () => {
  let a;
  let b;
  before(async () => {
    psql('postgres', `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    psql('postgres', `CREATE DATABASE ${DB}`);
    psql(DB, `CREATE EXTENSION graphgate CASCADE;
      CREATE TABLE orders (id int PRIMARY KEY, ordered_by_user_id int);
      INSERT INTO orders VALUES (1, 1), (2, 2);
      SELECT graphgate.add_source('users_db', 'host=${cluster.PGHOST} port=${cluster.PGPORT} dbname=users_db');
      SELECT graphgate.track_table('users_db', 'users');
      SELECT graphgate.track_table('${DB}', 'orders');`);
    a = await startServer({ GRAPHGATE_POOL_SIZE: '1' }, { db: DB });
    b = await startServer({ GRAPHGATE_POOL_SIZE: '1' }, { db: DB });
  });
  after(async () => {
    assert.equal(await a.stop(), 0);
    assert.equal(await b.stop(), 0);
    psql('postgres', `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  });

  test('a relationship created through one is in the other\'s schema on its next request', async () => {
    // b's backend has the schema without the relationship cached
    assert.deepEqual((await graphql(b, FIELDS)).json, fieldsAnswer());
    assert.deepEqual((await graphql(b, WITH_USER)).json, noField);
    assert.deepEqual(await firstMessage(b, `subscription ${WITH_USER}`), { errors: noFieldAt(36 + 'subscription '.length).errors });

    assert.deepEqual((await metadata(a, RELATIONSHIP)).json, { message: 'success' });

    assert.deepEqual((await graphql(b, FIELDS)).json, fieldsAnswer('ordered_by_user'));
    assert.deepEqual((await graphql(b, WITH_USER)).json, withUser);
    assert.deepEqual(await firstMessage(b, `subscription ${WITH_USER}`), withUser);
  });

  test('dropped through the other, it is gone from the first one\'s next request', async () => {
    assert.deepEqual((await graphql(a, WITH_USER)).json, withUser);  // a's backend caches the new schema
    const drop = { type: 'pg_delete_remote_relationship', args: { name: 'ordered_by_user', source: DB, table: 'orders' } };
    assert.deepEqual((await metadata(b, drop)).json, { message: 'success' });
    assert.deepEqual((await graphql(a, WITH_USER)).json, noField);
    assert.deepEqual((await graphql(a, FIELDS)).json, fieldsAnswer());
  });
});
