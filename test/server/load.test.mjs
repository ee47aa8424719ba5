// 256 concurrent keep-alive clients all get answers: wrk drives the server for a bounded time
// (after a warm-up, every request must be answered within 3 s, none may fail), then 256 Node
// clients, each on its own persistent connection, send 5 requests each and every one of them
// must be answered.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer } from './helpers.mjs';

const QUERY = 'query { notes(order_by: {id: asc}, limit: 1) { id } }';
const EXPECTED = '{"data":{"notes":[{"id":1}]}}';
const BODY = JSON.stringify({ query: QUERY });

function run(cmd, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (c) => { out += c; });
    p.stderr.on('data', (c) => { out += c; });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('exit', (code) => { clearTimeout(timer); code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}: ${out}`)); });
  });
}

function post(agent, port) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/v1/graphql', method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, text, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end(BODY);
  });
}

describe('256 concurrent keep-alive clients', () => {
  let server;
  before(async () => {
    server = await startServer({ GRAPHGATE_POOL_SIZE: '8', GRAPHGATE_LOG_LEVEL: 'warn' });
  });
  after(async () => {
    await server.stop();
  });

  test('wrk: 256 connections for 4 s, no error, no request over 3 s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gg-wrk-'));
    const script = join(dir, 'post.lua');
    writeFileSync(script, `wrk.method = "POST"\nwrk.body = ${JSON.stringify(BODY)}\nwrk.headers["Content-Type"] = "application/json"\n`);
    // Warm-up, not judged: each pooled backend builds graphgate's schema cache on its first
    // query, which on a busy 2-core machine can take a good part of a second.
    await run('wrk', ['-t2', '-c256', '-d1s', '--timeout', '5s', '-s', script, server.url + '/v1/graphql'], 30000);
    // wrk counts a request unanswered after 3 s as a timeout (checked while the run lasts, hence
    // a run longer than the timeout).
    const out = await run('wrk', ['-t2', '-c256', '-d4s', '--timeout', '3s', '-s', script, server.url + '/v1/graphql'], 30000);
    const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
    assert.ok(requests >= 256, out);
    assert.doesNotMatch(out, /Non-2xx or 3xx responses/, out);
    assert.doesNotMatch(out, /Socket errors/, out);
  });

  test('every one of 256 clients gets all its answers on its own connection', async () => {
    const clients = Array.from({ length: 256 }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    const deadline = setTimeout(() => { throw new Error('clients starved'); }, 30000);
    try {
      const results = await Promise.all(clients.map(async (agent) => {
        const answers = [];
        for (let i = 0; i < 5; i++) answers.push(await post(agent, server.port));
        return answers;
      }));
      for (const answers of results) {
        assert.equal(answers.length, 5);
        for (const [i, a] of answers.entries()) {
          assert.equal(a.status, 200);
          assert.equal(a.text, EXPECTED);
          if (i > 0) assert.equal(a.reused, true, 'keep-alive connection reused');
        }
      }
    } finally {
      clearTimeout(deadline);
      for (const a of clients) a.destroy();
    }
  });
});
