// The measuring half of test/bench/remote_join_bench.sh (see there for what and why): the forms of
// a remote join, interleaved in random order per iteration on persistent connections, over a
// matrix of round-trip times and source counts, then large batches, then graphql() under the plan
// cache's modes.  The shell script starts the cluster and the delay proxies and loads the data;
// this program only connects (libpq's PGHOST, PGPORT and PGUSER for the orders database) and
// measures.  Prints; asserts nothing but that the forms return the same JSON (exit 1 otherwise).
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { get } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import pg from 'pg';

const OPTIONS = {
  proxies: { type: 'string' },          // name=listen:control,...
  'orders-db': { type: 'string' },
  'users-db': { type: 'string' },
  'products-db': { type: 'string' },
  data: { type: 'string', default: '' },
  duration: { type: 'string', default: '10' },
  iterations: { type: 'string' },
  warmup: { type: 'string', default: '7' },
  rtts: { type: 'string', default: '0,2,10' },
  'no-large': { type: 'boolean', default: false },
  explain: { type: 'boolean', default: false },
};
let opt;
try {
  ({ values: opt } = parseArgs({ options: OPTIONS }));
} catch (e) {
  console.error(`${e.message} (test/bench/remote_join_bench.sh --help lists the options)`);
  process.exit(2);
}
const positive = (name, v, allowZero = false) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) { console.error(`--${name}: not a positive number: ${v}`); process.exit(2); }
  return n;
};
const durationMs = positive('duration', opt.duration) * 1000;
const iterations = opt.iterations === undefined ? null : Math.trunc(positive('iterations', opt.iterations));
const warmup = Math.trunc(positive('warmup', opt.warmup, true));
const rtts = opt.rtts.split(',').map((v) => positive('rtts', v, true));
const MIN_ITERATIONS = 5;
const COUNTED_REQUESTS = 10;   // per form and cell, for the chunk and statement counts
const SMALL = 500;
const LARGE = opt['no-large'] ? [] : [50000, 90000];

const proxies = Object.fromEntries(opt.proxies.split(',').map((spec) => {
  const [name, ports] = spec.split('=');
  const [listen, control] = ports.split(':').map(Number);
  return [name, { listen, control }];
}));

// ---- the remote relationships ----------------------------------------------------------------
// field: the GraphQL field; key: the orders column; batch: the generated batch function (§7);
// foreign: the imported foreign table; table/db/proxy: the remote table as the Hasura-style
// join reaches it; fdwProxy: the proxy in front of graphgate's foreign server.
const RELS = [
  { field: 'ordered_by_user', key: 'ordered_by_user_id', batch: 'orders_ordered_by_user_batch',
    foreign: 'users_db.users', table: 'users', db: opt['users-db'], proxy: 'client_users', fdwProxy: 'fdw_users' },
  { field: 'product', key: 'product_id', batch: 'orders_product_batch',
    foreign: 'products_db.products', table: 'products', db: opt['products-db'], proxy: 'client_products', fdwProxy: 'fdw_products' },
];
const rels = (sources) => RELS.slice(0, sources);

// ---- the statements --------------------------------------------------------------------------
const graphqlQuery = (n, sources) =>
  `{ orders(order_by: {id: asc}, limit: ${n}) { id ${rels(sources).map((r) => `${r.field} { id name }`).join(' ')} } }`;

const obj = (alias) => `json_build_object('id', ${alias}.id, 'name', ${alias}.name)`;
const responseSelect = (fields, from) => `SELECT json_build_object('data', json_build_object('orders', coalesce(json_agg(
         json_build_object('id', p.id, ${fields}) ORDER BY p.id), '[]'))) AS j
FROM ${from}`;

