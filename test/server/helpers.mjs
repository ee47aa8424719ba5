// Shared helpers of the server tests: start graphgate-server with a given configuration, talk
// HTTP to it, sign JWTs, run SQL, restart the cluster.  Node 20 only (global fetch, node:crypto).
import { spawn, spawnSync } from 'node:child_process';
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const top = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const serverBin = process.env.GG_SERVER_BIN || join(top, 'build', 'graphgate-server');

// The cluster's environment (PGHOST, PGPORT, GG_CLUSTER_DATA, ...): from server.sh, or read
// from the env file when a test file is run alone.
function clusterEnv() {
  if (process.env.PGHOST && process.env.GG_CLUSTER_DATA) return process.env;
  const file = process.env.GG_CLUSTER_ENV || join(top, 'build', 'cluster', 'env');
  if (!existsSync(file)) throw new Error(`no cluster env file ${file}`);
  const out = spawnSync('bash', ['-c', `. "${file}" && env`], { encoding: 'utf8' });
  const env = { ...process.env };
  for (const line of out.stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}
export const cluster = clusterEnv();

export function databaseUrl(db) {
  return `host=${cluster.PGHOST} port=${cluster.PGPORT} user=${cluster.PGUSER || 'postgres'} dbname=${db}`;
}

// Starts a server; resolves once it logged "listening".  `env` adds GRAPHGATE_* variables.
export async function startServer(env = {}, { db = 'srv_app', args = [] } = {}) {
  const proc = spawn(serverBin, args, {
    env: {
      PATH: process.env.PATH,
      GRAPHGATE_DATABASE_URL: databaseUrl(db),
      GRAPHGATE_PORT: '0',
      GRAPHGATE_POOL_SIZE: '4',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = { proc, logs: [], raw: '', stderr: '', exited: null };
  let pending = '';
  const listening = new Promise((resolve, reject) => {
    proc.stdout.on('data', (chunk) => {
      server.raw += chunk;
      pending += chunk;
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        let entry;
        try {
          entry = JSON.parse(line);
        } catch {
          reject(new Error(`log line is not JSON: ${line}`));
          continue;
        }
        server.logs.push(entry);
        if (entry.type === 'startup' && entry.detail?.message === 'listening') resolve(entry.detail.port);
      }
    });
    proc.stderr.on('data', (chunk) => { server.stderr += chunk; });
    proc.on('exit', (code, signal) => {
      server.exited = { code, signal };
      reject(new Error(`server exited (${code ?? signal}) before listening: ${server.raw}${server.stderr}`));
    });
  });
  const timer = setTimeout(() => proc.kill('SIGKILL'), 15000);
  try {
    server.port = await listening;
  } finally {
    clearTimeout(timer);
  }
  server.url = `http://127.0.0.1:${server.port}`;
  // Stops with SIGTERM (graceful shutdown) and resolves with the exit code.
  server.stop = async (signal = 'SIGTERM') => {
    if (server.exited) return server.exited.code;
    const exit = once(proc, 'exit');
    proc.kill(signal);
    const [code] = await exit;
    return code;
  };
  return server;
}

// One HTTP request; resolves with status, headers, text and parsed JSON (or null).
export async function request(server, path, { method = 'POST', body, json, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['content-type'] ??= 'application/json';
  } else if (body !== undefined) {
    init.body = body;
  }
  const res = await fetch(server.url + path, init);
  const text = await res.text();
  let parsed = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: res.status, headers: res.headers, text, json: parsed };
}

export const graphql = (server, query, { variables, operationName, headers } = {}) =>
  request(server, '/v1/graphql', { json: { query, variables, operationName }, headers });

export const metadata = (server, body, { headers, path = '/v1/metadata' } = {}) =>
  request(server, path, { json: body, headers });

// One request written byte for byte (headers that fetch would refuse or re-encode), with
// "Connection: close"; resolves with status, headers (lower-case names), text and JSON.
export function rawRequest(server, bytes, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(server.port, '127.0.0.1', () => sock.end(bytes));
    const chunks = [];
    sock.on('data', (c) => chunks.push(c));
    sock.on('error', reject);
    sock.setTimeout(timeoutMs, () => { sock.destroy(); reject(new Error('no answer')); });
    sock.on('close', () => {
      const all = Buffer.concat(chunks).toString('latin1');
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return reject(new Error(`no HTTP response: ${JSON.stringify(all.slice(0, 200))}`));
      const [statusLine, ...lines] = all.slice(0, end).split('\r\n');
      const headers = {};
      for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
      const text = Buffer.from(all.slice(end + 4), 'latin1').toString('utf8');
      let parsed = null;
      try { parsed = JSON.parse(text); } catch { parsed = null; }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, text, json: parsed });
    });
  });
}

