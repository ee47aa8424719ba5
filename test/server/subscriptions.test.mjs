// Subscriptions over WebSockets on /v1/graphql, with the real client libraries: graphql-ws
// (sub-protocol graphql-transport-ws) and subscriptions-transport-ws (Apollo's graphql-ws), and
// raw frames through ws for what a client library never sends.  Fixture (fixture.sql): srv_live
// with items (RLS: srv_user reads its own), orders with a remote relationship `user` to
// srv_live_users.users, and bulk (about 1 MB of text).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createClient } from 'graphql-ws';
import { SubscriptionClient } from 'subscriptions-transport-ws';
import WebSocket from 'ws';
import { hasuraClaims, psql, request, signJwt, startServer, waitForLog } from './helpers.mjs';

const SECRET = 'live-secret';
const HS_KEY = 'live-test-hs256-key-0123456789-abcdefghij';
const adminHeaders = { 'x-hasura-admin-secret': SECRET };
const userToken = (id, claims = {}) => signJwt(hasuraClaims({
  'x-hasura-allowed-roles': ['srv_user'], 'x-hasura-default-role': 'srv_user', 'x-hasura-user-id': String(id),
}, claims), HS_KEY);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const wsUrl = (server) => server.url.replace('http', 'ws') + '/v1/graphql';

// Waits until `pred()` holds, polling; throws after `ms`.
async function until(pred, ms, what) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

// A graphql-ws client; `closed` receives the close event.
function transportClient(server, connectionParams = { headers: adminHeaders }, extra = {}) {
  const state = { closes: [] };
  state.client = createClient({
    url: wsUrl(server), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: false, onNonLazyError: () => {},
    on: { closed: (e) => state.closes.push({ code: e.code, reason: e.reason }) }, ...extra,
  });
  return state;
}

// Subscribes; `messages` gets every next payload (with the time it came), `errors` the errors.
function subscribe(client, payload) {
  const sub = { messages: [], errors: [], completed: false };
  sub.dispose = client.subscribe(payload, {
    next: (v) => sub.messages.push({ at: Date.now(), value: v }),
    error: (e) => sub.errors.push(e),
    complete: () => { sub.completed = true; },
  });
  return sub;
}

// A raw WebSocket: every message received (parsed), and the close code and reason.
async function rawSocket(server, protocol = 'graphql-transport-ws') {
  const ws = new WebSocket(wsUrl(server), protocol ? [protocol] : []);
  const s = { ws, messages: [], closed: null };
  ws.on('message', (data) => s.messages.push(JSON.parse(data.toString())));
  ws.on('close', (code, reason) => { s.closed = { code, reason: reason.toString() }; });
  ws.on('error', () => {});
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('unexpected-response', (_, res) => reject(new Error(`HTTP ${res.statusCode}`))); });
  s.send = (obj) => ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj));
  s.waitClose = (ms = 5000) => until(() => s.closed, ms, 'the socket to close').then(() => s.closed);
  s.waitFor = (pred, ms = 5000, what = 'a message') => until(() => s.messages.find(pred), ms, what).then(() => s.messages.find(pred));
  return s;
}

async function initRaw(server, headers = adminHeaders, protocol = 'graphql-transport-ws') {
  const s = await rawSocket(server, protocol);
  s.send({ type: 'connection_init', payload: { headers } });
  await s.waitFor((m) => m.type === 'connection_ack', 5000, 'connection_ack');
  return s;
}

const ITEM = 'subscription ($id: Int!) { items_by_pk(id: $id) { id label } }';

