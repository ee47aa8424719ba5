#!/usr/bin/env bash
# Benchmark of graphgate-server (prints measurements; never part of `make test`'s pass/fail).
#
# For one small GraphQL query it prints requests/s and p50/p99 latency at 4 and 64 concurrent
# keep-alive connections (wrk), next to pgbench running the same SQL statement the server sends
# (SELECT graphgate.graphql(...), prepared) on the same database in the same run: the limit the
# server can approach.  With --peers it also runs PostGraphile 4.14.1 (npm, installed into
# test/bench/server_peers on first use) on the same data.  Goals (issue 18): >= 80% of pgbench's
# rate at 4 connections, >= 95% at 64, and >= 3x PostGraphile's.
#
# The systems take turns (server, pgbench[, PostGraphile], server, pgbench, ...) for --rounds
# rounds and the medians are printed, so that other load on the machine falls on all of them
# alike.  Beside each rate: the CPU time per request of each process group, from utime+stime in
# /proc (client: wrk or pgbench; server: graphgate-server or PostGraphile; backends: every
# process of the cluster, the postmaster's reaped children included).
#
#   test/bench/server_bench.sh [--peers] [--duration SECONDS] [--rounds N] [--pool N]
#
# Uses the private cluster (build/cluster/env; started and stopped here if it is not running).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

peers=0; duration=5; rounds=3; pool=8
while [ $# -gt 0 ]; do
  case "$1" in
    --peers) peers=1 ;;
    --duration) duration=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --pool) pool=$2; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

# shellcheck source=test/bench/cluster.sh
. test/bench/cluster.sh
bench_require wrk pgbench psql
server_bin=${GG_SERVER_BIN:-build/graphgate-server}  # another binary: to compare builds
[ -x "$server_bin" ] || make -s build/graphgate-server

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

# CPU time in clock ticks: of processes (utime+stime), of this shell's reaped children
# (cutime+cstime: a client that ran and exited), of the cluster (its postmaster's reaped children
# and every live child).
hz=$(getconf CLK_TCK)
stat_ticks() {  # FIRST_FIELD PID...: fields FIRST_FIELD and FIRST_FIELD+1 after the command name
  local t=0 p
  for p in "${@:2}"; do
    [ -r "/proc/$p/stat" ] && t=$((t + $(awk -v f="$1" '{ sub(/^.*\) /, ""); print $(f - 2) + $(f - 1) }' "/proc/$p/stat")))
  done
  echo "$t"
}
cluster_ticks() {
  local pm
  pm=$(head -1 "$GG_CLUSTER_DATA/postmaster.pid")
  echo $(($(stat_ticks 16 "$pm") + $(stat_ticks 14 $(ps -o pid= --ppid "$pm"))))
}
per_request() {  # TICKS REQUESTS -> microseconds
  awk -v t="$1" -v n="$2" -v hz="$hz" 'BEGIN { printf "%.0f", (n > 0 ? t * 1e6 / hz / n : 0) }'
}

# measure SERVER_PID CLIENT-COMMAND... -> "client_ticks server_ticks backend_ticks" on fd 3,
# the client's output on stdout
measure() {
  local server=$1 me=$BASHPID; shift  # (a $(...) below has a BASHPID of its own)
  local c0 s0 b0 c1 s1 b1
  c0=$(stat_ticks 16 "$me"); s0=$(stat_ticks 14 "$server"); b0=$(cluster_ticks)
  "$@"
  c1=$(stat_ticks 16 "$me"); s1=$(stat_ticks 14 "$server"); b1=$(cluster_ticks)
  echo "$((c1 - c0)) $((s1 - s0)) $((b1 - b0))" >&3
}

# wrk URL LUA CONNS SERVER_PID -> "rps p50 p99 client_us server_us backend_us"
run_wrk() {
  local out ticks
  wrk -t2 -c"$3" -d1s -s "$2" "$1" >/dev/null 2>&1 || true  # warm-up: connections, caches
  out=$(measure "$4" wrk -t2 -c"$3" -d"${duration}s" --timeout 10s --latency -s "$2" "$1" 3>"$work/ticks")
  if echo "$out" | grep -q -E 'Non-2xx|Socket errors'; then echo "$out" >&2; fi
  local n rps p50 p99
  n=$(echo "$out" | awk '/requests in/ { print $1 }')
  rps=$(echo "$out" | awk '/Requests\/sec/ { printf "%.0f", $2 }')
  p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" { print $2 }')")
  p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" { print $2 }')")
  read -r ct st bt <"$work/ticks"
  echo "$rps $p50 $p99 $(per_request "$ct" "$n") $(per_request "$st" "$n") $(per_request "$bt" "$n")"
}

