// The measuring half of subscription_bench.sh (which creates the database GG_BENCH_DB):
//   node test/bench/subscription_bench.mjs SUBSCRIBERS VALUES INTERVAL_SECONDS BATCH_SIZE
// One graphql-ws socket per subscriber, subscriber i asking for counter i % VALUES.
import { readFileSync } from 'node:fs';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { psql, request, startServer } from '../server/helpers.mjs';

const [subscribers, values, interval, batch] = process.argv.slice(2).map(Number);
const db = process.env.GG_BENCH_DB;
const SECRET = 'bench-secret';
const headers = { 'x-hasura-admin-secret': SECRET };
const query = 'subscription Counter($id: Int!) { counters_by_pk(id: $id) { id value label } }';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(pred, ms, what) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(5);
  }
}

const rssKb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
const transactions = () =>
  Number(psql(db, `SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()`));
const pollerStats = async (server) =>
  (await request(server, '/v1/subscriptions/stats', { method: 'GET', headers })).json.pollers.find((p) => p.query === query);

const server = await startServer({
  GRAPHGATE_ADMIN_SECRET: SECRET,
  GRAPHGATE_LIVE_QUERIES_REFETCH_INTERVAL: String(interval),
  GRAPHGATE_LIVE_QUERIES_BATCH_SIZE: String(batch),
  GRAPHGATE_POOL_SIZE: '8',
  GRAPHGATE_LOG_LEVEL: 'warn',
}, { db });
const url = server.url.replace('http', 'ws') + '/v1/graphql';
const clients = [];
try {
  await sleep(300);
  const rssBefore = rssKb(server.proc.pid);
  // Each subscriber's latest counter value and when it arrived.
  const seen = Array.from({ length: subscribers }, () => ({ value: null, at: 0, messages: 0 }));
  const started = Date.now();
  for (let i = 0; i < subscribers; i++) {
    const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { headers }, retryAttempts: 0, lazy: false, onNonLazyError: () => {} });
    clients.push(client);
    client.subscribe({ query, variables: { id: i % values } }, {
      next: (r) => {
        seen[i].value = r.data.counters_by_pk.value;
        seen[i].at = Date.now();
        seen[i].messages += 1;
      },
      error: (e) => { console.error(`subscriber ${i}:`, e?.message ?? e); },
      complete: () => {},
    });
  }
  await until(() => seen.every((s) => s.messages >= 1), 30000, 'every first result');
  const firstAll = Math.max(...seen.map((s) => s.at)) - started;
  console.log(`subscribers: ${subscribers} (one socket each), ${values} variable values, refetch interval ${interval} s, batch size ${batch}`);
  console.log(`first results: all ${subscribers} within ${firstAll} ms of the first subscribe (goal < 5000 ms)`);

  await sleep(1500);
  const rssAfter = rssKb(server.proc.pid);
  console.log(`server memory: ${(rssBefore / 1024).toFixed(1)} MB before, ${(rssAfter / 1024).toFixed(1)} MB with ${subscribers} subscribers: ` +
    `${((rssAfter - rssBefore) / subscribers).toFixed(1)} KB per subscriber (socket, session, subscription)`);

  // Idle polling: nothing changes.
  const idleSeconds = 10;
  const p0 = await pollerStats(server);
  const x0 = transactions();
  const messages0 = seen.reduce((n, s) => n + s.messages, 0);
  await sleep(idleSeconds * 1000);
  const x1 = transactions();
  const p1 = await pollerStats(server);
  const messages1 = seen.reduce((n, s) => n + s.messages, 0);
  // Each transactions() is one transaction of psql's own.
  const dbRate = (x1 - x0 - 1) / idleSeconds;
  console.log(`idle polling over ${idleSeconds} s: ${dbRate.toFixed(2)} database transactions/s (server: ` +
    `${((p1.executions - p0.executions) / idleSeconds).toFixed(2)} graphql_multiplexed() calls/s for ${p1.cohorts} cohorts; ` +
    `expected ceil(${p1.cohorts}/${batch}) / ${interval} s = ${(Math.ceil(p1.cohorts / batch) / interval).toFixed(2)}/s), ` +
    `${messages1 - messages0} messages sent`);

  // One row changes: its 100 subscribers get it, nobody else.
  const affected = seen.filter((_, i) => i % values === 1);
  let committed = Date.now();
  psql(db, 'UPDATE counters SET value = value + 1 WHERE id = 1');
  await until(() => affected.every((s) => s.value === 1), 10000, 'the change of one row');
  const oneRow = Math.max(...affected.map((s) => s.at)) - committed;
  await sleep(interval * 1000 + 200);
  const others = seen.filter((s, i) => i % values !== 1 && s.messages > 1).length;
  console.log(`update of one row: all ${affected.length} affected subscribers within ${oneRow} ms of the commit (goal < 2000 ms); ` +
    `${others} unaffected subscribers got a message`);

  // Every row changes: all subscribers get it.
  committed = Date.now();
  psql(db, 'UPDATE counters SET value = value + 1');
  await until(() => seen.every((s, i) => s.value === (i % values === 1 ? 2 : 1)), 10000, 'the change of every row');
  const allRows = Math.max(...seen.map((s) => s.at)) - committed;
  console.log(`update of every row: all ${subscribers} subscribers within ${allRows} ms of the commit (goal < 2000 ms)`);
  const final = await pollerStats(server);
  console.log(`poller: ${JSON.stringify(final)}`);
} finally {
  await Promise.all(clients.map((c) => c.dispose()));
  await server.stop();
}
