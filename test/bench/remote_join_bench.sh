#!/usr/bin/env bash
# Benchmark of remote joins at a network distance (issues 6 and 14).  Prints measurements; never
# asserts timings and is not part of `make test`'s pass/fail.
#
# On generated data (10,000 users in one database, 10,000 products in another, 100,000 orders in
# graphgate's, every 10th key NULL: test/bench/remote_join_bench_*.sql) it measures, interleaved
# in one run (test/bench/remote_join/bench.mjs, one Node program, the forms in a random order per
# iteration, and the RTTs of a source count in a random order per round, so that the load of a
# shared machine drifts over every cell alike):
#   graphql()     SELECT graphgate.graphql($1), prepared, for
#                 { orders(order_by: {id: asc}, limit: N) { id ordered_by_user { id name } } }
#                 and with `product { id name }` too (two remote sources)
#   hasura-style  the client-side join of Hasura: the orders from the local database, then one
#                 prepared SELECT id, name FROM <t> WHERE id = ANY($1) per remote field on a
#                 pooled connection per source (pg.Pool; both sources at once), joined in JS
#   hand-fdw      the hand-written postgres_fdw SQL of design §8 (MATERIALIZED parents, the
#                 distinct keys as one array, the inlined batch function, LEFT JOIN back)
#   whole-table   (large batches only) a plain LEFT JOIN to the foreign table: postgres_fdw
#                 fetches the remote table whole
# for 500 orders at 0, 2 and 10 ms round-trip time with one and with two remote sources, then 50,000
# and 90,000 orders at 0 ms with one; then graphql() alone at 0 ms, 500 orders (one and two
# sources), 50,000 and 90,000 (one), with its compiled statement under plan_cache_mode
# force_custom_plan, force_generic_plan and auto (the default), with the plans per call and their
# time from pg_stat_statements (track_planning).  Every remote connection goes through a delay proxy
# (test/bench/delay_proxy.mjs): graphgate's foreign servers (graphql(), hand-fdw, whole-table)
# through one pair, the Hasura-style join's connections through another; the connections to the
# orders database are direct (the client sits next to it, as graphgate-server does).  Round trips
# per request come from the slope of latency against the RTT, cross-checked by the chunks the
# proxies pass towards the remote databases and the statements those receive (pg_stat_statements),
# per request in steady state.  Before timing a cell it checks that the forms return the same JSON
# (compared as jsonb); if not it prints MISMATCH with both answers and exits 1.  The whole run takes
# about 4 minutes on 2 cores (each cell's --duration, plus warm-up and counting).
#
#   test/bench/remote_join_bench.sh [--duration SECONDS] [--iterations N] [--warmup N]
#                                   [--rtts MS,MS,...] [--no-large] [--explain]
#
#   --duration    seconds of timing per cell (default 10); a cell runs at least 5 iterations
#   --iterations  run exactly N iterations per cell instead
#   --warmup      untimed calls of each form before a cell (default 7: graphql() runs its
#                 statement as a saved plan, and the plan cache decides after 5 custom plans)
#   --rtts        the round-trip times of the 500-order cells (default 0,2,10)
#   --no-large    skip the 50,000 and 90,000 order cells
#   --explain     also print, for each row count, graphgate.explain() of the request, the
#                 statements graphql() runs (auto_explain, nested, no per-node timing) and
#                 EXPLAIN ANALYZE of the hand-written forms
#
# Uses the private cluster (build/cluster/env; started and stopped here if it is not running),
# its own databases bench_orders, bench_users and bench_products (dropped at the end), four delay
# proxies on free loopback ports from GG_BENCH_PORT (default: the cluster's port + 1) up, and the
# pinned `pg` of test/bench/remote_join (npm ci on first use).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

case " $* " in *" -h "*|*" --help "*) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;; esac

# shellcheck source=test/bench/cluster.sh
. test/bench/cluster.sh
bench_require psql node npm

test/npm-ci test/bench/remote_join

bench_use_cluster

db=bench_orders; udb=bench_users; pdb=bench_products
work=$(mktemp -d /tmp/gg-remote-join.XXXXXX)
proxies=()
cleanup() {
  for pid in "${proxies[@]}"; do kill "$pid" 2>/dev/null || true; done
  for d in $db $udb $pdb; do
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
  bench_stop_cluster
}
trap cleanup EXIT

# ---- delay proxies ---------------------------------------------------------------------------
# fdw_users, fdw_products: graphgate's foreign servers; client_users, client_products: the
# Hasura-style join's connections.  Each needs a listening and a control port.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
next_port=${GG_BENCH_PORT:-$((PGPORT + 1))}
free_port() {  # sets $port to the next free port from $next_port
  while ! port_free "$next_port"; do next_port=$((next_port + 1)); done
  port=$next_port; next_port=$((next_port + 1))
}
proxy_spec=""
declare -A listen_port
for name in fdw_users fdw_products client_users client_products; do
  free_port; listen=$port; free_port; control=$port
  node test/bench/delay_proxy.mjs "$listen" 127.0.0.1 "$PGPORT" "$control" >"$work/$name.out" 2>&1 &
  proxies+=($!)
  for _ in $(seq 100); do grep -qs ready "$work/$name.out" && break; sleep 0.05; done   # -s: the file may not be there yet
  grep -q ready "$work/$name.out" || { cat "$work/$name.out" >&2; echo "the delay proxy $name did not start" >&2; exit 1; }
  listen_port[$name]=$listen
  proxy_spec+="$name=$listen:$control,"
done

# ---- data ------------------------------------------------------------------------------------
users=10000; products=10000; orders=100000
t0=$(date +%s)
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "SET client_min_messages = warning" \
  -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "DROP DATABASE IF EXISTS $udb WITH (FORCE)" \
  -c "DROP DATABASE IF EXISTS $pdb WITH (FORCE)" \
  -c "CREATE DATABASE $udb" -c "CREATE DATABASE $pdb" -c "CREATE DATABASE $db" >/dev/null
setup() {  # DATABASE FILE psql-options...
  local d=$1 f=$2; shift 2
  psql -X -q -v ON_ERROR_STOP=1 "$@" -d "$d" -f "$f" >/dev/null 2>"$work/setup.err" \
    || { cat "$work/setup.err" >&2; echo "could not set up $d" >&2; exit 1; }
}
setup $udb test/bench/remote_join_bench_users.sql -v users=$users
setup $pdb test/bench/remote_join_bench_products.sql -v products=$products
setup $db test/bench/remote_join_bench_orders.sql -v users=$users -v products=$products -v orders=$orders \
  -v users_conn="host=127.0.0.1 port=${listen_port[fdw_users]} dbname=$udb" \
  -v products_conn="host=127.0.0.1 port=${listen_port[fdw_products]} dbname=$pdb"
setup_s=$(( $(date +%s) - t0 ))

# ---- measure ---------------------------------------------------------------------------------
node test/bench/remote_join/bench.mjs --proxies "${proxy_spec%,}" \
  --orders-db $db --users-db $udb --products-db $pdb \
  --data "$users users ($udb), $products products ($pdb), $orders orders ($db; every 10th key of each NULL; set up in ${setup_s}s)" \
  "$@"