// design §8's hand-written batched SQL: the parents read once, the distinct keys as one array,
// the inlined batch function (one foreign scan with the keys pushed down), LEFT JOIN back
function handSql(n, sources) {
  const rs = rels(sources);
  const ctes = [`p AS MATERIALIZED (SELECT o.id, ${rs.map((r) => `o.${r.key}`).join(', ')} FROM orders o ORDER BY o.id LIMIT ${n})`];
  rs.forEach((r, i) => {
    ctes.push(`k${i} AS (SELECT ARRAY(SELECT DISTINCT ${r.key} FROM p WHERE ${r.key} IS NOT NULL) AS a)`);
    ctes.push(`r${i} AS (SELECT t.id, ${obj('t')} AS j FROM k${i} CROSS JOIN LATERAL graphgate_rel.${r.batch}(k${i}.a) t)`);
  });
  return `WITH ${ctes.join(',\n     ')}\n` + responseSelect(
    rs.map((r, i) => `'${r.field}', r${i}.j`).join(', '),
    'p' + rs.map((r, i) => ` LEFT JOIN r${i} ON r${i}.id = p.${r.key}`).join(''));
}

// a plain LEFT JOIN to the foreign table: postgres_fdw fetches the remote table whole
function wholeTableSql(n, sources) {
  const rs = rels(sources);
  return responseSelect(
    rs.map((r, i) => `'${r.field}', CASE WHEN t${i}.id IS NOT NULL THEN ${obj(`t${i}`)} END`).join(', '),
    `(SELECT id, ${rs.map((r) => r.key).join(', ')} FROM orders ORDER BY id LIMIT ${n}) p` +
      rs.map((r, i) => ` LEFT JOIN ${r.foreign} t${i} ON t${i}.id = p.${r.key}`).join(''));
}

// ---- connections -----------------------------------------------------------------------------
// json stays text, as graphgate-server passes it on: no client-side parse for the SQL forms.
const types = {
  getTypeParser: (oid, format) => (oid === 114 || oid === 3802 ? (v) => v : pg.types.getTypeParser(oid, format)),
};
async function connect(config) {
  const client = new pg.Client({ ...config, types });
  await client.connect();
  return client;
}
const local = () => connect({ database: opt['orders-db'] });   // direct, from libpq's environment
// The Hasura-style join's connections are pools, as Hasura's are: one connection each (a request
// uses one per source), opened before the timing and kept open.
async function pool(config) {
  const p = new pg.Pool({ ...config, types, max: 1, idleTimeoutMillis: 0 });   // never closed idle
  (await p.connect()).release();
  return p;
}

const admin = await local();
const conns = {
  graphql: await local(),
  custom: await local(),
  generic: await local(),
  hand: await local(),
  whole: await local(),
  hasura: await pool({ database: opt['orders-db'] }),
  remote: Object.fromEntries(await Promise.all(RELS.map(async (r) =>
    [r.field, await pool({ host: '127.0.0.1', port: proxies[r.proxy].listen, database: r.db })]))),
};

// Named statements are prepared once per connection (pg keeps them by name): one name per text.
const query = (client, name, text, values = []) => client.query({ name, text, values });
const single = async (client, name, text, values) => (await query(client, name, text, values)).rows[0];

// graphgate keeps graphql()'s compiled statement as a saved plan with the request's values (the
// limit too) as parameters, so plan_cache_mode picks between a custom plan per call and one
// generic plan for it (the auto form: the plan cache's own choice after 5 custom plans).  The
// planning these connections do is counted by pg_stat_statements (track_planning).
const PLAN_MODES = { graphql: 'auto', custom: 'force_custom_plan', generic: 'force_generic_plan' };
for (const [conn, mode] of Object.entries(PLAN_MODES)) {
  await conns[conn].query(`SET plan_cache_mode = ${mode}; SET pg_stat_statements.track_planning = on`);
}
const graphqlRun = (client) => async (n, sources) =>
  (await single(client, 'graphql', 'SELECT graphgate.graphql($1) AS j', [graphqlQuery(n, sources)])).j;