// A POST of `body` (a string or Buffer) with the given extra header lines, byte for byte.
export function rawPost(server, path, body, headerLines = []) {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const head = [`POST ${path} HTTP/1.1`, 'Host: localhost', 'Connection: close', 'Content-Type: application/json',
    `Content-Length: ${payload.length}`, ...headerLines].join('\r\n');
  return rawRequest(server, Buffer.concat([Buffer.from(head + '\r\n\r\n', 'latin1'), payload]));
}

// The http-log line of a response, found by its x-request-id.
export function logOf(server, res) {
  const id = res.headers.get('x-request-id');
  return server.logs.find((l) => l.type === 'http-log' && l.detail.request_id === id);
}

// Waits until the server logged a line matching `pred` (logs arrive asynchronously).
export async function waitForLog(server, pred, ms = 5000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const hit = server.logs.find(pred);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('expected log line not found');
}

const b64url = (buf) => Buffer.from(buf).toString('base64url');

// A JWT signed with HS256 (secret string) or RS256 (private KeyObject).
export function signJwt(payload, key, alg = 'HS256') {
  const input = `${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  const sig = alg === 'HS256' ? createHmac('sha256', key).update(input).digest() : sign('sha256', Buffer.from(input), key);
  return `${input}.${b64url(sig)}`;
}

export function rsaKeys() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }) };
}

export const hasuraClaims = (claims, extra = {}) => ({
  sub: 'test',
  iat: Math.floor(Date.now() / 1000),
  exp: Math.floor(Date.now() / 1000) + 3600,
  'https://hasura.io/jwt/claims': claims,
  ...extra,
});

// psql against the cluster; returns stdout, throws on failure.
export function psql(db, sql) {
  const out = spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', sql], {
    env: cluster,
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`psql failed: ${out.stderr}`);
  return out.stdout.trim();
}

// A psql session kept open (to hold locks while the server works).
export function psqlSession(db) {
  const proc = spawn('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', db], {
    env: cluster,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (c) => { out += c; });
  return {
    send: (sql) => proc.stdin.write(sql + '\n'),
    // Resolves once `marker` was printed (so earlier statements are done).
    async sync(marker) {
      proc.stdin.write(`SELECT '${marker}';\n`);
      const end = Date.now() + 10000;
      while (!out.includes(marker)) {
        if (Date.now() > end) throw new Error('psql session did not answer');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      proc.stdin.end();
      await once(proc, 'exit');
    },
  };
}

// PostgreSQL's programs as test/cluster finds them (pg_config's bindir): the cluster's own
// postgres, with the graphgate it installed.
const pgBindir = (() => {
  const out = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const dir = out.status === 0 ? out.stdout.trim() : '';
  return dir && existsSync(join(dir, 'pg_ctl')) ? dir : '/usr/lib/postgresql/15/bin';
})();

// A PostgreSQL program's command line, run as the postgres OS user when we are root (initdb and
// the server refuse root), from / (root's home may be closed to postgres).
export function pgCommand(program, args) {
  const path = join(pgBindir, program);
  return process.getuid() === 0 ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

// Restarts the cluster's postmaster, waiting until it accepts connections again.
export function restartCluster() {
  const args = ['-D', cluster.GG_CLUSTER_DATA, '-l', cluster.GG_CLUSTER_LOG, '-m', 'fast', '-w', '-t', '60', 'restart'];
  const [cmd, argv] = pgCommand('pg_ctl', args);
  // stdio ignored: the postmaster inherits it and would keep a pipe open forever.
  const out = spawnSync(cmd, argv, { env: cluster, stdio: 'ignore', timeout: 90000, cwd: '/' });
  if (out.status !== 0) throw new Error(`pg_ctl restart failed (${out.status})`);
}
