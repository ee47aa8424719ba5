// Read replicas (design §13) against a real streaming standby: this file copies the test cluster
// with `pg_basebackup -R` into a temporary folder and starts the copy as a hot standby on a free
// port next to the cluster's.  graphgate-server, given the standby as a read replica, answers
// queries and subscription polls there and mutations on the primary; X-Graphgate-Use-Primary
// sends a read to the primary; the standby stopped under a stream of queries loses none of them,
// and is used again once it is back.  The server's connections are told apart in
// pg_stat_activity by their application_name (gg_primary, gg_standby_a, gg_standby_b).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { cluster, databaseUrl, graphql, pgCommand, psql, request, serverBin, startServer, waitForLog } from './helpers.mjs';

const DB = 'srv_replica';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const primaryUrl = `${databaseUrl(DB)} application_name=gg_primary`;
const ITEMS = '{ items(order_by: {id: asc}) { id label user { name } } }';
const itemsAnswer = (first) => ({
  data: { items: [{ id: 1, label: first, user: { name: 'Alice' } }, { id: 2, label: 'two', user: { name: 'Bob' } }] },
});

async function until(pred, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await pred();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

// A TCP port on 127.0.0.1 nobody listens on, from the cluster's port + 1 on (GG_PORT's range).
async function freePort() {
  for (let port = Number(cluster.PGPORT) + 1; port < Number(cluster.PGPORT) + 10; port++) {
    const free = await new Promise((resolve) => {
      const s = net.createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port next to the cluster');
}

// A PostgreSQL program, without blocking the event loop (the load test keeps sending meanwhile).
function pg(program, args) {
  const [cmd, argv] = pgCommand(program, args);
  return new Promise((resolve, reject) => {
    // stdio ignored: a started postmaster inherits it and would keep a pipe open.
    const proc = spawn(cmd, argv, { env: cluster, stdio: 'ignore', cwd: '/' });
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${program} ${args.join(' ')}: exit ${code}`))));
  });
}

// The hot standby: a physical copy of the whole cluster, streaming from it.
async function makeStandby() {
  const dir = mkdtempSync(join(tmpdir(), 'gg-standby-'));
  if (process.getuid() === 0) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout);
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout);
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  const data = join(dir, 'data');
  await pg('pg_basebackup', ['-D', data, '-R', '-X', 'stream', '-c', 'fast', '-h', cluster.PGHOST, '-p', cluster.PGPORT,
    '-U', cluster.PGUSER || 'postgres']);
  const standby = {
    dir, port,
    url: (app) => `host=${dir} port=${port} user=${cluster.PGUSER || 'postgres'} dbname=${DB} application_name=${app}`,
    start: () => pg('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60',
      '-o', `-c port=${port} -c unix_socket_directories=${dir} -c listen_addresses=127.0.0.1`, 'start']),
    stop: () => pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']),
    psql: (sql) => {
      const out = spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', DB, '-c', sql], {
        env: { ...cluster, PGHOST: dir, PGPORT: String(port) }, encoding: 'utf8',
      });
      if (out.status !== 0) throw new Error(`psql on the standby failed: ${out.stderr}`);
      return out.stdout.trim();
    },
  };
  await standby.start();
  return standby;
}

// The application_names of the server's connections whose last statement matched `like`.
const APPS = (like) => `SELECT coalesce(string_agg(DISTINCT application_name, ',' ORDER BY application_name), '')
  FROM pg_stat_activity WHERE datname = '${DB}' AND application_name LIKE 'gg\\_%' AND query LIKE '${like}'`;
const GRAPHQL = 'SELECT graphgate.graphql(%';
const POLL = '%graphgate.graphql_multiplexed(%';

const availableLines = (server) =>
  server.logs.filter((l) => l.type === 'db' && l.detail.message === 'read replica available').length;
const available = (server, n) => until(() => availableLines(server) >= n, 20000, `${n} "read replica available" log lines`);

describe('read replicas', () => {
  let standby;
  let server;
  before(async () => {
    psql('postgres', `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    psql('postgres', `CREATE DATABASE ${DB}`);
    psql(DB, `CREATE EXTENSION graphgate CASCADE;
      CREATE TABLE items (id int PRIMARY KEY, user_id int, label text NOT NULL);
      INSERT INTO items VALUES (1, 1, 'one'), (2, 2, 'two');
      SELECT graphgate.add_source('users_db', 'host=${cluster.PGHOST} port=${cluster.PGPORT} dbname=users_db');
      SELECT graphgate.track_table('${DB}', 'items');
      SELECT graphgate.create_remote_relationship('user', '${DB}', 'items',
        '{"relationship_type": "object", "field_mapping": {"user_id": "id"}, "source": "users_db", "table": "users"}');`);
    standby = await makeStandby();
    assert.equal(standby.psql('SELECT pg_is_in_recovery()'), 't');
    // One standby under two names: the flag given twice, taken in turns.
    server = await startServer({ GRAPHGATE_DATABASE_URL: primaryUrl, GRAPHGATE_POOL_SIZE: '3' }, {
      db: DB, args: ['--read-replica-url', standby.url('gg_standby_a'), '--read-replica-url', standby.url('gg_standby_b')],
    });
    await available(server, 2);
  });
  after(async () => {
    if (server) assert.equal(await server.stop(), 0);
    if (standby) {
      await standby.stop().catch(() => {});
      rmSync(standby.dir, { recursive: true, force: true });
    }
    psql('postgres', `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  });

  test('queries are answered by the standby, in turns, remote relationships too', async () => {
    for (let i = 0; i < 6; i++) {
      const res = await graphql(server, ITEMS);
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, itemsAnswer('one'));
    }
    // a GET too
    const get = await request(server, `/v1/graphql?${new URLSearchParams({ query: '{ items_by_pk(id: 2) { label } }' })}`,
      { method: 'GET' });
    assert.deepEqual(get.json, { data: { items_by_pk: { label: 'two' } } });
    assert.equal(standby.psql(APPS(GRAPHQL)), 'gg_standby_a,gg_standby_b');
    assert.equal(psql(DB, APPS(GRAPHQL)), '', 'no query ran on the primary');
    const startup = server.logs.find((l) => l.type === 'startup' && l.detail.message === 'listening');
    assert.deepEqual(startup.detail.read_replicas.map((r) => r.port), [String(standby.port), String(standby.port)]);
  });

  test('a mutation goes to the primary; a read sees it once the standby replayed it, or at once with X-Graphgate-Use-Primary', async () => {
    // Replay paused: the standby lags for as long as the test wants.
    standby.psql('SELECT pg_wal_replay_pause()');
    try {
      const write = await graphql(server, 'mutation { update_items_by_pk(pk_columns: {id: 1}, _set: {label: "uno"}) { id label } }');
      assert.deepEqual(write.json, { data: { update_items_by_pk: { id: 1, label: 'uno' } } });
      assert.equal(psql(DB, APPS(GRAPHQL)), 'gg_primary');
      assert.equal(psql(DB, 'SELECT label FROM items WHERE id = 1'), 'uno');
      // the standby has not seen it: a read after a write may not see it
      assert.deepEqual((await graphql(server, ITEMS)).json, itemsAnswer('one'));
      for (const value of ['true', 'TRUE']) {
        const primary = await graphql(server, ITEMS, { headers: { 'x-graphgate-use-primary': value } });
        assert.deepEqual(primary.json, itemsAnswer('uno'));
      }
      const get = await request(server, `/v1/graphql?${new URLSearchParams({ query: '{ items_by_pk(id: 1) { label } }' })}`,
        { method: 'GET', headers: { 'x-graphgate-use-primary': 'true' } });
      assert.deepEqual(get.json, { data: { items_by_pk: { label: 'uno' } } });
      assert.deepEqual((await graphql(server, ITEMS, { headers: { 'x-graphgate-use-primary': 'false' } })).json,
        itemsAnswer('one'));
      const bad = await graphql(server, ITEMS, { headers: { 'x-graphgate-use-primary': 'yes' } });
      assert.equal(bad.status, 200);
      assert.deepEqual(bad.json, { errors: [{ extensions: { path: '$', code: 'invalid-headers' },
        message: 'the value of header x-graphgate-use-primary must be true or false' }] });
    } finally {
      standby.psql('SELECT pg_wal_replay_resume()');
    }
    await until(async () => JSON.stringify((await graphql(server, ITEMS)).json) === JSON.stringify(itemsAnswer('uno')),
      10000, 'the standby to replay the write');
    assert.equal(standby.psql('SELECT label FROM items WHERE id = 1'), 'uno');
  });

  test('the standby stopped under load: every request succeeds, from the primary; started again, it is used again', async () => {
    const client = createClient({ url: server.url.replace('http', 'ws') + '/v1/graphql', webSocketImpl: WebSocket,
      retryAttempts: 0, lazy: false, onNonLazyError: () => {} });
    const live = { messages: [], errors: [] };
    const dispose = client.subscribe({ query: 'subscription { items_by_pk(id: 1) { label } }' }, {
      next: (v) => live.messages.push(v), error: (e) => live.errors.push(e), complete: () => {},
    });
    const lastLabel = () => live.messages.at(-1)?.data?.items_by_pk?.label;
    try {
      await until(() => lastLabel() === 'uno', 5000, 'the subscription\'s first result');
      // the subscription's polls run on the standby
      await until(() => standby.psql(APPS(POLL)) !== '', 5000, 'a poll on the standby');
      assert.equal(psql(DB, APPS(POLL)), '', 'no poll ran on the primary');

      // A stream of queries, 8 at a time, each answer checked.
      let running = true;
      const counts = { ok: 0, failed: 0, failures: [] };
      const worker = async () => {
        while (running) {
          try {
            const res = await graphql(server, ITEMS);
            const want = itemsAnswer(res.json?.data?.items?.[0]?.label === 'outage' ? 'outage' : 'uno');
            if (res.status === 200 && JSON.stringify(res.json) === JSON.stringify(want)) counts.ok++;
            else { counts.failed++; counts.failures.push(`${res.status} ${res.text}`); }
          } catch (e) {
            counts.failed++;
            counts.failures.push(String(e));
          }
        }
      };
      const workers = Array.from({ length: 8 }, worker);
      await sleep(800);
      const before = counts.ok;
      const seen = availableLines(server);
      await standby.stop();
      await waitForLog(server, (l) => l.type === 'db' && l.level === 'warn' && /^read replica unavailable/.test(l.detail.message));
      // while it is down: reads from the primary, a write reaches the subscriber through it
      const write = await graphql(server, 'mutation { update_items_by_pk(pk_columns: {id: 1}, _set: {label: "outage"}) { label } }');
      assert.deepEqual(write.json, { data: { update_items_by_pk: { label: 'outage' } } });
      await until(() => lastLabel() === 'outage', 5000, 'the write to reach the subscriber while the standby is down');
      await sleep(1000);
      const during = counts.ok;
      await standby.start();
      await available(server, seen + 2);  // both names
      await sleep(800);
      running = false;
      await Promise.all(workers);
      assert.deepEqual(counts.failures, []);
      assert.equal(counts.failed, 0);
      assert.ok(before > 0 && during > before && counts.ok > during, `answers: ${before}, ${during}, ${counts.ok}`);
      // a fresh standby (every backend is new): the queries and the polls are back on it
      assert.equal(standby.psql(APPS(GRAPHQL)), 'gg_standby_a,gg_standby_b');
      await until(() => standby.psql(APPS(POLL)) !== '', 5000, 'a poll on the restarted standby');
      assert.deepEqual(live.errors, []);
      assert.ok(live.messages.every((m) => m.data && !m.errors), JSON.stringify(live.messages));
    } finally {
      dispose();
      await client.dispose();
    }
  });
});

describe('read replica configuration', () => {
  test('a URL libpq cannot read stops the server at start, naming which one', async () => {
    const urls = (env, args = []) => {
      const out = spawnSync(serverBin, args, {
        env: { PATH: process.env.PATH, GRAPHGATE_PORT: '0', ...env }, encoding: 'utf8', timeout: 10000,
      });
      return { status: out.status, stderr: out.stderr };
    };
    // by position: its text may hold a password
    assert.deepEqual(urls({ HASURA_GRAPHQL_READ_REPLICA_URLS: 'host=a, nonsense' }), {
      status: 2,
      stderr: 'graphgate-server: read-replica-url 2: missing "=" after "nonsense" in connection info string\n' +
        '(see graphgate-server --help)\n',
    });
    assert.equal(urls({ GRAPHGATE_READ_REPLICA_URLS: 'nonsense' }).stderr.split('\n')[0],
      'graphgate-server: read-replica-url 1: missing "=" after "nonsense" in connection info string');
    assert.equal(urls({}, ['--read-replica-url', '']).stderr.split('\n')[0],
      'graphgate-server: read-replica-url 1: empty (libpq\'s defaults would name the primary)');
  });

  test('a YAML list, replaced by the variable', async () => {
    const { writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'gg-replica-conf-'));
    const file = join(dir, 'server.yaml');
    writeFileSync(file, 'read_replica_urls:\n  - host=127.0.0.1 port=1 dbname=a\n  - postgresql://127.0.0.1:2/b\n');
    const fromFile = await startServer({ GRAPHGATE_CONFIG_FILE: file });
    const fromEnv = await startServer({ GRAPHGATE_CONFIG_FILE: file, HASURA_GRAPHQL_READ_REPLICA_URLS: 'host=127.0.0.1 port=3 dbname=c' });
    try {
      const listed = (s) => s.logs.find((l) => l.type === 'startup' && l.detail.message === 'listening').detail.read_replicas;
      assert.deepEqual(listed(fromFile), [{ host: '127.0.0.1', port: '1', dbname: 'a' }, { host: '127.0.0.1', port: '2', dbname: 'b' }]);
      assert.deepEqual(listed(fromEnv), [{ host: '127.0.0.1', port: '3', dbname: 'c' }]);
      // No standby answers: reads go to the primary.
      assert.deepEqual((await graphql(fromFile, '{ notes(limit: 1, order_by: {id: asc}) { id } }')).json,
        { data: { notes: [{ id: 1 }] } });
    } finally {
      assert.equal(await fromFile.stop(), 0);
      assert.equal(await fromEnv.stop(), 0);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