// ---- the forms -------------------------------------------------------------------------------
// Each run() returns the response text, as a client of graphgate-server would get it.
const FORMS = {
  graphql: {
    label: 'graphql()',
    proxies: (sources) => rels(sources).map((r) => r.fdwProxy),
    run: graphqlRun(conns.graphql),
  },
  custom: {
    label: 'custom plan',
    proxies: (sources) => rels(sources).map((r) => r.fdwProxy),
    run: graphqlRun(conns.custom),
  },
  generic: {
    label: 'generic plan',
    proxies: (sources) => rels(sources).map((r) => r.fdwProxy),
    run: graphqlRun(conns.generic),
  },
  hasura: {
    label: 'hasura-style',
    proxies: (sources) => rels(sources).map((r) => r.proxy),
    run: async (n, sources) => {
      const rs = rels(sources);
      const parents = (await query(conns.hasura, `orders_${n}_${sources}`,
        `SELECT id, ${rs.map((r) => r.key).join(', ')} FROM orders ORDER BY id LIMIT ${n}`)).rows;
      const found = await Promise.all(rs.map(async (r) => {
        const keys = [...new Set(parents.map((p) => p[r.key]).filter((k) => k !== null))];
        const res = await query(conns.remote[r.field], 'fetch', `SELECT id, name FROM ${r.table} WHERE id = ANY($1)`, [keys]);
        return new Map(res.rows.map((row) => [row.id, row]));
      }));
      const orders = parents.map((p) => {
        const o = { id: p.id };
        rs.forEach((r, i) => { o[r.field] = p[r.key] === null ? null : found[i].get(p[r.key]) ?? null; });
        return o;
      });
      return JSON.stringify({ data: { orders } });
    },
  },
  hand: {
    label: 'hand-fdw',
    proxies: (sources) => rels(sources).map((r) => r.fdwProxy),
    run: async (n, sources) => (await single(conns.hand, `hand_${n}_${sources}`, handSql(n, sources))).j,
  },
  whole: {
    label: 'whole-table',
    proxies: (sources) => rels(sources).map((r) => r.fdwProxy),
    run: async (n, sources) => (await single(conns.whole, `whole_${n}_${sources}`, wholeTableSql(n, sources))).j,
  },
};

