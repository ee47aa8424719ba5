// The README against a running `make demo`: what make demo prints, then every ```sql and ```sh
// block of the Tutorial section in order, as a reader in a second terminal would run them, with
// the outputs the README shows; then the console's default query and versions, /v1/version, and
// Ctrl-C.  The blocks are read from README.md at each run, so a changed README is what is tested.
//
// The demo runs here under a state folder of its own (GG_DEMO_STATE=build/tutorial-demo), so that
// a `make demo` of the reader's own keeps running beside it; and on the port it picked (8080 or
// the next free one).  The README's `build/demo-cluster/` and port 8080 are read as those two.
//
// The shell blocks run in one bash session (what one block sources, the next one has), from the
// checkout, without the PG* variables of the caller, stdin closed, psql stopping at an error.  A shell line that opens psql
// interactively (`psql -d shop`) names the session the following ```sql blocks are typed into:
// each of them runs through that command (plus -X -v ON_ERROR_STOP=1), with the block as input.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { after, before, describe, test } from 'node:test';
import { isRun, matchOutput, readme } from './readme.mjs';

const top = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const STATE = 'build/tutorial-demo';
const README = readme(join(top, 'README.md'));
const TUTORIAL = README.blocks.filter((b) => b.section.startsWith('Tutorial') && isRun(b));

const DEMO_READY = /^Serving until Ctrl-C/m;
const DEMO_START_MS = 300_000;
const BLOCK_MS = 120_000;

const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

// The README as this run sees it: its demo's folder and port.
let port = null;
const localize = (s) =>
  s.replaceAll('build/demo-cluster/', `${STATE}/`).replace(/\b(127\.0\.0\.1:|localhost:|port )8080\b/g, `$1${port}`);

const baseEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^PG|^GG_CLUSTER/.test(k)));

function startDemo() {
  const proc = spawn(join(top, 'demo', 'run'), [], {
    cwd: top,
    detached: true,  // its own process group, as a terminal's foreground job: Ctrl-C reaches all of it
    env: { ...baseEnv(), GG_DEMO_STATE: join(top, STATE) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const demo = { proc, out: '', exit: null };
  const onData = (c) => { demo.out += c; };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  demo.exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve((demo.exit = { code, signal }))));
  demo.ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`make demo not ready after ${DEMO_START_MS} ms:\n${demo.out}`)), DEMO_START_MS);
    const check = () => {
      if (DEMO_READY.test(stripAnsi(demo.out))) { clearTimeout(timer); resolve(); }
    };
    proc.stdout.on('data', check);
    proc.stderr.on('data', check);
    demo.exited.then((e) => { clearTimeout(timer); reject(new Error(`make demo exited (${e.code ?? e.signal}):\n${demo.out}`)); });
  });
  return demo;
}