describe('subscriptions over WebSockets', () => {
  let server;
  before(async () => {
    psql('srv_live', "UPDATE items SET label = CASE id WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'three' END");
    server = await startServer({
      GRAPHGATE_ADMIN_SECRET: SECRET,
      GRAPHGATE_JWT_SECRET: JSON.stringify({ type: 'HS256', key: HS_KEY }),
      GRAPHGATE_LIVE_QUERIES_REFETCH_INTERVAL: '0.2',
      GRAPHGATE_WEBSOCKET_MAX_OPERATIONS: '5',
      GRAPHGATE_WEBSOCKET_MAX_MESSAGE_SIZE: '65536',
    }, { db: 'srv_live' });
  });
  after(async () => {
    await server.stop();
  });

  test('graphql-ws: a live result, its change within 2 s of the commit, nothing for an unchanged result', async () => {
    const c = transportClient(server);
    const sub = subscribe(c.client, { query: ITEM, variables: { id: 1 } });
    await until(() => sub.messages.length === 1, 5000, 'the first result');
    assert.deepEqual(sub.messages[0].value, { data: { items_by_pk: { id: 1, label: 'one' } } });
    // An update that leaves the result as it was, and one of a row the query does not read.
    psql('srv_live', "UPDATE items SET label = 'one' WHERE id = 1; UPDATE items SET label = 'zwei' WHERE id = 2");
    await sleep(1000);
    assert.equal(sub.messages.length, 1, 'no message for an unchanged result');
    const committed = Date.now();
    psql('srv_live', "UPDATE items SET label = 'uno' WHERE id = 1");
    await until(() => sub.messages.length === 2, 2000, 'the change within 2 s');
    assert.deepEqual(sub.messages[1].value, { data: { items_by_pk: { id: 1, label: 'uno' } } });
    assert.ok(sub.messages[1].at - committed < 2000);
    await sleep(600);
    assert.equal(sub.messages.length, 2);
    assert.deepEqual(sub.errors, []);
    sub.dispose();
    await c.client.dispose();
  });

  test('subscriptions-transport-ws (Apollo graphql-ws): a live result and its change, nothing for an unchanged one', async () => {
    const client = new SubscriptionClient(wsUrl(server), { connectionParams: { headers: adminHeaders } }, WebSocket);
    const messages = [];
    const errors = [];
    const sub = client.request({ query: ITEM, variables: { id: 3 } }).subscribe({
      next: (v) => messages.push({ at: Date.now(), value: v }),
      error: (e) => errors.push(e),
    });
    await until(() => messages.length === 1, 5000, 'the first result');
    assert.deepEqual(messages[0].value, { data: { items_by_pk: { id: 3, label: 'three' } } });
    psql('srv_live', "UPDATE items SET label = 'three' WHERE id = 3");
    await sleep(1000);
    assert.equal(messages.length, 1, 'no message for an unchanged result');
    const committed = Date.now();
    psql('srv_live', "UPDATE items SET label = 'drei' WHERE id = 3");
    await until(() => messages.length === 2, 2000, 'the change within 2 s');
    assert.deepEqual(messages[1].value, { data: { items_by_pk: { id: 3, label: 'drei' } } });
    assert.ok(messages[1].at - committed < 2000);
    assert.deepEqual(errors, []);
    sub.unsubscribe();
    client.close();
  });

  test('a remote field changing in the remote database reaches the subscriber', async () => {
    psql('srv_live_users', "UPDATE users SET name = 'Alice' WHERE id = 1");
    const c = transportClient(server);
    const sub = subscribe(c.client, { query: 'subscription { orders(order_by: {id: asc}) { id user { name } } }' });
    await until(() => sub.messages.length === 1, 5000, 'the first result');
    assert.deepEqual(sub.messages[0].value,
      { data: { orders: [{ id: 10, user: { name: 'Alice' } }, { id: 11, user: { name: 'Bob' } }] } });
    const committed = Date.now();
    psql('srv_live_users', "UPDATE users SET name = 'Alicia' WHERE id = 1");
    await until(() => sub.messages.length === 2, 2000, 'the remote change within 2 s');
    assert.deepEqual(sub.messages[1].value,
      { data: { orders: [{ id: 10, user: { name: 'Alicia' } }, { id: 11, user: { name: 'Bob' } }] } });
    assert.ok(sub.messages[1].at - committed < 2000);
    psql('srv_live_users', "UPDATE users SET name = 'Alice' WHERE id = 1");
    sub.dispose();
    await c.client.dispose();
  });

  test('subscribers with the same variables share a cohort; one poller per query and role; counters at the admin endpoint', async () => {
    const a = transportClient(server);
    const b = transportClient(server);
    const query = 'subscription Shared($id: Int!) { items_by_pk(id: $id) { label } }';
    // The same document with other spacing, commas and a comment shares the poller.
    const respelled = '# the same\nsubscription   Shared($id: Int!) {\n  items_by_pk(id: $id) { label, }\n}';
    const subs = [subscribe(a.client, { query, variables: { id: 1 } }), subscribe(b.client, { query, variables: { id: 1 } }),
      subscribe(b.client, { query: respelled, variables: { id: 2 } })];
    await until(() => subs.every((s) => s.messages.length === 1), 5000, 'three first results');
    const stats = await request(server, '/v1/subscriptions/stats', { method: 'GET', headers: adminHeaders });
    assert.equal(stats.status, 200);
    const mine = stats.json.pollers.filter((p) => p.query === query);
    assert.equal(mine.length, 1);
    assert.equal(mine[0].role, 'admin');
    assert.equal(mine[0].cohorts, 2);
    assert.equal(mine[0].subscribers, 3);
    assert.ok(mine[0].executions >= 1);
    assert.ok(mine[0].bytes > 0);
    assert.equal(stats.json.refetch_interval_ms, 200);
    assert.equal(stats.json.batch_size, 100);
    const refused = await request(server, '/v1/subscriptions/stats', { method: 'GET', headers: { authorization: `Bearer ${userToken(1)}` } });
    assert.equal(refused.status, 400);
    assert.equal(refused.json.code, 'access-denied');
    for (const s of subs) s.dispose();
    await a.client.dispose();
    await b.client.dispose();
    await until(() => !server.logs.some((l) => l.type === 'live-query-poller-started' && l.detail.query === query) ||
      server.logs.some((l) => l.type === 'live-query-poller-stopped' && l.detail.query === query), 5000, 'the poller to stop');
  });

  test('a stream delivers the existing rows in cursor order, then new ones, each exactly once, no empty message', async () => {
    psql('srv_live', 'DELETE FROM events WHERE id > 3');
    const query = 'subscription ($from: Int!) { events_stream(batch_size: 2, cursor: {initial_value: {id: $from}}) { id body } }';
    const c = transportClient(server);
    const first = subscribe(c.client, { query, variables: { from: 0 } });
    const ids = (sub) => sub.messages.flatMap((m) => m.value.data.events_stream.map((r) => r.id));
    await until(() => ids(first).length === 3, 5000, 'the three existing rows');
    assert.deepEqual(first.messages.map((m) => m.value),
      [{ data: { events_stream: [{ id: 1, body: 'e1' }, { id: 2, body: 'e2' }] } }, { data: { events_stream: [{ id: 3, body: 'e3' }] } }]);
    // A second subscriber of the same stream starts from the initial value too.
    const second = subscribe(c.client, { query, variables: { from: 0 } });
    await until(() => ids(second).length === 3, 5000, "the second subscriber's rows");
    const committed = Date.now();
    psql('srv_live', "INSERT INTO events VALUES (4, 'e4'), (5, 'e5'), (6, 'e6')");
    await until(() => ids(first).length === 6 && ids(second).length === 6, 2000, 'the new rows within 2 s');
    assert.ok(first.messages.at(-1).at - committed < 2000);
    await sleep(800);
    for (const sub of [first, second]) {
      assert.deepEqual(ids(sub), [1, 2, 3, 4, 5, 6]);
      assert.ok(sub.messages.every((m) => m.value.data.events_stream.length > 0), 'no empty message');
      assert.deepEqual(sub.errors, []);
    }
    // A stream that starts after the last row sends nothing until a row comes.
    const late = subscribe(c.client, { query, variables: { from: 6 } });
    await sleep(800);
    assert.deepEqual(late.messages, []);
    psql('srv_live', "INSERT INTO events VALUES (7, 'e7')");
    await until(() => late.messages.length === 1, 2000, 'the row after the cursor');
    assert.deepEqual(late.messages[0].value, { data: { events_stream: [{ id: 7, body: 'e7' }] } });
    psql('srv_live', 'DELETE FROM events WHERE id > 3');
    await c.client.dispose();
  });

  test('a query over the socket is answered once, then completed', async () => {
    const c = transportClient(server);
    const sub = subscribe(c.client, { query: '{ items(order_by: {id: asc}, limit: 1) { id } }' });
    await until(() => sub.completed, 5000, 'complete');
    assert.deepEqual(sub.messages.map((m) => m.value), [{ data: { items: [{ id: 1 }] } }]);
    await c.client.dispose();
  });

  test('credentials from connection_init: a JWT role sees its own rows; a wrong secret is refused', async () => {
    const c = transportClient(server, { headers: { Authorization: `Bearer ${userToken(2)}` } });
    const sub = subscribe(c.client, { query: 'subscription { items { id owner_id } }' });
    await until(() => sub.messages.length === 1, 5000, 'the first result');
    assert.deepEqual(sub.messages[0].value, { data: { items: [{ id: 3, owner_id: 2 }] } });
    await c.client.dispose();

    const bad = await rawSocket(server);
    bad.send({ type: 'connection_init', payload: { headers: { 'x-hasura-admin-secret': 'wrong' } } });
    assert.deepEqual(await bad.waitClose(), { code: 4403, reason: 'Forbidden: invalid x-hasura-admin-secret/x-hasura-access-key' });

    const apollo = await rawSocket(server, 'graphql-ws');
    apollo.send({ type: 'connection_init', payload: { headers: { 'x-hasura-admin-secret': 'wrong' } } });
    const closed = await apollo.waitClose();
    assert.deepEqual(apollo.messages, [{ type: 'connection_error', payload: 'invalid x-hasura-admin-secret/x-hasura-access-key' }]);
    assert.equal(closed.code, 4400);
  });

  test('an invalid subscribe gets an error for its id and the socket goes on', async () => {
    const s = await initRaw(server);
    s.send({ id: 'bad', type: 'subscribe', payload: { query: 'subscription { nope { id } }' } });
    const err = await s.waitFor((m) => m.id === 'bad');
    assert.deepEqual(err, {
      type: 'error', id: 'bad',
      payload: [{ message: "field 'nope' not found in type: 'subscription_root'", locations: [{ line: 1, column: 16 }],
        extensions: { path: '$', code: 'validation-failed' } }],
    });
    s.send({ id: 'good', type: 'subscribe', payload: { query: ITEM, variables: { id: 2 } } });
    const next = await s.waitFor((m) => m.id === 'good');
    assert.equal(next.type, 'next');
    assert.deepEqual(Object.keys(next.payload), ['data']);
    // A failing id may be used again: its operation ended.
    s.send({ id: 'bad', type: 'subscribe', payload: { query: ITEM, variables: { id: 'not a number' } } });
    await until(() => s.messages.filter((m) => m.id === 'bad').length === 2, 5000, 'the second error');
    assert.equal(s.messages.filter((m) => m.id === 'bad')[1].type, 'error');
    assert.equal(s.closed, null);
    s.ws.close();
  });

  test('malformed frames close the socket with 4400', async () => {
    for (const frame of ['not json', '[1,2]', '{"type":"subscribe","payload":{}}', '{"type":"frobnicate"}']) {
      const s = await initRaw(server);
      s.send(frame);
      const closed = await s.waitClose();
      assert.equal(closed.code, 4400, frame);
    }
    const s = await initRaw(server);
    s.send({ id: 'x', type: 'subscribe', payload: { query: 42 } });
    assert.equal((await s.waitClose()).code, 4400);
  });

  test("graphql-ws' close codes: 4401 before init, 4409 duplicate id, 4429 second init, 4408 no init", async () => {
    const early = await rawSocket(server);
    early.send({ id: '1', type: 'subscribe', payload: { query: ITEM, variables: { id: 1 } } });
    assert.deepEqual(await early.waitClose(), { code: 4401, reason: 'Unauthorized' });

    const dup = await initRaw(server);
    dup.send({ id: 'same', type: 'subscribe', payload: { query: ITEM, variables: { id: 1 } } });
    dup.send({ id: 'same', type: 'subscribe', payload: { query: ITEM, variables: { id: 1 } } });
    assert.deepEqual(await dup.waitClose(), { code: 4409, reason: 'Subscriber for same already exists' });

    const twice = await initRaw(server);
    twice.send({ type: 'connection_init', payload: {} });
    assert.deepEqual(await twice.waitClose(), { code: 4429, reason: 'Too many initialisation requests' });

    const quiet = await startServer({ GRAPHGATE_ADMIN_SECRET: SECRET, GRAPHGATE_WEBSOCKET_CONNECTION_INIT_TIMEOUT: '0.3' },
      { db: 'srv_live' });
    try {
      const silent = await rawSocket(quiet);
      const opened = Date.now();
      assert.deepEqual(await silent.waitClose(), { code: 4408, reason: 'Connection initialisation timeout' });
      assert.ok(Date.now() - opened < 2000);
    } finally {
      await quiet.stop();
    }
  });

  test('ping is answered with pong; Apollo gets ka after its ack', async () => {
    const s = await initRaw(server);
    s.send({ type: 'ping', payload: { n: 1 } });
    assert.deepEqual(await s.waitFor((m) => m.type === 'pong'), { type: 'pong', payload: { n: 1 } });
    s.ws.close();
    const a = await initRaw(server, adminHeaders, 'graphql-ws');
    await a.waitFor((m) => m.type === 'ka');
    a.ws.close();
  });

  test('a JWT that expires closes the socket (4403)', async () => {
    const token = userToken(1, { exp: Math.floor(Date.now() / 1000) + 2 });
    const c = transportClient(server, { headers: { Authorization: `Bearer ${token}` } });
    const sub = subscribe(c.client, { query: 'subscription { items(order_by: {id: asc}) { id } }' });
    await until(() => sub.messages.length === 1, 5000, 'the first result');
    assert.deepEqual(sub.messages[0].value, { data: { items: [{ id: 1 }, { id: 2 }] } });
    await until(() => c.closes.length > 0, 4000, 'the close at expiry');
    assert.deepEqual(c.closes[0], { code: 4403, reason: 'Forbidden: Could not verify JWT: JWTExpired' });
  });

  test('bounds: operations per socket, message size', async () => {
    const s = await initRaw(server);
    for (let i = 0; i < 6; i++) s.send({ id: `op${i}`, type: 'subscribe', payload: { query: ITEM, variables: { id: 1 } } });
    const refused = await s.waitFor((m) => m.id === 'op5' && m.type === 'error');
    assert.deepEqual(refused.payload, [{ message: 'this socket runs 5 operations already, the most it may (websocket-max-operations)',
      extensions: { path: '$', code: 'too-many-operations' } }]);
    await until(() => s.messages.filter((m) => m.type === 'next').length === 5, 5000, 'five results');
    s.send({ id: 'op0', type: 'complete' });
    s.send({ id: 'op6', type: 'subscribe', payload: { query: ITEM, variables: { id: 1 } } });
    await s.waitFor((m) => m.id === 'op6' && m.type === 'next');
    s.send({ id: 'big', type: 'subscribe', payload: { query: ITEM, variables: { id: 1, pad: 'x'.repeat(70000) } } });
    assert.equal((await s.waitClose()).code, 1009);
  });
});

