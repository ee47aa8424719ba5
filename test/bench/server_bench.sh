#!/usr/bin/env bash
# Benchmark of graphgate-server (prints measurements; never part of `make test`'s pass/fail).
#
# For one small GraphQL query it prints requests/s and p50/p99 latency at 4 and 64 concurrent
# keep-alive connections (wrk), next to pgbench running the same SQL statement the server sends
# (SELECT graphgate.graphql(...), prepared) on the same database in the same run: the limit the
# server can approach.  With --peers it also runs PostGraphile 4.14.1 (npm, installed into
# test/bench/server_peers on first use) on the same data.  Goals: >= 70% of pgbench's rate and
# >= 2x PostGraphile's.
#
#   test/bench/server_bench.sh [--peers] [--duration SECONDS] [--pool N]
#
# Uses the private cluster (build/cluster/env; started and stopped here if it is not running).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

peers=0; duration=10; pool=8
while [ $# -gt 0 ]; do
  case "$1" in
    --peers) peers=1 ;;
    --duration) duration=$2; shift ;;
    --pool) pool=$2; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

# shellcheck source=test/bench/cluster.sh
. test/bench/cluster.sh
bench_require wrk pgbench psql
[ -x build/graphgate-server ] || make -s build/graphgate-server

bench_use_cluster

db=srv_bench
work=$(mktemp -d /tmp/gg-server-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
  bench_stop_cluster
}
trap cleanup EXIT

# ---- data: 1000 items, tracked; the query reads 10 of them -----------------------------------
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d $db >/dev/null <<'SQL'
CREATE EXTENSION graphgate CASCADE;
CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 1000) i;
ANALYZE items;
SELECT graphgate.track_table('srv_bench', 'items');
SQL

query='query { items(order_by: {id: asc}, limit: 10) { id name } }'
session='{"x-hasura-role": "admin"}'
check=$(psql -X -At -d $db -v q="$query" -v s="$session" <<<"SELECT graphgate.graphql(:'q', NULL, NULL, :'s')" 2>&1 || true)
case "$check" in
  '{"data"'*) ;;
  *) echo "graphgate.graphql() does not answer the bench query: $check" >&2; exit 1 ;;
esac

# The statement the server prepares, with the request's values as literals.
q_lit=${query//\'/\'\'}
cat >"$work/stmt.sql" <<SQL
SELECT graphgate.graphql('$q_lit'::text, NULL::jsonb, NULL::text, '$session'::jsonb);
SQL

body=$(printf '{"query": "%s"}' "$query")
cat >"$work/graphgate.lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
LUA

# ---- measurements ---------------------------------------------------------------------------
to_ms() {  # wrk prints 812.00us, 1.23ms, 1.01s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

# wrk URL LUA CONNS -> "rps p50 p99"
run_wrk() {
  local out
  wrk -t2 -c"$3" -d1s -s "$2" "$1" >/dev/null 2>&1 || true  # warm-up: connections, caches
  out=$(wrk -t2 -c"$3" -d"${duration}s" --timeout 10s --latency -s "$2" "$1")
  if echo "$out" | grep -q -E 'Non-2xx|Socket errors'; then echo "$out" >&2; fi
  local rps p50 p99
  rps=$(echo "$out" | awk '/Requests\/sec/ { printf "%.0f", $2 }')
  p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" { print $2 }')")
  p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" { print $2 }')")
  echo "$rps $p50 $p99"
}

# pgbench CONNS -> "tps p50 p99" (latencies from its per-transaction log, in microseconds)
run_pgbench() {
  rm -f "$work"/pgb.*
  local out tps
  out=$(cd "$work" && pgbench -n -M prepared -c "$1" -j 2 -T "$duration" -f stmt.sql -l --log-prefix=pgb "$db" 2>&1)
  tps=$(echo "$out" | awk '/^tps = / && /without initial/ { printf "%.0f", $3 }')
  cat "$work"/pgb.* | awk '{ print $3 }' | sort -n >"$work/lat"
  local n p50 p99
  n=$(wc -l <"$work/lat")
  p50=$(awk -v n="$n" 'NR == int(n * 0.50) + 1 { printf "%.2f", $1 / 1000; exit }' "$work/lat")
  p99=$(awk -v n="$n" 'NR == int(n * 0.99) + 1 { printf "%.2f", $1 / 1000; exit }' "$work/lat")
  echo "$tps $p50 $p99"
}