// ---- the delay proxies -----------------------------------------------------------------------
function control(name, path) {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port: proxies[name].control, path }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${name}${path}: ${res.statusCode}`))));
    }).on('error', reject);
  });
}
const setRtt = (ms) => Promise.all(Object.keys(proxies).map((name) => control(name, `/rtt?ms=${ms}`)));
const proxyStats = async () => Object.fromEntries(await Promise.all(Object.keys(proxies).map(async (n) => [n, await control(n, '/stats')])));
// the round-trip time the chunks through these proxies really got between two /stats
function realRtt(before, after, names) {
  const d = (k) => names.reduce((s, n) => s + after[n][k] - before[n][k], 0);
  const chunks = d('chunks_up') + d('chunks_down');
  return chunks ? (2 * d('held_ms')) / chunks : NaN;
}

// ---- same JSON -------------------------------------------------------------------------------
// Compared as jsonb by the database; on a difference both answers are printed and we stop.
async function checkSame(n, sources, forms) {
  const answers = {};
  for (const f of forms) answers[f] = await FORMS[f].run(n, sources);
  const [first, ...rest] = forms;
  for (const f of rest) {
    const { same } = await single(admin, 'same', 'SELECT $1::jsonb = $2::jsonb AS same', [answers[first], answers[f]]);
    if (!same) {
      console.log(`MISMATCH: ${FORMS[first].label} and ${FORMS[f].label} differ (${n} orders, ${sources} source(s))`);
      console.log(`${FORMS[first].label}:\n${answers[first]}\n${FORMS[f].label}:\n${answers[f]}`);
      process.exit(1);
    }
  }
  const orders = JSON.parse(answers[first]).data?.orders;
  if (!Array.isArray(orders) || orders.length !== n) {
    console.log(`MISMATCH: ${FORMS[first].label} answered no ${n} orders (${sources} source(s)):\n${answers[first].slice(0, 2000)}`);
    process.exit(1);
  }
  return `${n} orders, ` + rels(sources).map((r) => `${orders.filter((o) => o[r.field] === null).length} null ${r.field}`).join(', ');
}

// ---- counting: chunks towards the remote databases and statements they receive ---------------
// Form by form (not interleaved: the proxies and pg_stat_statements are shared), after warm-up.
const dbids = Object.fromEntries((await admin.query(
  'SELECT datname, oid::int FROM pg_database WHERE datname = ANY($1)', [RELS.map((r) => r.db)])).rows.map((r) => [r.datname, r.oid]));

async function count(form, n, sources) {
  const ids = rels(sources).map((r) => dbids[r.db]);
  const names = FORMS[form].proxies(sources);
  for (const id of ids) await admin.query('SELECT pg_stat_statements_reset(0, $1, 0)', [id]);
  const before = await proxyStats();
  for (let i = 0; i < COUNTED_REQUESTS; i++) await FORMS[form].run(n, sources);
  const after = await proxyStats();
  const perSource = names.map((name) => (after[name].chunks_up - before[name].chunks_up) / COUNTED_REQUESTS);
  // the first word of each statement the remote databases ran (pg_stat_statements.track = all),
  // after graphgate's leading /* graphgate */ (kept in the label), in the order of a postgres_fdw
  // scan (pg_stat_statements keeps no time of first call); and the time they took there
  const { rows } = await admin.query(
    `WITH s AS (SELECT CASE WHEN query LIKE '/* graphgate */%' THEN '/* graphgate */ ' ELSE '' END AS mark,
                       upper(split_part(ltrim(regexp_replace(query, '^\\s*/\\*.*?\\*/', '')), ' ', 1)) AS word,
                       calls, total_exec_time
                FROM pg_stat_statements WHERE dbid = ANY($1))
     SELECT mark || word AS word, sum(calls)::int AS calls, sum(total_exec_time) AS ms FROM s GROUP BY mark, word
     ORDER BY array_position('{START,SAVEPOINT,DECLARE,SELECT,FETCH,CLOSE,RELEASE,COMMIT}'::text[], word), 1`, [ids]);
  const statements = rows.reduce((s, r) => s + r.calls, 0) / COUNTED_REQUESTS;
  const remoteMs = rows.reduce((s, r) => s + r.ms, 0) / COUNTED_REQUESTS;
  const words = rows.map((r) => `${r.word} ${fmt(r.calls / COUNTED_REQUESTS, 1)}`).join(', ');
  return { perSource: perSource.map((c) => fmt(c, 1)).join('+'), statements, remoteMs, words };
}

// The plans graphql()'s compiled statement got per request on the form's connection, and their
// time: pg_stat_statements' entry of the statement (by the query identifier graphgate.explain()
// prints for it), reset before COUNTED_REQUESTS requests.
const ordersDbid = (await admin.query('SELECT oid::int FROM pg_database WHERE datname = current_database()')).rows[0].oid;
async function countPlans(form, n, sources) {
  const explained = (await admin.query('SELECT graphgate.explain($1) AS e', [graphqlQuery(n, sources)])).rows[0].e;
  const queryid = /Query Identifier: (-?\d+)/.exec(explained)?.[1];
  if (!queryid) return { perCall: NaN, ms: NaN };
  await admin.query('SELECT pg_stat_statements_reset(0, $1, $2)', [ordersDbid, queryid]);
  for (let i = 0; i < COUNTED_REQUESTS; i++) await FORMS[form].run(n, sources);
  const { rows: [r] } = await admin.query(
    'SELECT sum(plans)::float8 AS plans, sum(calls)::float8 AS calls, sum(total_plan_time) AS ms FROM pg_stat_statements WHERE dbid = $1 AND queryid = $2',
    [ordersDbid, queryid]);
  return r.calls ? { perCall: r.plans / r.calls, ms: r.ms / r.calls } : { perCall: NaN, ms: NaN };
}

// ---- timing ----------------------------------------------------------------------------------
function shuffle(a) {
  const b = [...a];
  for (let i = b.length - 1; i > 0; i--) { const j = Math.floor(Math.random() * (i + 1)); [b[i], b[j]] = [b[j], b[i]]; }
  return b;
}
function summary(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const rank = (p) => s[Math.max(0, Math.ceil(p * s.length) - 1)];
  return { avg: s.reduce((a, b) => a + b, 0) / s.length, p50: rank(0.5), p90: rank(0.9), n: s.length };
}
// Times the forms at each of the round-trip times, interleaved: round after round, the RTTs in a
// random order, and at each one every form once in a random order, so that the machine's load
// (other processes share its cores) drifts over all cells alike and the slopes over the RTTs
// stay honest.  Each cell gets --duration (or --iterations rounds).  The real RTT of a cell is
// what its proxies held its chunks, summed over its rounds.
async function time(n, sources, forms, rttList) {
  await setRtt(rttList[0]);
  for (let i = 0; i < warmup; i++) for (const f of forms) await FORMS[f].run(n, sources);
  const samples = Object.fromEntries(rttList.map((r) => [r, Object.fromEntries(forms.map((f) => [f, []]))]));
  // per RTT and proxy, the counters' growth over that RTT's rounds (realRtt of it from zero)
  const counters = () => Object.fromEntries(Object.keys(proxies).map((name) => [name, { chunks_up: 0, chunks_down: 0, held_ms: 0 }]));
  const zero = counters();
  const held = Object.fromEntries(rttList.map((r) => [r, counters()]));
  const start = performance.now();
  const budget = durationMs * rttList.length;
  for (let round = 0; iterations !== null ? round < iterations : round < MIN_ITERATIONS || performance.now() - start < budget; round++) {
    for (const rtt of shuffle(rttList)) {
      await setRtt(rtt);
      const before = await proxyStats();
      for (const f of shuffle(forms)) {
        const t = performance.now();
        await FORMS[f].run(n, sources);
        samples[rtt][f].push(performance.now() - t);
      }
      const after = await proxyStats();
      for (const [name, sum] of Object.entries(held[rtt])) for (const k of Object.keys(sum)) sum[k] += after[name][k] - before[name][k];
    }
  }
  return Object.fromEntries(rttList.map((r) => [r, Object.fromEntries(forms.map((f) =>
    [f, { ...summary(samples[r][f]), rtt: realRtt(zero, held[r], FORMS[f].proxies(sources)) }]))]));
}

// ---- printing --------------------------------------------------------------------------------
const fmt = (v, d = 2) => (v === undefined || v === null || Number.isNaN(v) ? '-' : v.toFixed(d));
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}x` : '-');
const pad = (s, w) => String(s).padEnd(w);
const lpad = (s, w) => String(s).padStart(w);
const row = (cols, widths) => cols.map((c, i) => (i < 3 ? pad(c, widths[i]) : lpad(c, widths[i]))).join(' ').trimEnd();
// least-squares slope of y against x: ms of latency per ms of RTT, i.e. round trips
function slope(xs, ys) {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length, my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return sxx === 0 ? NaN : xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / sxx;
}