describe('a reader too slow for its messages', () => {
  let server;
  before(async () => {
    server = await startServer({
      GRAPHGATE_ADMIN_SECRET: SECRET,
      GRAPHGATE_LIVE_QUERIES_REFETCH_INTERVAL: '0.2',
      GRAPHGATE_WEBSOCKET_MAX_QUEUED_BYTES: '3000000',
      GRAPHGATE_WEBSOCKET_MAX_OPERATIONS: '100',
    }, { db: 'srv_live' });
  });
  after(async () => {
    await server.stop();
  });

  test('is disconnected (1008) while another socket goes on receiving', async () => {
    const other = transportClient(server);
    const otherSub = subscribe(other.client, { query: ITEM, variables: { id: 2 } });
    await until(() => otherSub.messages.length === 1, 5000, "the other socket's first result");

    const slow = await initRaw(server);
    slow.ws._socket.pause();  // reads nothing from here on
    // 60 subscriptions of about 1 MB each: far more than socket buffers and the queue bound hold.
    for (let i = 0; i < 60; i++) slow.send({ id: `b${i}`, type: 'subscribe', payload: { query: '{ bulk { id filler } }' } });
    const closing = await new Promise((resolve, reject) => {
      const end = Date.now() + 20000;
      const look = () => {
        const hit = server.logs.find((l) => l.type === 'websocket' && l.detail.event === 'slow-reader');
        if (hit) return resolve(hit);
        if (Date.now() > end) return reject(new Error('no slow-reader line'));
        setTimeout(look, 20);
      };
      look();
    });
    assert.ok(closing.detail.queued_bytes > 0);
    // The other socket is not held up: it gets a change within 2 s.
    const committed = Date.now();
    psql('srv_live', "UPDATE items SET label = 'two, changed' WHERE id = 2");
    await until(() => otherSub.messages.length === 2, 2000, "the other socket's change");
    assert.ok(otherSub.messages[1].at - committed < 2000);
    psql('srv_live', "UPDATE items SET label = 'two' WHERE id = 2");
    slow.ws._socket.resume();
    const closed = await slow.waitClose(10000);
    assert.equal(closed.code, 1008);
    assert.match(closed.reason, /^the client reads too slowly: \d+ messages \(\d+ bytes\) were waiting$/);
    await other.client.dispose();
  });
});