# Both systems must answer the query with the same 10 rows before their rates mean anything.
check_answer() {  # URL BODY
  node -e '
    fetch(process.argv[1], { method: "POST", headers: { "content-type": "application/json" }, body: process.argv[2] })
      .then((r) => r.text()).then((t) => {
        const ids = [...t.matchAll(/"id":\s*(\d+)/g)].map((m) => Number(m[1]));
        if (ids.join() !== "1,2,3,4,5,6,7,8,9,10" || t.includes("errors")) { console.error("bad answer from " + process.argv[1] + ": " + t); process.exit(1); }
      }).catch((e) => { console.error(e.message); process.exit(1); });' "$1" "$2"
}

wait_port() {  # PORT: until something accepts on it (30 s)
  for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

# graphgate-server, request logs off (warn level), port from its "listening" line.
GRAPHGATE_DATABASE_URL="host=$PGHOST port=$PGPORT user=${PGUSER:-postgres} dbname=$db" \
GRAPHGATE_PORT=0 GRAPHGATE_POOL_SIZE=$pool GRAPHGATE_LOG_LEVEL=warn \
  build/graphgate-server >"$work/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q '"listening"' "$work/server.log" && break; sleep 0.1; done
port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$work/server.log" | head -1)
[ -n "$port" ] || { cat "$work/server.log"; echo "server did not start" >&2; exit 1; }
url="http://127.0.0.1:$port/v1/graphql"
check_answer "$url" "$body"

if [ $peers = 1 ]; then
  if [ ! -x test/bench/server_peers/node_modules/.bin/postgraphile ]; then
    (cd test/bench/server_peers && npm ci --no-audit --no-fund --loglevel=error)
  fi
  pg_port=$((port + 1))
  while (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$((pg_port + 1)); done
  test/bench/server_peers/node_modules/.bin/postgraphile \
    -c "postgres://${PGUSER:-postgres}@127.0.0.1:$PGPORT/$db" -s public -n 127.0.0.1 -p "$pg_port" \
    --disable-query-log >"$work/postgraphile.log" 2>&1 &
  pids+=($!)
  wait_port "$pg_port" || { cat "$work/postgraphile.log"; echo "PostGraphile did not start" >&2; exit 1; }
  pg_body='{"query": "{ allItems(first: 10, orderBy: ID_ASC) { nodes { id name } } }"}'
  check_answer "http://127.0.0.1:$pg_port/graphql" "$pg_body"
  cat >"$work/postgraphile.lua" <<LUA
wrk.method = "POST"
wrk.body = '$pg_body'
wrk.headers["Content-Type"] = "application/json"
LUA
fi

echo "graphgate-server benchmark: $(nproc) cores (load average $(cut -d' ' -f1-3 /proc/loadavg)), ${duration}s per run, server pool $pool"
echo "query: $query"
printf '%-22s %6s %10s %9s %9s %14s\n' system conns req/s p50_ms p99_ms ratio
for c in 4 64; do
  read -r g_rps g_p50 g_p99 <<<"$(run_wrk "$url" "$work/graphgate.lua" $c)"
  read -r b_tps b_p50 b_p99 <<<"$(run_pgbench $c)"
  printf '%-22s %6s %10s %9s %9s %14s\n' pgbench "$c" "$b_tps" "$b_p50" "$b_p99" "(limit)"
  printf '%-22s %6s %10s %9s %9s %14s\n' graphgate-server "$c" "$g_rps" "$g_p50" "$g_p99" \
    "$(awk -v a="$g_rps" -v b="$b_tps" 'BEGIN { printf "%.0f%% of pgbench", 100 * a / b }')"
  if [ $peers = 1 ]; then
    read -r p_rps p_p50 p_p99 <<<"$(run_wrk "http://127.0.0.1:$pg_port/graphql" "$work/postgraphile.lua" $c)"
    printf '%-22s %6s %10s %9s %9s %14s\n' "PostGraphile 4.14.1" "$c" "$p_rps" "$p_p50" "$p_p99" \
      "$(awk -v a="$g_rps" -v b="$p_rps" 'BEGIN { printf "gg %.1fx", a / b }')"
  fi
done
