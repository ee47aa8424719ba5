// The pool: a request waits for a free connection only up to the pool timeout; the database
// restarting under a running server is survived; SIGTERM lets in-flight requests finish.
// Requests are held in the database by locking graphgate's catalog from a psql session.
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { metadata, psqlSession, request, restartCluster, startServer, waitForLog } from './helpers.mjs';

const LOCK = 'BEGIN; LOCK TABLE graphgate.sources, graphgate.tables IN ACCESS EXCLUSIVE MODE;';
const NOT_EXISTS = { code: 'not-exists', path: '$.args', error: 'no such table/view exists in source "srv_app": "public.nope"' };
const blockedRequest = (server) =>
  metadata(server, { type: 'pg_track_table', args: { source: 'srv_app', table: 'nope' } });

describe('database connections', () => {
  test('a request waits for a free connection at most the pool timeout', async () => {
    const server = await startServer({ GRAPHGATE_POOL_SIZE: '1', GRAPHGATE_POOL_TIMEOUT: '0.5' });
    const locker = psqlSession('srv_app');
    try {
      locker.send(LOCK);
      await locker.sync('locked');
      const held = blockedRequest(server);  // takes the only connection, then waits on the lock
      await new Promise((r) => setTimeout(r, 200));
      const started = Date.now();
      const waiting = await request(server, '/healthz', { method: 'GET' });
      const waited = Date.now() - started;
      assert.equal(waiting.status, 503);
      assert.deepEqual(waiting.json, { path: '$', error: 'timed out waiting for a free database connection', code: 'timeout' });
      assert.ok(waited >= 250 && waited < 5000, `waited ${waited} ms`);
      locker.send('COMMIT;');
      const done = await held;
      assert.equal(done.status, 400);
      assert.deepEqual(done.json, NOT_EXISTS);
      assert.equal((await request(server, '/healthz', { method: 'GET' })).status, 200);
    } finally {
      await locker.close();
      await server.stop();
    }
  });

  test('the database restarts under a running server; the next requests succeed', async () => {
    const server = await startServer({ GRAPHGATE_POOL_SIZE: '3' });
    try {
      // warm every connection of the pool
      await Promise.all([1, 2, 3].map(() => metadata(server, { type: 'bulk', args: [] })));
      restartCluster();
      const health = await request(server, '/healthz', { method: 'GET' });
      assert.equal(health.status, 200);
      for (let i = 0; i < 6; i++) {
        const res = await metadata(server, { type: 'bulk', args: [] });
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.json, []);
      }
      const gql = await request(server, '/v1/graphql', { json: { query: 'query { notes(order_by: {id: asc}, limit: 1) { id } }' } });
      assert.equal(gql.status, 200);
      assert.deepEqual(gql.json, { data: { notes: [{ id: 1 }] } });
    } finally {
      await server.stop();
    }
  });
});

describe('graceful shutdown', () => {
  test('SIGTERM: no new connections, the in-flight request finishes, exit 0', async () => {
    const server = await startServer({ GRAPHGATE_POOL_SIZE: '2' });
    const locker = psqlSession('srv_app');
    try {
      locker.send(LOCK);
      await locker.sync('locked');
      const inFlight = blockedRequest(server);
      await new Promise((r) => setTimeout(r, 200));
      const exited = new Promise((resolve) => server.proc.on('exit', (code) => resolve(code)));
      server.proc.kill('SIGTERM');
      await waitForLog(server, (l) => l.type === 'shutdown' && /stopping/.test(l.detail.message));
      // the listener is closed
      await assert.rejects(new Promise((resolve, reject) => {
        const s = net.connect(server.port, '127.0.0.1', () => { s.destroy(); resolve(); });
        s.on('error', reject);
      }), /ECONNREFUSED/);
      assert.equal(server.exited, null, 'still running while a request is in flight');
      locker.send('COMMIT;');
      const res = await inFlight;
      assert.equal(res.status, 400);
      assert.deepEqual(res.json, NOT_EXISTS);
      assert.equal(res.headers.get('connection'), 'close');
      assert.equal(await exited, 0);
      assert.ok(server.logs.some((l) => l.type === 'shutdown' && l.detail.message === 'stopped'));
    } finally {
      await locker.close();
      await server.stop();
    }
  });

  test('a request still running at the shutdown timeout: the server stops anyway, exit 1', async () => {
    const server = await startServer({ GRAPHGATE_POOL_SIZE: '1', GRAPHGATE_SHUTDOWN_TIMEOUT: '0.5' });
    const locker = psqlSession('srv_app');
    try {
      locker.send(LOCK);
      await locker.sync('locked');
      const inFlight = blockedRequest(server).catch((e) => e);
      await new Promise((r) => setTimeout(r, 200));
      const started = Date.now();
      const code = await server.stop('SIGTERM');
      assert.equal(code, 1);
      assert.ok(Date.now() - started < 5000);
      assert.ok(server.logs.some((l) => l.level === 'warn' && /shutdown timeout/.test(l.detail.message)));
      assert.ok(await inFlight instanceof Error, 'the client sees the connection close');
      assert.equal(server.stderr, '');
    } finally {
      locker.send('COMMIT;');
      await locker.close();
    }
  });
});