# pgbench CONNS -> "tps p50 p99 client_us 0 backend_us" (latencies from its per-transaction log)
run_pgbench() {
  rm -f "$work"/pgb.*
  local out tps n
  out=$(cd "$work" && measure 0 pgbench -n -M prepared -c "$1" -j 2 -T "$duration" -f stmt.sql -l --log-prefix=pgb "$db" 2>&1 3>"$work/ticks")
  tps=$(echo "$out" | awk '/^tps = / && /without initial/ { printf "%.0f", $3 }')
  n=$(echo "$out" | awk '/actually processed/ { print $NF }')
  cat "$work"/pgb.* | awk '{ print $3 }' | sort -n >"$work/lat"
  local count p50 p99
  count=$(wc -l <"$work/lat")
  p50=$(awk -v n="$count" 'NR == int(n * 0.50) + 1 { printf "%.2f", $1 / 1000; exit }' "$work/lat")
  p99=$(awk -v n="$count" 'NR == int(n * 0.99) + 1 { printf "%.2f", $1 / 1000; exit }' "$work/lat")
  read -r ct _ bt <"$work/ticks"
  echo "$tps $p50 $p99 $(per_request "$ct" "$n") 0 $(per_request "$bt" "$n")"
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
  "$server_bin" >"$work/server.log" 2>&1 &
server_pid=$!
pids+=($server_pid)
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
  postgraphile_pid=$!
  pids+=($postgraphile_pid)
  wait_port "$pg_port" || { cat "$work/postgraphile.log"; echo "PostGraphile did not start" >&2; exit 1; }
  pg_body='{"query": "{ allItems(first: 10, orderBy: ID_ASC) { nodes { id name } } }"}'
  check_answer "http://127.0.0.1:$pg_port/graphql" "$pg_body"
  cat >"$work/postgraphile.lua" <<LUA
wrk.method = "POST"
wrk.body = '$pg_body'
wrk.headers["Content-Type"] = "application/json"
LUA
fi

median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# COLUMN (1-6) of the runs of SYSTEM at CONNS, median
med() { awk -v c="$1" '{ print $c }' "$work/runs.$2.$3" | median; }
row() {  # LABEL SYSTEM CONNS RATIO
  local cpu_c cpu_s cpu_b
  cpu_c=$(med 4 "$2" "$3"); cpu_s=$(med 5 "$2" "$3"); cpu_b=$(med 6 "$2" "$3")
  printf '%-20s %5s %8s %7s %7s %7s %7s %7s %7s  %s\n' "$1" "$3" "$(med 1 "$2" "$3")" "$(med 2 "$2" "$3")" \
    "$(med 3 "$2" "$3")" "$cpu_c" "$cpu_s" "$cpu_b" "$((cpu_c + cpu_s + cpu_b))" "$4"
}

echo "graphgate-server benchmark: $(nproc) cores, ${duration}s per run, $rounds interleaved rounds (medians), server pool $pool"
echo "load before: $(uptime)"
echo "query: $query"
for c in 4 64; do
  for r in $(seq "$rounds"); do
    run_wrk "$url" "$work/graphgate.lua" $c "$server_pid" >>"$work/runs.gg.$c"
    run_pgbench $c >>"$work/runs.pgb.$c"
    if [ $peers = 1 ]; then
      run_wrk "http://127.0.0.1:$pg_port/graphql" "$work/postgraphile.lua" $c "$postgraphile_pid" >>"$work/runs.pg.$c"
    fi
  done
done
echo "load after:  $(uptime)"
echo
printf '%-20s %5s %8s %7s %7s %7s %7s %7s %7s  %s\n' "" "" "" "" "" "CPU" "us per" request "" ""
printf '%-20s %5s %8s %7s %7s %7s %7s %7s %7s  %s\n' system conns req/s p50_ms p99_ms client server backend total ratio
for c in 4 64; do
  goal=$([ $c = 4 ] && echo 80 || echo 95)
  g=$(med 1 gg $c); b=$(med 1 pgb $c)
  row pgbench pgb $c "(limit)"
  row graphgate-server gg $c "$(awk -v a="$g" -v b="$b" -v goal="$goal" 'BEGIN { printf "%.0f%% of pgbench (goal >= %d%%)", 100 * a / b, goal }')"
  if [ $peers = 1 ]; then
    p=$(med 1 pg $c)
    row "PostGraphile 4.14.1" pg $c "$(awk -v a="$g" -v b="$p" 'BEGIN { printf "gg %.1fx (goal >= 3x)", a / b }')"
  fi
done
echo
echo "each run (req/s p50 p99 client server backend):"
for f in "$work"/runs.*; do echo "  ${f##*/runs.}: $(tr '\n' '|' <"$f")"; done
