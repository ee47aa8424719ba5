// The seed scenario over HTTP (design §2): add users_db as a source of orders_db, track both
// tables, send the seed's create_remote_relationship body verbatim to /v1/query, and run the
// seed's GraphQL query.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { cluster, graphql, metadata, psql, request, startServer } from './helpers.mjs';

// The request body exactly as the seed document shows it.
const SEED_BODY = `{
  "type": "create_remote_relationship",
  "args": {
    "name": "ordered_by_user",
    "source": "orders_db",
    "table": "orders",
    "remote_source": {
      "relationship_type": "object",
      "field_mapping": {
        "ordered_by_user_id": "id"
      },
      "source": "users_db",
      "table": "users"
    }
  }
}`;

const SEED_QUERY = `query {
  orders {
    id
    ordered_by_user {
      id
      name
    }
  }
}`;

const EXPECTED_ORDERS = [
  { id: 1, ordered_by_user: { id: 1, name: 'Alice' } },
  { id: 2, ordered_by_user: { id: 2, name: 'Bob' } },
  { id: 3, ordered_by_user: { id: 1, name: 'Alice' } },
  { id: 4, ordered_by_user: { id: 3, name: 'Carol' } },
];

describe('the seed over HTTP', () => {
  let server;
  const SECRET = 'seed-secret';
  const admin = { 'x-hasura-admin-secret': SECRET };
  before(async () => {
    server = await startServer({ GRAPHGATE_ADMIN_SECRET: SECRET }, { db: 'orders_db' });
  });
  after(async () => {
    await server.stop();
  });

  test('add users_db as a source', async () => {
    const url = `postgresql:///users_db?host=${cluster.PGHOST}&port=${cluster.PGPORT}&user=${cluster.PGUSER || 'postgres'}`;
    const res = await metadata(server, {
      type: 'pg_add_source',
      args: { name: 'users_db', configuration: { connection_info: { database_url: url } } },
    }, { headers: admin });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { message: 'success' });
    // the password-free URL is all the catalog knows; nothing of it went to the server's log
    assert.ok(!server.raw.includes(url));
  });

  test('track both tables', async () => {
    for (const [source, table] of [['users_db', 'users'], ['orders_db', 'orders']]) {
      const res = await metadata(server, { type: 'pg_track_table', args: { source, table } }, { headers: admin });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json, { message: 'success' });
    }
  });

  test("the seed's body, verbatim, on /v1/query", async () => {
    const res = await request(server, '/v1/query', {
      body: SEED_BODY,
      headers: { 'Content-Type': 'application/json', 'X-Hasura-Role': 'admin', ...admin },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { message: 'success' });
  });

  test("the seed's GraphQL query returns every order with its user", async () => {
    const res = await graphql(server, SEED_QUERY, { headers: admin });
    assert.equal(res.status, 200);
    assert.ok(res.json.data, res.text);
    // no order_by in the seed's query: compare as a set
    const rows = [...res.json.data.orders].sort((a, b) => a.id - b.id);
    assert.deepEqual(rows, EXPECTED_ORDERS);
  });

  test('with order_by, the exact response', async () => {
    const res = await graphql(server, 'query { orders(order_by: {id: asc}) { id ordered_by_user { id name } } }', {
      headers: admin,
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { data: { orders: EXPECTED_ORDERS } });
  });

  test('variables and operationName reach the function', async () => {
    const res = await graphql(server, `
      query Other { orders(limit: 1) { id } }
      query ByUser($uid: Int!) { orders(where: {ordered_by_user_id: {_eq: $uid}}, order_by: {id: desc}) { id ordered_by_user { name } } }`, {
      headers: admin, variables: { uid: 1 }, operationName: 'ByUser',
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, {
      data: { orders: [{ id: 3, ordered_by_user: { name: 'Alice' } }, { id: 1, ordered_by_user: { name: 'Alice' } }] },
    });
  });

  test('the response body is the JSON text graphgate.graphql() returned', async () => {
    const query = 'query { orders(order_by: {id: asc}, limit: 2) { id } }';
    const res = await graphql(server, query, { headers: admin });
    const direct = psql('orders_db', `SELECT graphgate.graphql($q$${query}$q$, NULL, NULL, '{"x-hasura-role":"admin"}')`);
    assert.equal(res.text, direct);
  });

  test("a mutation's returning reads users_db: the new order's user", async () => {
    const res = await graphql(server,
      'mutation { insert_orders(objects: [{id: 5, ordered_by_user_id: 2, amount: 3}]) { affected_rows returning { id ordered_by_user { name } } } }',
      { headers: admin });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, {
      data: { insert_orders: { affected_rows: 1, returning: [{ id: 5, ordered_by_user: { name: 'Bob' } }] } },
    });
    // the write is committed: a later request sees it, and removes it again
    const removed = await graphql(server, 'mutation { delete_orders_by_pk(id: 5) { id amount ordered_by_user { name } } }',
      { headers: admin });
    assert.deepEqual(removed.json, { data: { delete_orders_by_pk: { id: 5, amount: 3, ordered_by_user: { name: 'Bob' } } } });
  });
});

// Keep the seed document and this test in step: the body above is the one the seed shows.
test('the body used above is the seed document verbatim', () => {
  const seedFile = new URL('../../../shared/seed/remote-source-relationships.txt', import.meta.url);
  let text;
  try {
    text = readFileSync(seedFile, 'utf8');
  } catch {
    return;  // shared/ is not beside every checkout
  }
  const start = text.indexOf('{\n  "type": "create_remote_relationship"');
  assert.ok(start >= 0);
  assert.equal(text.slice(start, start + SEED_BODY.length), SEED_BODY);
});