describe('multiplexing: one database call per batch of cohorts per interval', () => {
  let server;
  before(async () => {
    server = await startServer({
      GRAPHGATE_ADMIN_SECRET: SECRET,
      GRAPHGATE_LIVE_QUERIES_REFETCH_INTERVAL: '0.25',
      GRAPHGATE_LIVE_QUERIES_BATCH_SIZE: '2',
      GRAPHGATE_LIVE_QUERIES_LOG_INTERVAL: '0.5',
    }, { db: 'srv_live' });
  });
  after(async () => {
    await server.stop();
  });

  test('5 cohorts of 10 subscribers, batch size 2: 3 calls per poll, whatever the subscribers', async () => {
    const query = 'subscription Batched($id: Int!) { items_by_pk(id: $id) { id } }';
    const c = transportClient(server);
    const subs = [];
    for (let i = 0; i < 50; i++) subs.push(subscribe(c.client, { query, variables: { id: i % 5 } }));
    await until(() => subs.every((s) => s.messages.length === 1), 5000, 'fifty first results');
    const poller = async () => (await request(server, '/v1/subscriptions/stats', { method: 'GET', headers: adminHeaders }))
      .json.pollers.find((p) => p.query === query);
    const before = await poller();
    assert.equal(before.cohorts, 5);
    assert.equal(before.subscribers, 50);
    await sleep(1500);
    const later = await poller();
    const polls = later.polls - before.polls;
    assert.ok(polls >= 4, `polls: ${polls}`);
    // A poll is counted when it starts, its calls when they end: at either reading, one poll's
    // calls may still be in flight.
    const calls = later.executions - before.executions;
    assert.ok(calls >= 3 * (polls - 1) && calls <= 3 * (polls + 1), `${calls} calls in ${polls} polls`);
    // Nothing changed: nothing came back from the database, no message went out.
    assert.equal(later.results, before.results);
    assert.ok(subs.every((s) => s.messages.length === 1));
    // The same counters in the log, every log interval.
    const logged = await waitForLog(server, (l) => l.type === 'live-query-stats' &&
      l.detail.pollers.some((p) => p.query === query && p.subscribers === 50));
    const line = logged.detail.pollers.find((p) => p.query === query);
    assert.equal(line.cohorts, 5);
    assert.equal(logged.detail.batch_size, 2);
    for (const key of ['executions', 'execution_time_ms', 'bytes', 'polls', 'results']) assert.equal(typeof line[key], 'number', key);
    await c.client.dispose();
  });
});

