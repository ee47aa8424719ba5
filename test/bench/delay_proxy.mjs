// A TCP proxy on loopback that holds every chunk, in each direction, for half the round-trip
// time before passing it on: network latency for benchmarks on a machine without netem.  Chunks
// keep their order (timers with the same delay fire in the order they were set).
//
//   node test/bench/delay_proxy.mjs LISTEN_PORT TARGET_HOST TARGET_PORT [CONTROL_PORT]
//
// The round-trip time starts at 0 ms; with CONTROL_PORT, `GET /rtt?ms=N` on 127.0.0.1:CONTROL_PORT
// sets it (for chunks that arrive after), and `GET /stats` answers {"rtt_ms", "chunks_up",
// "chunks_down", "connections"}: chunks sent towards the target are the client's messages, so
// their count before and after a request bounds the round trips it made.  Prints "ready" once
// listening.
import { createServer, connect } from 'node:net';
import { createServer as createHttpServer } from 'node:http';

const [listenPort, targetHost, targetPort, controlPort] = process.argv.slice(2);
if (!listenPort || !targetHost || !targetPort) {
  console.error('usage: delay_proxy.mjs LISTEN_PORT TARGET_HOST TARGET_PORT [CONTROL_PORT]');
  process.exit(2);
}

let rttMs = 0;
const stats = { chunks_up: 0, chunks_down: 0, connections: 0 };

// Forwards from one socket to the other after rtt/2; delays of 0 still go through a timer so
// that ordering never depends on the delay in force.
function pipeDelayed(from, to, counter) {
  from.on('data', (chunk) => {
    stats[counter] += 1;
    setTimeout(() => { if (!to.destroyed) to.write(chunk); }, rttMs / 2);
  });
  from.on('end', () => setTimeout(() => to.end(), rttMs / 2));
  from.on('error', () => to.destroy());
  from.on('close', () => setTimeout(() => to.destroy(), rttMs / 2 + 1));
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
