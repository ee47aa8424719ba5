// GET /console over plain HTTP: what the build put in build/console is what the server sends,
// with the right types and caching, and no request path reaches anything else.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { request, serverBin, startServer } from '../server/helpers.mjs';

const top = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const npmDir = join(top, 'src', 'server', 'console', 'node_modules');
const pins = JSON.parse(readFileSync(join(top, 'src', 'server', 'console', 'package.json'), 'utf8')).dependencies;

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const NOT_FOUND = { path: '$', error: 'resource does not exist', code: 'not-found' };

// The assets index.html loads, and the npm file each one must be byte for byte.
const ASSETS = [
  [`/console/assets/graphiql-${pins.graphiql}/graphiql.min.css`, CSS, 'graphiql/graphiql.min.css'],
  [`/console/assets/react-${pins.react}/react.production.min.js`, JS, 'react/umd/react.production.min.js'],
  [`/console/assets/react-dom-${pins['react-dom']}/react-dom.production.min.js`, JS, 'react-dom/umd/react-dom.production.min.js'],
  [`/console/assets/graphiql-${pins.graphiql}/graphiql.min.js`, JS, 'graphiql/graphiql.min.js'],
];

// One request written by hand: fetch() and curl would resolve "..", which is the point here.
async function rawGet(port, target) {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.end(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  const chunks = [];
  socket.on('data', (c) => chunks.push(c));
  await once(socket, 'close');
  const text = Buffer.concat(chunks).toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  return { status: Number(text.split(' ')[1]), body: text.slice(split + 4) };
}

const startupLog = (server) => server.logs.find((l) => l.type === 'startup' && l.detail.message === 'listening');

describe('the console over HTTP', () => {
  let server;
  before(async () => {
    server = await startServer({}, { db: 'br_orders' });
  });
  after(async () => {
    await server.stop();
  });

  test('index.html: HTML, revalidated on each visit, same-origin only, loading the pinned versions', async () => {
    const res = await request(server, '/console', { method: 'GET' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.match(res.headers.get('etag'), /^"[0-9a-f]{16}"$/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('content-security-policy'),
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
      "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; " +
      "base-uri 'none'; form-action 'none'");
    assert.equal(res.text, readFileSync(join(top, 'build', 'console', 'index.html'), 'utf8'));
    // Exactly the four assets, by their versioned paths; no placeholder left, no other host.
    const loaded = [...res.text.matchAll(/(?:src|href)="(\/console\/assets\/[^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(loaded.sort(), ASSETS.map((a) => a[0]).sort());
    assert.doesNotMatch(res.text, /@[A-Z_]+@/);
    assert.doesNotMatch(res.text, /https?:\/\//);
    assert.ok(res.text.includes("fetcher: makeFetcher()") && res.text.includes("url: '/v1/graphql'"));

    const slash = await request(server, '/console/', { method: 'GET' });
    assert.equal(slash.status, 200);
    assert.equal(slash.text, res.text);
  });

  test('the pins are graphiql 4.1.2 and React 18.3.1, and npm installed exactly those', () => {
    assert.deepEqual(pins, { graphiql: '4.1.2', react: '18.3.1', 'react-dom': '18.3.1' });
    for (const name of Object.keys(pins)) {
      assert.equal(JSON.parse(readFileSync(join(npmDir, name, 'package.json'), 'utf8')).version, pins[name]);
    }
  });

  test('assets: the npm files unchanged, with their types, cacheable forever', async () => {
    for (const [path, type, npmFile] of ASSETS) {
      const res = await fetch(server.url + path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('content-type'), type, path);
      assert.equal(res.headers.get('cache-control'), IMMUTABLE, path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('content-security-policy'), null, path);
      const body = Buffer.from(await res.arrayBuffer());
      assert.ok(body.equals(readFileSync(join(npmDir, npmFile))), `${path} differs from ${npmFile}`);
    }
  });

  test('If-None-Match: 304 without a body for the current tag (weak or strong), 200 otherwise', async () => {
    for (const path of ['/console', ASSETS[0][0]]) {
      const first = await fetch(server.url + path);
      const etag = first.headers.get('etag');
      await first.arrayBuffer();
      for (const header of [etag, `W/${etag}`, `"0000000000000000", ${etag}`, '*']) {
        const res = await rawRequest(server.port, path, { 'If-None-Match': header });
        assert.equal(res.status, 304, `${path} ${header}`);
        assert.equal(res.body, '');
        assert.equal(res.headers.etag, etag);
        assert.equal(res.headers['cache-control'], path === '/console' ? 'no-cache' : IMMUTABLE);
      }
      const changed = await fetch(server.url + path, { headers: { 'If-None-Match': '"0000000000000000"' } });
      assert.equal(changed.status, 200);
      await changed.arrayBuffer();
    }
  });

  test('missing files and anything outside assets/: 404 in the API error shape', async () => {
    for (const path of [
      '/console/assets/missing.js',
      `/console/assets/graphiql-${pins.graphiql}/graphiql.js`,  // shipped by npm, not copied
      '/console/index.html',                                     // only /console serves it
      '/console/assets/',
      '/console/other',
    ]) {
      const res = await request(server, path, { method: 'GET' });
      assert.equal(res.status, 404, path);
      assert.deepEqual(res.json, NOT_FOUND, path);
    }
    // Not a console path at all: the router's usual 404.
    const near = await request(server, '/consoles', { method: 'GET' });
    assert.equal(near.status, 404);
  });

  test('path traversal and odd spellings are refused with 404', async () => {
    const react = `react-${pins.react}`;
    for (const target of [
      '/console/assets/../../../../etc/passwd',
      '/console/assets/../index.html',
      `/console/assets/${react}/../${react}/react.production.min.js`,
      `/console/assets/%2e%2e/${react}/react.production.min.js`,
      `/console/assets/${react}/..%2f..%2findex.html`,
      `/console/assets//${react}/react.production.min.js`,
      `/console/assets/./${react}/react.production.min.js`,
      `/console/assets/${react}\\react.production.min.js`,
      `/console/assets/${react}/react.production.min.js%00`,
      `/console/assets/${react}/react%2eproduction.min.js`,
    ]) {
      const res = await rawGet(server.port, target);
      assert.equal(res.status, 404, target);
      assert.deepEqual(JSON.parse(res.body), NOT_FOUND, target);
    }
    // The plain spelling of the same file is served: the refusals above are about the spelling.
    assert.equal((await rawGet(server.port, `/console/assets/${react}/react.production.min.js`)).status, 200);
  });

  test('only GET: other methods get 405 with Allow', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      // No body: Node 18's fetch (undici 5) fails a DELETE with an empty one before sending it
      // (RequestContentLengthMismatchError).
      const res = await request(server, '/console', { method });
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.get('allow'), 'GET');
      assert.deepEqual(res.json, {
        path: '$', error: `method ${method} is not allowed on /console; use GET`, code: 'method-not-allowed',
      });
    }
  });

  test('the default folder is console/ beside the executable (the build tree)', () => {
    const beside = join(dirname(serverBin), 'console');
    const help = spawnSync(serverBin, ['--help'], { encoding: 'utf8' }).stdout;
    const installed = /else (\S+)\n/.exec(help.slice(help.indexOf('--console-dir')))[1];
    assert.equal(startupLog(server).detail.console, existsSync(join(beside, 'index.html')) ? beside : installed);
    assert.match(help, /--console-dir DIR\n.*\n\s+env GRAPHGATE_CONSOLE_DIR, yaml console_dir, default /);
    assert.ok(help.includes('GET /console'));
  });
});

// A raw request that returns headers as an object (fetch hides a 304's details behind its
// cache handling in some runtimes).
async function rawRequest(port, target, headers) {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  socket.end(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${lines}Connection: close\r\n\r\n`);
  const chunks = [];
  socket.on('data', (c) => chunks.push(c));
  await once(socket, 'close');
  const text = Buffer.concat(chunks).toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  const [statusLine, ...fields] = text.slice(0, split).split('\r\n');
  const parsed = {};
  for (const f of fields) parsed[f.slice(0, f.indexOf(':')).toLowerCase()] = f.slice(f.indexOf(':') + 1).trim();
  return { status: Number(statusLine.split(' ')[1]), headers: parsed, body: text.slice(split + 4) };
}

describe('--console-dir', () => {
  let dir;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gg-console-'));
    mkdirSync(join(dir, 'assets', 'app-1'), { recursive: true });
    mkdirSync(join(dir, 'assets', '.hidden'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>custom</title>');
    const files = { 'a.js': 'x', 'a.mjs': 'x', 'a.css': 'x', 'a.svg': '<svg/>', 'a.png': 'x', 'a.json': '{}', 'a.map': '{}',
      'a.woff2': 'x', 'a.ico': 'x', 'a.txt': 'x', 'a.bin': 'x' };
    for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, 'assets', 'app-1', name), body);
    writeFileSync(join(dir, 'assets', '.hidden', 'secret.txt'), 'no');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('serves another folder, typed by extension; dot files are not served', async () => {
    const server = await startServer({ GRAPHGATE_CONSOLE_DIR: dir }, { db: 'br_orders' });
    try {
      assert.equal(startupLog(server).detail.console, dir);
      const index = await request(server, '/console', { method: 'GET' });
      assert.equal(index.text, '<!doctype html><title>custom</title>');
      const types = {
        'a.js': JS, 'a.mjs': JS, 'a.css': CSS, 'a.svg': 'image/svg+xml', 'a.png': 'image/png',
        'a.json': 'application/json; charset=utf-8', 'a.map': 'application/json; charset=utf-8', 'a.woff2': 'font/woff2',
        'a.ico': 'image/x-icon', 'a.txt': 'text/plain; charset=utf-8', 'a.bin': 'application/octet-stream',
      };
      for (const [name, type] of Object.entries(types)) {
        const res = await request(server, `/console/assets/app-1/${name}`, { method: 'GET' });
        assert.equal(res.status, 200, name);
        assert.equal(res.headers.get('content-type'), type, name);
      }
      assert.equal((await rawGet(server.port, '/console/assets/.hidden/secret.txt')).status, 404);
    } finally {
      await server.stop();
    }
  });

  test('the YAML key console_dir does the same', async () => {
    const file = join(dir, 'config.yaml');
    writeFileSync(file, `console_dir: ${dir}\n`);
    const server = await startServer({ GRAPHGATE_CONFIG_FILE: file }, { db: 'br_orders' });
    try {
      assert.equal(startupLog(server).detail.console, dir);
      assert.equal((await request(server, '/console', { method: 'GET' })).text, '<!doctype html><title>custom</title>');
    } finally {
      await server.stop();
    }
  });

  test('a folder named explicitly but without index.html stops the server at start', () => {
    const missing = join(dir, 'nothing-here');
    const out = spawnSync(serverBin, ['--console-dir', missing, '--port', '0'], { encoding: 'utf8', timeout: 10000 });
    assert.equal(out.status, 2);
    const line = JSON.parse(out.stdout.trim().split('\n').at(-1));
    assert.equal(line.level, 'error');
    assert.equal(line.detail.message, `console: no index.html in ${missing} (build with make, or set --console-dir)`);
  });
});
