// Transport and request validation: every bad request gets a 4xx JSON error in the endpoint's
// shape and the server keeps serving; /healthz, /v1/version; request logs are JSON lines.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import net from 'node:net';
import { logOf, psqlSession, request, startServer } from './helpers.mjs';

const gqlError = (code, message) => ({ errors: [{ extensions: { path: '$', code }, message }] });
const apiError = (code, error) => ({ path: '$', error, code });

describe('requests', () => {
  let server;
  before(async () => {
    server = await startServer({ GRAPHGATE_MAX_BODY_SIZE: '65536' });
  });
  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  test('GET /healthz answers OK while the database is up', async () => {
    const res = await request(server, '/healthz', { method: 'GET' });
    assert.equal(res.status, 200);
    assert.equal(res.text, 'OK');
  });

  test('GET /v1/version', async () => {
    const res = await request(server, '/v1/version', { method: 'GET' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { version: '0.1.0', server_type: 'graphgate' });
  });

  test('invalid JSON on /v1/graphql', async () => {
    const res = await request(server, '/v1/graphql', { body: '{"query": ', headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, gqlError('invalid-json', 'invalid JSON in the request body at byte 11'));
  });

  test('invalid JSON on /v1/metadata', async () => {
    const res = await request(server, '/v1/metadata', { body: '{"type": pg', headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, apiError('invalid-json', 'invalid JSON in the request body at byte 10'));
  });

  test('missing query', async () => {
    const res = await request(server, '/v1/graphql', { json: { variables: {} } });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, gqlError('parse-failed', "the key 'query' was not present"));
  });

  test('query of the wrong type', async () => {
    const res = await request(server, '/v1/graphql', { json: { query: 42 } });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, gqlError('parse-failed', 'parsing Text failed, expected String, but encountered Number'));
  });

  test('variables that are not an object', async () => {
    const res = await request(server, '/v1/graphql', { json: { query: '{ a }', variables: [1] } });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, gqlError('parse-failed', 'variables: expected Object, but encountered Array'));
  });

  test('a body that is not an object (an array is a batch: batch.test.mjs)', async () => {
    const res = await request(server, '/v1/graphql', { json: 'query' });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, gqlError('parse-failed', 'expected Object for the request body, but encountered String'));
  });

  test('wrong method', async () => {
    const res = await request(server, '/v1/graphql', { method: 'PUT', json: {} });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, POST');
    assert.deepEqual(res.json, gqlError('method-not-allowed', 'method PUT is not allowed on /v1/graphql; use GET, POST'));
    const meta = await request(server, '/v1/metadata', { method: 'PUT', json: {} });
    assert.equal(meta.status, 405);
    assert.deepEqual(meta.json, apiError('method-not-allowed', 'method PUT is not allowed on /v1/metadata; use POST'));
    const health = await request(server, '/healthz', { method: 'POST', json: {} });
    assert.equal(health.status, 405);
    assert.equal(health.headers.get('allow'), 'GET');
  });

  test('wrong content type', async () => {
    const res = await request(server, '/v1/graphql', { body: '{"query":"{ a }"}', headers: { 'content-type': 'text/plain' } });
    assert.equal(res.status, 415);
    assert.deepEqual(res.json, gqlError('invalid-headers', 'Content-Type must be application/json'));
    const missing = await request(server, '/v1/query', { body: new Uint8Array(Buffer.from('{}')) });
    assert.equal(missing.status, 415);
    assert.deepEqual(missing.json, apiError('invalid-headers', 'Content-Type must be application/json'));
    const withCharset = await request(server, '/v1/graphql', {
      body: '{}', headers: { 'content-type': 'Application/JSON; charset=utf-8' },
    });
    assert.equal(withCharset.status, 400);  // accepted as JSON; then the query is missing
  });

  test('body over the limit', async () => {
    const big = JSON.stringify({ query: '{ a }', variables: { pad: 'x'.repeat(200000) } });
    const res = await request(server, '/v1/graphql', { body: big, headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 413);
    assert.deepEqual(res.json, gqlError('request-too-large', 'request body is larger than the limit of 65536 bytes'));
  });

  test('unknown path', async () => {
    for (const [method, path] of [['GET', '/nope'], ['POST', '/v1/graphq'], ['GET', '/v2/query']]) {
      const res = await request(server, path, { method, ...(method === 'POST' ? { json: {} } : {}) });
      assert.equal(res.status, 404, path);
      assert.deepEqual(res.json, apiError('not-found', 'resource does not exist'));
    }
  });

  test('malformed HTTP gets 400 and the connection is closed', async () => {
    const answer = await new Promise((resolve, reject) => {
      const sock = net.connect(server.port, '127.0.0.1', () => sock.write('GET /v1/version HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n'));
      let data = '';
      sock.on('data', (c) => { data += c; });
      sock.on('end', () => resolve(data));
      sock.on('error', reject);
      sock.setTimeout(5000, () => reject(new Error('no answer')));
    });
    assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(answer, /"code":"invalid-request"/);
  });

  // Raw HTTP on a fresh connection; resolves with everything the server sent until it paused
  // for `quietMs` or closed.
  const exchange = (chunks, quietMs = 300) => new Promise((resolve, reject) => {
    const sock = net.connect(server.port, '127.0.0.1');
    let data = '';
    let timer;
    const done = () => { sock.destroy(); resolve(data); };
    sock.on('connect', async () => {
      for (const c of chunks) {
        if (typeof c === 'number') await new Promise((r) => setTimeout(r, c));
        else sock.write(c);
      }
      timer = setTimeout(done, quietMs);
    });
    sock.on('data', (c) => { data += c; clearTimeout(timer); timer = setTimeout(done, quietMs); });
    sock.on('end', () => { clearTimeout(timer); done(); });
    sock.on('error', reject);
  });

  test('Expect: 100-continue gets the go-ahead, or 413 without reading the body', async () => {
    const body = JSON.stringify({ type: 'bulk', args: [] });
    const head = (len) => `POST /v1/metadata HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${len}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`;
    const ok = await exchange([head(body.length), 100, body]);
    assert.match(ok, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
    const big = await exchange([head(70000)]);
    assert.match(big, /^HTTP\/1\.1 413 Payload Too Large\r\n/);
    assert.match(big, /"code":"request-too-large"/);
  });

  test('the server keeps serving after all of that', async () => {
    const res = await request(server, '/v1/version', { method: 'GET' });
    assert.equal(res.status, 200);
    assert.equal((await request(server, '/healthz', { method: 'GET' })).text, 'OK');
  });

  test('request logs are JSON lines with request id, status, role and timing', async () => {
    const res = await request(server, '/v1/metadata', { json: { type: 'bulk', args: [] }, headers: { 'x-request-id': 'req-42' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-request-id'), 'req-42');
    await new Promise((r) => setTimeout(r, 50));
    const line = logOf(server, res);
    assert.ok(line, 'an http-log line for the request');
    assert.equal(line.level, 'info');
    assert.match(line.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(Object.keys(line.detail).sort(), [
      'duration_ms', 'http_version', 'ip', 'method', 'path', 'request_bytes', 'request_id', 'response_bytes',
      'role', 'status',
    ]);
    assert.equal(line.detail.path, '/v1/metadata');
    assert.equal(line.detail.method, 'POST');
    assert.equal(line.detail.status, res.status);
    assert.equal(line.detail.role, 'admin');
    // development mode is announced
    assert.ok(server.logs.some((l) => l.level === 'warn' && l.type === 'startup' && /no admin secret/.test(l.detail.message)));
  });
});

describe('configuration', () => {
  test('--help documents every variable', async () => {
    const { spawnSync } = await import('node:child_process');
    const { serverBin } = await import('./helpers.mjs');
    const out = spawnSync(serverBin, ['--help'], { encoding: 'utf8' });
    assert.equal(out.status, 0);
    for (const v of ['GRAPHGATE_DATABASE_URL', 'GRAPHGATE_ADMIN_SECRET', 'GRAPHGATE_JWT_SECRET', 'GRAPHGATE_PORT',
      'GRAPHGATE_UNAUTHORIZED_ROLE', 'GRAPHGATE_POOL_SIZE', 'GRAPHGATE_POOL_TIMEOUT', 'GRAPHGATE_MAX_BODY_SIZE',
      'GRAPHGATE_CONFIG_FILE']) {
      assert.ok(out.stdout.includes(v), v);
    }
    const bad = spawnSync(serverBin, ['--pool-size', 'many'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /pool-size: expected a non-negative integer, got "many"/);
  });

  test('a YAML file, overridden by variables and flags', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'gg-server-'));
    const file = join(dir, 'server.yaml');
    writeFileSync(file, 'admin_secret: from-file\nmax_body_size: 100\npool_size: 2\n');
    const server = await startServer({ GRAPHGATE_CONFIG_FILE: file, GRAPHGATE_MAX_BODY_SIZE: '200' }, {
      args: ['--max-body-size', '300'],
    });
    try {
      const denied = await request(server, '/v1/metadata', { json: { type: 'x' } });
      assert.equal(denied.status, 401);
      const ok = await request(server, '/v1/version', { method: 'GET' });
      assert.equal(ok.status, 200);
      // 250 bytes: over the file's and the variable's limits, under the flag's
      const fits = await request(server, '/v1/graphql', {
        json: { query: 'x'.repeat(238) }, headers: { 'x-hasura-admin-secret': 'from-file' },
      });
      assert.notEqual(fits.status, 413);
      const big = await request(server, '/v1/graphql', {
        json: { query: 'x'.repeat(320) }, headers: { 'x-hasura-admin-secret': 'from-file' },
      });
      assert.equal(big.status, 413);
      assert.equal(big.json.errors[0].message, 'request body is larger than the limit of 300 bytes');
    } finally {
      await server.stop();
    }
  });

  test('database unreachable: the server starts, /healthz says so within 2 s, no password in the logs', async () => {
    const server = await startServer({
      GRAPHGATE_DATABASE_URL: 'postgresql://postgres:hunter2-db@127.0.0.1:1/srv_app', GRAPHGATE_POOL_TIMEOUT: '1',
    });
    try {
      const started = Date.now();
      const res = await request(server, '/healthz', { method: 'GET' });
      assert.ok(Date.now() - started < 3000);
      assert.equal(res.status, 503);
      assert.equal(res.json.code, 'postgres-error');
      assert.match(res.json.error, /^database unavailable: connection to server at "127\.0\.0\.1", port 1 failed/);
      const meta = await request(server, '/v1/metadata', { json: { type: 'bulk', args: [] } });
      assert.equal(meta.status, 503);
      assert.ok(server.logs.some((l) => l.type === 'db' && l.detail.message === 'cannot connect to the database'));
    } finally {
      await server.stop();
    }
    assert.ok(!server.raw.includes('hunter2'), 'password in the log');
    const listening = server.logs.find((l) => l.detail.message === 'listening');
    assert.deepEqual(listening.detail.database, { host: '127.0.0.1', port: '1', dbname: 'srv_app', user: 'postgres' });
  });
});

// The idle timeout bounds reading a request and the silence between requests, never the time
// the database takes to answer.  Each connection is a raw socket, so that what closes it is the
// server.
describe('idle timeout', () => {
  let server;
  before(async () => {
    server = await startServer({ GRAPHGATE_IDLE_TIMEOUT: '1' });
  });
  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  const version = 'GET /v1/version HTTP/1.1\r\nHost: x\r\n\r\n';
  // Opens a connection, writes `steps` (strings; numbers are pauses in ms), resolves with what
  // the server sent, how many responses, and after how many ms since the last write it closed.
  const session = (steps) => new Promise((resolve, reject) => {
    const sock = net.connect(server.port, '127.0.0.1');
    let data = '';
    let lastWrite = Date.now();
    sock.on('connect', async () => {
      for (const s of steps) {
        if (typeof s === 'number') await new Promise((r) => setTimeout(r, s));
        else { sock.write(s); lastWrite = Date.now(); }
      }
    });
    sock.on('data', (c) => { data += c; });
    sock.on('close', () => resolve({ data, responses: data.split('HTTP/1.1 200 OK').length - 1, after: Date.now() - lastWrite }));
    sock.on('error', reject);
    sock.setTimeout(10000, () => { sock.destroy(); reject(new Error('the server did not close the connection')); });
  });

  test('an idle keep-alive connection is closed after the timeout', async () => {
    const r = await session([version]);
    assert.equal(r.responses, 1);
    assert.ok(r.after >= 900 && r.after < 3000, `closed ${r.after} ms after the request`);
  });

  test('a request whose header never ends is cut off after the timeout', async () => {
    const r = await session(['GET /v1/version HTTP/1.1\r\nHost: x\r\n']);
    assert.equal(r.data, '');
    assert.ok(r.after >= 900 && r.after < 3000, `closed ${r.after} ms after the partial header`);
  });

  test('each request gives the connection the whole timeout again', async () => {
    const r = await session([version, 600, version, 600, version, 600, version]);
    assert.equal(r.responses, 4);  // 1.8 s in all on one connection, never 1 s of silence
    assert.ok(r.after >= 900 && r.after < 3000, `closed ${r.after} ms after the last request`);
  });

  test('a request the database holds longer than the timeout is still answered', async () => {
    const locker = psqlSession('srv_app');
    try {
      locker.send('BEGIN; LOCK TABLE graphgate.sources, graphgate.tables IN ACCESS EXCLUSIVE MODE;');
      await locker.sync('locked');
      const body = JSON.stringify({ type: 'bulk', args: [] });
      const held = session([`POST /v1/metadata HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\n\r\n${body}`]);
      await new Promise((r) => setTimeout(r, 1800));
      locker.send('COMMIT;');
      const r = await held;
      assert.equal(r.responses, 1, r.data);
      assert.match(r.data, /\r\n\r\n\[\]$/);
    } finally {
      await locker.close();
    }
  });
});