describe('live-query settings', () => {
  test("from YAML, GRAPHGATE_* variables and Hasura's variables (in its milliseconds); GRAPHGATE_* wins", async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'gg-live-'));
    const file = join(dir, 'server.yaml');
    writeFileSync(file, 'live_queries_batch_size: 7\nlive_queries_refetch_interval: 3\n');
    const stats = async (env) => {
      const server = await startServer({ GRAPHGATE_ADMIN_SECRET: SECRET, GRAPHGATE_CONFIG_FILE: file, ...env }, { db: 'srv_live' });
      try {
        const res = await request(server, '/v1/subscriptions/stats', { method: 'GET', headers: adminHeaders });
        return { refetch: res.json.refetch_interval_ms, batch: res.json.batch_size };
      } finally {
        await server.stop();
      }
    };
    assert.deepEqual(await stats({}), { refetch: 3000, batch: 7 });
    assert.deepEqual(await stats({ HASURA_GRAPHQL_LIVE_QUERIES_MULTIPLEXED_REFETCH_INTERVAL: '250',
      HASURA_GRAPHQL_LIVE_QUERIES_MULTIPLEXED_BATCH_SIZE: '9' }), { refetch: 250, batch: 9 });
    assert.deepEqual(await stats({ HASURA_GRAPHQL_LIVE_QUERIES_MULTIPLEXED_REFETCH_INTERVAL: '250',
      GRAPHGATE_LIVE_QUERIES_REFETCH_INTERVAL: '0.5' }), { refetch: 500, batch: 7 });
  });
});
