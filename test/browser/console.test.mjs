// GET /console in a real browser: Debian's Chromium, headless, driven by playwright-core.
// The page must load with no failed request and nothing from another origin, run the seed's
// query (its default) and show the users in GraphiQL's result pane; with an admin secret
// configured, the query fails until the secret is typed into the page's field; a subscription
// runs over the WebSocket and the pane shows each change.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { cluster, metadata, psql, startServer } from '../server/helpers.mjs';

const top = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shots = join(top, 'build', 'browser');

// The network of the test machines is closed: without these flags Chromium keeps trying to
// reach Google (updates, sync, field trials), which slows it down and fills its log.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// The seed's query with a limit: the console's default (the README's tutorial test checks that
// the README shows this same text).
const DEFAULT_QUERY = `query {
  orders(order_by: {id: asc}, limit: 10) {
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

// The seed's metadata in br_orders: br_users as a source, both tables tracked, and the seed's
// relationship (its "source" is the current database, here br_orders).
async function createMetadata() {
  const server = await startServer({}, { db: 'br_orders' });
  try {
    const url = `postgresql:///br_users?host=${cluster.PGHOST}&port=${cluster.PGPORT}&user=${cluster.PGUSER || 'postgres'}`;
    const bodies = [
      { type: 'pg_add_source', args: { name: 'br_users', configuration: { connection_info: { database_url: url } } } },
      { type: 'pg_track_table', args: { source: 'br_users', table: 'users' } },
      { type: 'pg_track_table', args: { source: 'br_orders', table: 'orders' } },
      {
        type: 'create_remote_relationship',
        args: {
          name: 'ordered_by_user', source: 'br_orders', table: 'orders',
          remote_source: {
            relationship_type: 'object', field_mapping: { ordered_by_user_id: 'id' }, source: 'br_users', table: 'users',
          },
        },
      },
    ];
    for (const body of bodies) {
      const res = await metadata(server, body);
      assert.equal(res.status, 200, `${body.type}: ${res.text}`);
      assert.deepEqual(res.json, { message: 'success' });
    }
  } finally {
    await server.stop();
  }
}

// A GraphQL request as "operationName (variables)": which of GraphiQL's requests it was.
function operationOf(request) {
  let body;
  try {
    body = JSON.parse(request.postData() || '');
  } catch {
    return '';
  }
  return `${body.operationName ?? '(anonymous)'}${body.query?.includes('__schema') ? ' schema' : ''}`;
}

// Everything a page did that a person would call broken: requests that failed or got >= 400,
// requests to another origin, script errors, errors logged to the console (CSP violations
// among them).
function watch(page, origin) {
  const seen = { failed: [], errorResponses: [], foreign: [], pageErrors: [], consoleErrors: [], graphql: [] };
  page.on('requestfailed', (r) => seen.failed.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(origin + '/') && !r.url().startsWith('data:')) seen.foreign.push(r.url());
    if (r.url() === `${origin}/v1/graphql`) seen.graphql.push(r);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) seen.errorResponses.push(`${r.request().method()} ${r.url()} ${r.status()} ${operationOf(r.request())}`);
  });
  page.on('pageerror', (e) => seen.pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') seen.consoleErrors.push(m.text());
  });
  return seen;
}

const isIntrospection = (r) => r.url().endsWith('/v1/graphql') && (r.request().postData() || '').includes('__schema');
const isSeedQuery = (r) => r.url().endsWith('/v1/graphql') && (r.request().postData() || '').includes('ordered_by_user');

// GraphiQL's editors are CodeMirror 5 instances: the wrapper element carries the editor, whose
// value is the whole text (the DOM holds only the lines in view).
const editorValue = (page, selector) =>
  page.evaluate((sel) => document.querySelector(`${sel} .CodeMirror`).CodeMirror.getValue(), selector);

// Clicks GraphiQL's run button and waits until the result pane shows the server's answer.
async function runQuery(page) {
  const answered = page.waitForResponse(isSeedQuery);
  await page.click('.graphiql-execute-button');
  const res = await answered;
  const body = JSON.stringify(await res.json());
  // The pane is filled after the response arrived (and may still show an earlier result):
  // wait until it holds this response's JSON, then read it back from the pane itself.
  await page.waitForFunction((want) => {
    try {
      return JSON.stringify(JSON.parse(document.querySelector('.result-window .CodeMirror').CodeMirror.getValue())) === want;
    } catch {
      return false;
    }
  }, body);
  return { status: res.status(), result: JSON.parse(await editorValue(page, '.result-window')) };
}