const started = performance.now();
const pgVersion = JSON.parse(readFileSync(new URL('node_modules/pg/package.json', import.meta.url), 'utf8')).version;
const version = (await admin.query('SHOW server_version')).rows[0].server_version.split(' ')[0];
console.log('remote joins at a network distance: graphgate.graphql() vs a Hasura-style client-side join vs hand-written postgres_fdw SQL');
console.log(`machine: ${cpus().length} cores, PostgreSQL ${version}, Node ${process.version}, pg ${pgVersion}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`data: ${opt.data}`);
console.log(`timing: ${iterations !== null ? `${iterations} iterations` : `${durationMs / 1000} s (at least ${MIN_ITERATIONS} iterations)`} per cell, the forms in a random order per iteration and a source count's RTTs interleaved (in a random order per round), after ${warmup} untimed calls of each; persistent connections (pools of one for the Hasura-style join), prepared statements`);
console.log('remote connections through delay proxies (each chunk held rtt/2 each way); the orders database direct');

// ---- the matrix: 500 orders, RTT x sources ---------------------------------------------------
const MATRIX_FORMS = ['graphql', 'hasura', 'hand'];
const matrix = {};   // `${sources}/${rtt}` -> { stats, counts }
const checked = [];
for (const sources of [1, 2]) {
  checked.push(`${sources} source(s): ${await checkSame(SMALL, sources, MATRIX_FORMS)}`);
}
console.log(`the forms returned the same JSON (compared as jsonb): ${checked.join('; ')}`);
console.log();

const W = [8, 5, 13, 6, 9, 9, 9, 6, 10, 7, 8, 12];
console.log(`${SMALL} orders: ${graphqlQuery(SMALL, 2).replace(` ${RELS[1].field} { id name }`, ` [${RELS[1].field} { id name }]`)}`);
console.log(row(['sources', 'rtt', 'form', 'real', 'avg ms', 'p50 ms', 'p90 ms', 'n', 'chunks', 'stmts', 'remote', 'vs graphql'], W));
console.log(row(['', 'ms', '', 'rtt', '', '', '', '', 'up/req', '/req', 'ms/req', 'avg   p50'], W));
for (const sources of [1, 2]) {
  for (const rtt of rtts) {
    await setRtt(rtt);
    await checkSame(SMALL, sources, MATRIX_FORMS);   // again: the answers must not depend on the delay
  }
  const timed = await time(SMALL, sources, MATRIX_FORMS, rtts);
  for (const rtt of rtts) {
    await setRtt(rtt);
    const stats = timed[rtt];
    const counts = {};
    for (const f of MATRIX_FORMS) counts[f] = await count(f, SMALL, sources);
    matrix[`${sources}/${rtt}`] = { stats, counts };
    for (const f of MATRIX_FORMS) {
      const s = stats[f], g = stats.graphql;
      const vs = f === 'graphql' ? '' : `${ratio(g.avg, s.avg)} ${ratio(g.p50, s.p50)}`;
      console.log(row([sources, rtt, FORMS[f].label, fmt(s.rtt), fmt(s.avg), fmt(s.p50), fmt(s.p90), s.n,
        counts[f].perSource, fmt(counts[f].statements, 1), fmt(counts[f].remoteMs), vs], W));
    }
  }
}
console.log('(real rtt: the round-trip time the form\'s proxies really held its chunks, ms; vs graphql: graphql()\'s time over');
console.log(' the form\'s, avg and p50; chunks up: chunks the proxies passed towards each remote database per request;');
console.log(' stmts: statements those databases ran per request, from pg_stat_statements; remote: the time those');
console.log(` statements ran there per request (pg_stat_statements' exec time); all counted over ${COUNTED_REQUESTS} requests per`);
console.log(' form after the timing, form by form)');
console.log();

console.log('round trips per request (one level of remote fields): the slope of latency against the real RTT, ms per ms');
const slopes = {};
const WR = [8, 13, 0, 10, 10, 28];
console.log(row(['sources', 'form', '', 'slope p50', 'slope avg', `chunks up at ${rtts.join(' / ')} ms`], WR));
for (const sources of [1, 2]) {
  for (const f of MATRIX_FORMS) {
    const cells = rtts.map((r) => matrix[`${sources}/${r}`]);
    const x = cells.map((c) => c.stats[f].rtt);
    const sp = slope(x, cells.map((c) => c.stats[f].p50)), sa = slope(x, cells.map((c) => c.stats[f].avg));
    slopes[`${sources}/${f}`] = sp;
    console.log(row([sources, FORMS[f].label, '', fmt(sp), fmt(sa), cells.map((c) => c.counts[f].perSource).join(' / ')], WR));
  }
}
console.log('(the slope counts the round trips one after the other; the chunks count every message, so two sources fetched at');
console.log(' once show 1+1 chunks for a slope of about 1)');
console.log();
console.log(`statements the remote databases ran per request (at ${rtts[0]} ms, by first word):`);
for (const sources of [1, 2]) {
  for (const f of MATRIX_FORMS) {
    const c = matrix[`${sources}/${rtts[0]}`].counts[f];
    console.log(`  ${sources} source(s), ${pad(FORMS[f].label, 13)} ${fmt(c.statements, 1)}: ${c.words}`);
  }
}

// ---- large batches: 1 source, RTT 0 ----------------------------------------------------------
const LARGE_FORMS = ['graphql', 'hand', 'whole', 'hasura'];
const large = {};
if (LARGE.length) {
  await setRtt(0);
  console.log();
  console.log(`large batches at 0 ms RTT, one source: ${graphqlQuery('N', 1)}`);
  const WL = [8, 13, 0, 9, 9, 9, 6, 12, 12];
  console.log(row(['orders', 'form', '', 'avg ms', 'p50 ms', 'p90 ms', 'n', 'vs best avg', 'vs best p50'], WL));
  for (const n of LARGE) {
    const rows = await checkSame(n, 1, LARGE_FORMS);
    const stats = (await time(n, 1, LARGE_FORMS, [0]))[0];
    large[n] = stats;
    const bestAvg = Math.min(stats.hand.avg, stats.whole.avg), bestP50 = Math.min(stats.hand.p50, stats.whole.p50);
    for (const f of LARGE_FORMS) {
      const s = stats[f];
      console.log(row([n, FORMS[f].label, '', fmt(s.avg), fmt(s.p50), fmt(s.p90), s.n, ratio(s.avg, bestAvg), ratio(s.p50, bestP50)], WL));
    }
    console.log(`         (${rows}; same JSON from all four)`);
  }
  console.log('(vs best: the form\'s time over the better of key-shipping (hand-fdw) and the whole-table fetch; hasura-style for reference)');
}

// ---- the plan cache of graphql()'s compiled statement: custom plan per call vs generic ------
const PLAN_FORMS = ['custom', 'generic', 'graphql'];
const PLAN_CELLS = [[SMALL, 1], [SMALL, 2], ...LARGE.map((n) => [n, 1])];
const planCache = {};
await setRtt(0);
console.log();
console.log('the plan cache of graphql()\'s compiled statement at 0 ms RTT: plan_cache_mode force_custom_plan vs force_generic_plan');
console.log('vs the default (auto), each on its own connection');
const WP = [8, 8, 13, 9, 9, 9, 6, 10, 10, 12];
console.log(row(['orders', 'sources', 'form', 'avg ms', 'p50 ms', 'p90 ms', 'n', 'plans', 'plan ms', 'vs custom'], WP));
console.log(row(['', '', '', '', '', '', '', '/call', '/call', 'avg   p50'], WP));
for (const [n, sources] of PLAN_CELLS) {
  await checkSame(n, sources, PLAN_FORMS);
  const stats = (await time(n, sources, PLAN_FORMS, [0]))[0];
  const plans = {};
  for (const f of PLAN_FORMS) plans[f] = await countPlans(f, n, sources);
  planCache[`${n}/${sources}`] = { stats, plans };
  for (const f of PLAN_FORMS) {
    const s = stats[f], c = stats.custom;
    const vs = f === 'custom' ? '' : `${ratio(s.avg, c.avg)} ${ratio(s.p50, c.p50)}`;
    const label = f === 'graphql' ? 'auto' : FORMS[f].label;
    console.log(row([n, sources, label, fmt(s.avg), fmt(s.p50), fmt(s.p90), s.n, fmt(plans[f].perCall), fmt(plans[f].ms, 3), vs], WP));
  }
}
console.log('(plans/call: plans of the compiled statement per graphql() call, from pg_stat_statements (track_planning), with');
console.log(` plan ms its planning time per call, over ${COUNTED_REQUESTS} calls after the timing; vs custom: the form's time over the custom plan's)`);

// ---- the goals, beside the numbers (not asserted) --------------------------------------------
const met = (values, ok) => (values.some((v) => Number.isNaN(v)) ? 'n/a' : values.every(ok) ? 'met' : 'not met');
console.log();
console.log('goals of issue 14 (printed, not asserted):');
const rt = [1, 2].map((s) => slopes[`${s}/graphql`]);
console.log(`  <= 1.1 round trips per level whatever the number of sources: graphql() ${rt.map((v, i) => `${i + 1} source(s) ${fmt(v)}`).join(', ')}` +
  ` (hasura-style ${[1, 2].map((s) => fmt(slopes[`${s}/hasura`])).join(', ')}): ${met(rt, (v) => v <= 1.1)}`);
const top = Math.max(...rtts), bottom = Math.min(...rtts);
const at = (rtt, s, f) => matrix[`${s}/${rtt}`].stats[f];
const hz = [1, 2].map((s) => at(top, s, 'graphql').p50 / at(top, s, 'hasura').p50);
console.log(`  at ${top} ms RTT within 1.1x of the Hasura-style join: graphql()/hasura-style p50 ${hz.map((v, i) => `${i + 1} source(s) ${fmt(v)}x`).join(', ')}: ${met(hz, (v) => v <= 1.1)}`);
const lh = [1, 2].map((s) => at(bottom, s, 'graphql').p50 / at(bottom, s, 'hand').p50);
console.log(`  at ${bottom} ms RTT faster than the hand-written postgres_fdw SQL: graphql()/hand-fdw p50 ${lh.map((v, i) => `${i + 1} source(s) ${fmt(v)}x`).join(', ')}: ${met(lh, (v) => v < 1)}`);
if (LARGE.length) {
  const lb = LARGE.map((n) => large[n].graphql.p50 / Math.min(large[n].hand.p50, large[n].whole.p50));
  console.log(`  at ${LARGE.join(' and ')} parents no slower than the better of key-shipping and a whole-table fetch: graphql()/best p50 ${lb.map((v, i) => `${LARGE[i]} ${fmt(v)}x`).join(', ')}: ${met(lb, (v) => v <= 1)}`);
}

{
  const cells = PLAN_CELLS.map(([n, sources]) => {
    const { stats, plans } = planCache[`${n}/${sources}`];
    return `${n} orders ${sources} source(s) generic/custom p50 ${ratio(stats.generic.p50, stats.custom.p50)} (auto ${fmt(plans.graphql.perCall)} plans/call)`;
  });
  console.log(`  plan cache of the compiled statement (a choice to make, no goal): ${cells.join('; ')}`);
}
console.log(`run time: ${((performance.now() - started) / 1000).toFixed(0)} s, load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

// ---- the plans, on demand --------------------------------------------------------------------
if (opt.explain) {
  await setRtt(0);
  const ex = await local();
  const notices = [];
  ex.on('notice', (m) => notices.push(m.message));
  await ex.query(`LOAD 'auto_explain'; SET auto_explain.log_analyze = on; SET auto_explain.log_timing = off;
                  SET auto_explain.log_verbose = on; SET auto_explain.log_nested_statements = on;
                  SET auto_explain.log_level = notice`);
  const cases = [[SMALL, 1], [SMALL, 2], ...LARGE.map((n) => [n, 1])];
  const noOutput = (text) => text.split('\n').filter((l) => !/^\s*Output: /.test(l)).join('\n');
  for (const [n, sources] of cases) {
    console.log(`\n==== ${n} orders, ${sources} source(s): graphgate.explain()`);
    console.log((await ex.query('SELECT graphgate.explain($1) AS e', [graphqlQuery(n, sources)])).rows[0].e);
    console.log(`==== ${n} orders, ${sources} source(s): what graphql() runs, call ${warmup + 1} of a connection (auto_explain, nested, no per-node timing)`);
    await ex.query('SET auto_explain.log_min_duration = -1');
    for (let i = 0; i < warmup; i++) await ex.query({ name: 'graphql', text: 'SELECT graphgate.graphql($1)', values: [graphqlQuery(n, sources)] });
    await ex.query('SET auto_explain.log_min_duration = 0');
    notices.length = 0;
    await ex.query({ name: 'graphql', text: 'SELECT graphgate.graphql($1)', values: [graphqlQuery(n, sources)] });
    await ex.query('SET auto_explain.log_min_duration = -1');
    // the plans of the statements graphql() ran, without the call itself
    for (const m of notices) if (!/Query Text: SELECT graphgate\.graphql\(\$1\)/.test(m)) console.log(noOutput(m));
    for (const f of n === SMALL ? ['hand'] : ['hand', 'whole']) {
      console.log(`==== ${n} orders, ${sources} source(s): ${FORMS[f].label}`);
      const sql = f === 'hand' ? handSql(n, sources) : wholeTableSql(n, sources);
      const { rows } = await ex.query(`EXPLAIN (ANALYZE, VERBOSE) ${sql}`);
      console.log(noOutput(rows.map((r) => r['QUERY PLAN']).join('\n')));
    }
  }
  await ex.end();
}

await Promise.all([admin.end(), conns.graphql.end(), conns.custom.end(), conns.generic.end(), conns.hand.end(), conns.whole.end(), conns.hasura.end(),
  ...Object.values(conns.remote).map((c) => c.end())]);