// One bash session fed block by block; resolves with what a block printed and its status (the
// first failing command's, via an ERR trap, so that a failure mid-block is not hidden).
// The psql of shell blocks stops at the first SQL error, so that a failing statement fails its
// block even where the README shows no output.
function startShell() {
  const dir = mkdtempSync(join(tmpdir(), 'gg-tutorial-'));
  writeFileSync(join(dir, 'psqlrc'), '\\set ON_ERROR_STOP on\n');
  const env = { ...baseEnv(), PSQLRC: join(dir, 'psqlrc') };
  const proc = spawn('bash', ['--noprofile', '--norc'], { cwd: top, env, stdio: ['pipe', 'pipe', 'inherit'] });
  const shell = { proc, dir, buf: '', n: 0 };
  proc.stdout.on('data', (c) => { shell.buf += c; });
  proc.stdin.write('exec 2>&1\n');
  shell.run = async (script) => {
    const marker = `__tutorial_block_${++shell.n}_done__`;
    shell.buf = '';
    proc.stdin.write(`gg_err=0; trap 'gg_err=$?' ERR\n{\n${script}\n} </dev/null\ntrap - ERR\nprintf '\\n${marker} %s\\n' "$gg_err"\n`);
    const end = Date.now() + BLOCK_MS;
    const done = new RegExp(`\\n${marker} (\\d+)\\n`);
    for (;;) {
      const m = done.exec(shell.buf);
      if (m) return { output: shell.buf.slice(0, m.index), status: Number(m[1]) };
      if (Date.now() > end) throw new Error(`no end after ${BLOCK_MS} ms; printed so far:\n${shell.buf}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return shell;
}

// `psql ARGS` alone on a line of a shell block: an interactive session, the next ```sql blocks' home.
const PSQL_SESSION = /^psql((?: +(?!-c\b|-f\b|--command|--file)[^\s<|>;&]+)*) *(?:#.*)?$/;

async function portOpen(p) {
  return new Promise((resolve) => {
    const s = connect(p, '127.0.0.1');
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

describe('the README against make demo', () => {
  let demo;
  let shell;
  let session = null;

  before(async () => {
    assert.ok(TUTORIAL.length > 0, 'no sql/sh blocks in the Tutorial section');
    demo = startDemo();
    await demo.ready;
    port = Number(/console: +http:\/\/127\.0\.0\.1:(\d+)\/console/.exec(stripAnsi(demo.out))?.[1]);
    assert.ok(port > 0, `no console URL in make demo's output:\n${demo.out}`);
    shell = startShell();
  });

  after(async () => {
    shell?.proc.stdin.end();
    if (shell) rmSync(shell.dir, { recursive: true, force: true });
    if (demo && !demo.exit) {
      process.kill(-demo.proc.pid, 'SIGINT');
      await demo.exited;
    }
  });

  test("make demo prints the end of its output as the README shows it", () => {
    const shown = README.marked('make-demo-output');
    const mismatch = matchOutput(`...\n${localize(shown.body)}`, stripAnsi(demo.out));
    assert.equal(mismatch, null, `README.md:${shown.line} vs make demo's output (${mismatch}):\n${stripAnsi(demo.out)}`);
  });

  for (const block of TUTORIAL) {
    const first = block.body.split('\n').find((l) => l.trim() && !l.trim().startsWith('--') && !l.trim().startsWith('#')) ?? '';
    test(`README.md:${block.line} (${block.lang}) ${first.trim().slice(0, 60)}`, async (t) => {
      let script = localize(block.body);
      if (block.lang === 'sql') {
        assert.ok(session !== null, 'a ```sql block before any shell line opening psql');
        script = `psql -X -v ON_ERROR_STOP=1${session} <<'GG_TUTORIAL_SQL'\n${script}\nGG_TUTORIAL_SQL`;
      }
      const { output, status } = await shell.run(script);
      t.diagnostic(output.trimEnd());
      if (block.lang === 'sh') {
        for (const line of block.body.split('\n')) {
          const m = PSQL_SESSION.exec(line.trim());
          if (m) session = m[1];
        }
      }
      assert.equal(status, 0, `README.md:${block.line} failed (status ${status}):\n${output}`);
      if (block.output) {
        const mismatch = matchOutput(localize(block.output.body), output);
        assert.equal(mismatch, null,
          `README.md:${block.output.line} shows what README.md:${block.line} prints, but (${mismatch}) it printed:\n${output}`);
      }
    });
  }

  test("the console: the README's GraphiQL and React versions and its default query", async () => {
    const page = await (await fetch(`http://127.0.0.1:${port}/console`)).text();
    const [, graphiql, react] = /\| `GET \/console` \| GraphiQL (\S+) \(React (\S+)\)/.exec(README.text) ?? [];
    assert.ok(graphiql && react, 'README: no "GraphiQL x (React y)" in the GET /console row');
    for (const asset of [`graphiql-${graphiql}/graphiql.min.js`, `react-${react}/react.production.min.js`,
      `react-dom-${react}/react-dom.production.min.js`]) {
      assert.ok(page.includes(`/console/assets/${asset}`), `the console does not load ${asset}`);
      const res = await fetch(`http://127.0.0.1:${port}/console/assets/${asset}`);
      assert.equal(res.status, 200, asset);
      await res.arrayBuffer();
    }
    const literal = /var DEFAULT_QUERY = ('(?:[^'\\]|\\.)*');/.exec(page)?.[1];
    assert.ok(literal, 'no DEFAULT_QUERY in the console page');
    assert.equal(runInNewContext(literal), README.marked('console-default-query').body);
  });

  test('GET /v1/version answers what the README says', async () => {
    const row = /\| `GET \/v1\/version` \| `(\{[^`]*\})` \|/.exec(README.text);
    assert.ok(row, 'README: no GET /v1/version row');
    const res = await fetch(`http://127.0.0.1:${port}/v1/version`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), row[1]);
  });

  test('Ctrl-C stops the server and the cluster', async () => {
    process.kill(-demo.proc.pid, 'SIGINT');
    const exit = await Promise.race([demo.exited, new Promise((r) => setTimeout(() => r(null), 60_000))]);
    assert.ok(exit, 'make demo still running 60 s after Ctrl-C');
    assert.match(stripAnsi(demo.out), /==> stopped the server and the cluster\n$/);
    assert.equal(await portOpen(port), false, 'the server still listens');
    assert.equal(existsSync(join(top, STATE, 'env')), false, "the cluster's env file is still there");
  });
});
