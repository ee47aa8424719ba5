// A TCP proxy on loopback that holds every chunk, in each direction, for half the round-trip
// time before passing it on: network latency for benchmarks on a machine without netem.  Chunks
// keep their order, also when the delay changes.
//
//   node test/bench/delay_proxy.mjs LISTEN_PORT TARGET_HOST TARGET_PORT [CONTROL_PORT]
//
// The round-trip time starts at 0 ms; with CONTROL_PORT, `GET /rtt?ms=N` on 127.0.0.1:CONTROL_PORT
// sets it (for chunks that arrive after), and `GET /stats` answers {"rtt_ms", "chunks_up",
// "chunks_down", "connections", "held_ms"}: chunks sent towards the target are the client's
// messages, so their count before and after a request bounds the round trips it made; held_ms is
// the time chunks were held in all (over the chunk counts: the delay a chunk really got).  Prints "ready" once
// listening.
import { createServer, connect } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { performance } from 'node:perf_hooks';

const [listenPort, targetHost, targetPort, controlPort] = process.argv.slice(2);
if (!listenPort || !targetHost || !targetPort) {
  console.error('usage: delay_proxy.mjs LISTEN_PORT TARGET_HOST TARGET_PORT [CONTROL_PORT]');
  process.exit(2);
}

let rttMs = 0;
const stats = { chunks_up: 0, chunks_down: 0, connections: 0, held_ms: 0 };

// Forwards from one socket to the other rtt/2 after each chunk arrived, in arrival order: a queue
// per direction, each chunk with the time it is due.  Not a timer per chunk: Node clamps a 0 ms
// timer to 1 ms, so "0 ms" would have cost a millisecond each way; with the queue a chunk that is
// due at once and has nothing ahead of it is written at once, and one that arrives while earlier
// chunks still wait (the delay was just lowered) waits behind them.  Timers count whole
// milliseconds from the event loop's cached clock and may fire up to 1 ms early: the last
// fraction is waited out with setImmediate, so that the delay is the one asked for.
function pipeDelayed(from, to, counter) {
  const queue = [];   // { due, send }
  let pending = false;
  const flush = () => {
    pending = false;
    while (queue.length > 0 && queue[0].due <= performance.now()) queue.shift().send();
    if (queue.length === 0) return;
    pending = true;
    const wait = queue[0].due - performance.now();
    if (wait >= 1) setTimeout(flush, wait); else setImmediate(flush);
  };
  const later = (send) => {
    queue.push({ due: performance.now() + rttMs / 2, send });
    if (!pending) flush();
  };
  from.on('data', (chunk) => {
    const arrived = performance.now();
    stats[counter] += 1;
    later(() => {
      stats.held_ms += performance.now() - arrived;
      if (!to.destroyed) to.write(chunk);
    });
  });
  from.on('end', () => later(() => to.end()));
  from.on('error', () => to.destroy());
  from.on('close', () => later(() => to.destroy()));
}

const server = createServer((client) => {
  stats.connections += 1;
  client.setNoDelay(true);
  const upstream = connect(Number(targetPort), targetHost);
  upstream.setNoDelay(true);
  pipeDelayed(client, upstream, 'chunks_up');
  pipeDelayed(upstream, client, 'chunks_down');
});

let pending = controlPort ? 2 : 1;
const ready = () => { if (--pending === 0) console.log('ready'); };
server.listen(Number(listenPort), '127.0.0.1', ready);

if (controlPort) {
  createHttpServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/rtt' && url.searchParams.has('ms')) {
      rttMs = Math.max(0, Number(url.searchParams.get('ms')) || 0);
    } else if (url.pathname !== '/stats') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ rtt_ms: rttMs, ...stats }));
  }).listen(Number(controlPort), '127.0.0.1', ready);
}