const sortedOrders = (result) => [...result.data.orders].sort((a, b) => a.id - b.id);

describe('the console in Chromium', () => {
  let browser;
  before(async () => {
    mkdirSync(shots, { recursive: true });
    await createMetadata();
    browser = await chromium.launch({
      executablePath: process.env.GG_CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 30000,
    });
  });
  after(async () => {
    await browser?.close();
  });

  test('loads with no failed request, runs the seed query and shows the users', async (t) => {
    const server = await startServer({}, { db: 'br_orders' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const seen = watch(page, server.url);
      const schemaLoaded = page.waitForResponse(isIntrospection);
      const nav = await page.goto(`${server.url}/console`, { waitUntil: 'load' });
      assert.equal(nav.status(), 200);
      assert.equal(await page.title(), 'graphgate console');
      // GraphiQL asks for the schema on load; its answer is part of "the console loads".
      assert.equal((await schemaLoaded).status(), 200);

      // The default query is the editor's content on a first visit.
      await page.waitForSelector('.graphiql-query-editor .CodeMirror');
      assert.equal(await editorValue(page, '.graphiql-query-editor'), DEFAULT_QUERY);

      const { status, result } = await runQuery(page);
      assert.equal(status, 200);
      assert.deepEqual(Object.keys(result), ['data']);
      assert.deepEqual(sortedOrders(result), EXPECTED_ORDERS);
      // What a person sees: the names in the rendered pane, not only in the editor's model.
      const shown = await page.innerText('.result-window');
      for (const name of ['Alice', 'Bob', 'Carol']) assert.ok(shown.includes(`"${name}"`), `${name} not shown:\n${shown}`);
      // No secret field content, no secret header: development mode needs none.
      assert.equal(await page.inputValue('#admin-secret'), '');
      assert.equal(seen.graphql.at(-1).headers()['x-hasura-admin-secret'], undefined);

      const shot = join(shots, 'console.png');
      await page.screenshot({ path: shot });
      t.diagnostic(`screenshot: ${shot}`);

      assert.deepEqual(seen.failed, []);
      assert.deepEqual(seen.errorResponses, []);
      assert.deepEqual(seen.foreign, []);
      assert.deepEqual(seen.pageErrors, []);
      assert.deepEqual(seen.consoleErrors, []);
    } finally {
      await context.close();
      await server.stop();
    }
  });

  test('with an admin secret: 401 without it, the data once it is typed in, remembered on reload', async (t) => {
    const SECRET = 'console-secret';
    const server = await startServer({ GRAPHGATE_ADMIN_SECRET: SECRET }, { db: 'br_orders' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const seen = watch(page, server.url);
      const schemaRefused = page.waitForResponse(isIntrospection);
      // The page itself needs no credentials (as Hasura's console): only its requests do.
      const nav = await page.goto(`${server.url}/console`, { waitUntil: 'load' });
      assert.equal(nav.status(), 200);
      assert.equal((await schemaRefused).status(), 401);

      const refused = await runQuery(page);
      assert.equal(refused.status, 401);
      assert.deepEqual(refused.result, {
        errors: [{ extensions: { path: '$', code: 'access-denied' }, message: 'invalid x-hasura-admin-secret/x-hasura-access-key' }],
      });
      assert.equal(await page.innerText('#status'), 'unauthorized: enter the admin secret');
      await page.screenshot({ path: join(shots, 'console-unauthorized.png') });

      // Typing the secret makes the page fetch the schema again, with it.
      const schemaLoaded = page.waitForResponse((r) => isIntrospection(r) && r.status() === 200);
      await page.fill('#admin-secret', SECRET);
      await schemaLoaded;
      const allowed = await runQuery(page);
      assert.equal(allowed.status, 200);
      assert.deepEqual(sortedOrders(allowed.result), EXPECTED_ORDERS);
      assert.equal(seen.graphql.at(-1).headers()['x-hasura-admin-secret'], SECRET);
      assert.equal(await page.innerText('#status'), '');
      const shot = join(shots, 'console-admin-secret.png');
      await page.screenshot({ path: shot });
      t.diagnostic(`screenshot: ${shot}`);

      // The only failures were the refused requests before the secret was typed: the schema
      // (GraphiQL asks twice: once with inputValueDeprecation and, when that fails, once without,
      // for older servers) and the seed query.
      assert.deepEqual(seen.errorResponses, [
        `POST ${server.url}/v1/graphql 401 IntrospectionQuery schema`,
        `POST ${server.url}/v1/graphql 401 IntrospectionQuery schema`,
        `POST ${server.url}/v1/graphql 401 (anonymous)`,
      ]);
      assert.deepEqual(seen.failed, []);
      assert.deepEqual(seen.foreign, []);
      assert.deepEqual(seen.pageErrors, []);
      // Chromium logs each 401 response as a console error ("Failed to load resource").
      assert.deepEqual(seen.consoleErrors.filter((m) => !m.includes('401')), []);

      // The field remembers the secret (localStorage): after a reload, the schema and the query
      // work at once.
      const reloadedSchema = page.waitForResponse(isIntrospection);
      await page.reload({ waitUntil: 'load' });
      assert.equal((await reloadedSchema).status(), 200);
      assert.equal(await page.inputValue('#admin-secret'), SECRET);
      const again = await runQuery(page);
      assert.equal(again.status, 200);
      assert.deepEqual(sortedOrders(again.result), EXPECTED_ORDERS);
    } finally {
      await context.close();
      await server.stop();
    }
  });
  test('runs a subscription over the WebSocket and shows each change, local and remote', async (t) => {
    const SECRET = 'console-live-secret';
    const server = await startServer({ GRAPHGATE_ADMIN_SECRET: SECRET, GRAPHGATE_LIVE_QUERIES_REFETCH_INTERVAL: '0.2' },
      { db: 'br_orders' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const seen = watch(page, server.url);
      const sockets = [];
      page.on('websocket', (ws) => sockets.push(ws.url()));
      // The secret as the field remembers it: the page's requests carry it from the start.
      await context.addInitScript((secret) => localStorage.setItem('graphgate:admin-secret', secret), SECRET);
      const schemaLoaded = page.waitForResponse(isIntrospection);
      await page.goto(`${server.url}/console`, { waitUntil: 'load' });
      assert.equal((await schemaLoaded).status(), 200);
      await page.waitForSelector('.graphiql-query-editor .CodeMirror');
      await page.evaluate(() => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(
        'subscription {\n  orders_by_pk(id: 2) {\n    amount\n    ordered_by_user {\n      name\n    }\n  }\n}'));
      const shows = (want) => page.waitForFunction((w) => {
        try {
          return JSON.stringify(JSON.parse(document.querySelector('.result-window .CodeMirror').CodeMirror.getValue())) === w;
        } catch {
          return false;
        }
      }, JSON.stringify(want), { timeout: 5000 });
      // GraphiQL parses the editor's text a moment after a change (its documentAST, by which the
      // fetcher tells a subscription from a query): run once it has.
      await page.waitForTimeout(500);
      await page.click('.graphiql-execute-button');
      await shows({ data: { orders_by_pk: { amount: 20, ordered_by_user: { name: 'Bob' } } } });
      let committed = Date.now();
      psql('br_orders', 'UPDATE orders SET amount = 21 WHERE id = 2');
      await shows({ data: { orders_by_pk: { amount: 21, ordered_by_user: { name: 'Bob' } } } });
      t.diagnostic(`local change shown after ${Date.now() - committed} ms`);
      committed = Date.now();
      psql('br_users', "UPDATE users SET name = 'Robert' WHERE id = 2");
      await shows({ data: { orders_by_pk: { amount: 21, ordered_by_user: { name: 'Robert' } } } });
      t.diagnostic(`remote change shown after ${Date.now() - committed} ms`);
      const shot = join(shots, 'console-subscription.png');
      await page.screenshot({ path: shot });
      t.diagnostic(`screenshot: ${shot}`);
      assert.deepEqual(sockets, [server.url.replace('http', 'ws') + '/v1/graphql']);
      assert.deepEqual(seen.failed, []);
      assert.deepEqual(seen.errorResponses, []);
      assert.deepEqual(seen.foreign, []);
      assert.deepEqual(seen.pageErrors, []);
      assert.deepEqual(seen.consoleErrors, []);
    } finally {
      psql('br_orders', 'UPDATE orders SET amount = 20 WHERE id = 2');
      psql('br_users', "UPDATE users SET name = 'Bob' WHERE id = 2");
      await context.close();
      await server.stop();
    }
  });
});
