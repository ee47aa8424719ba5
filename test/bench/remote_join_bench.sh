#!/usr/bin/env bash
# Benchmark of remote joins (issue 6).  Prints measurements; never asserts timings and is not part
# of `make test`'s pass/fail.
#
# On generated data (test/bench/remote_join_bench_users.sql: 10,000 users in one database;
# test/bench/remote_join_bench_orders.sql: 100,000 orders in another, every 10th
# ordered_by_user_id NULL, with the seed's remote relationship orders.ordered_by_user), for the
# seed query with 500 and with 50,000 orders it measures in the same run (one pgbench run per row
# count, one client, prepared protocol, the three statements picked at random per transaction):
#   graphql()  SELECT graphgate.graphql('query { orders(order_by: {id: asc}, limit: N)
#                                               { id ordered_by_user { id name } } }')
#   hand       the hand-written batched SQL of design §8 (MATERIALIZED parents, the distinct keys
#              as one array, the inlined batch function, LEFT JOIN back)
#   join       a plain LEFT JOIN to the foreign table (postgres_fdw fetches the remote table whole)
# and prints averages, medians, the ratio to the hand-written batched SQL, and the statements the
# users database receives for one execution of each (DECLAREs and FETCHes, pg_stat_statements).
# Goals: graphql() within 1.3x of hand at 500 rows; at 50,000 no slower than 1.2x the better of
# hand and join.
#
# graphql() runs its compiled statement as a saved plan: calls 1-5 of a connection get custom
# plans, later calls whatever the plan cache settles on (usually the generic plan).  The main
# figures for graphql() are its calls 6+ in the pgbench connection (the steady state of a
# long-lived connection); calls 1-5 are printed on their own line.
#
# Before timing anything it checks that the three forms return the same JSON (compared as jsonb);
# if not it prints MISMATCH with the answers and exits 1.
#
#   test/bench/remote_join_bench.sh [--duration SECONDS] [--explain]
#
#   --duration  pgbench seconds per row count, shared by its three statements (default 10); a
#               statement still running at the end is waited for
#   --explain   also print EXPLAIN ANALYZE of the statement graphql() runs (a steady-state call,
#               auto_explain, nested; without per-node timing) and of the two hand-written forms
#
# Uses the private cluster (build/cluster/env; started and stopped here if it is not running)
# and its own databases, bench_orders and bench_users, dropped at the end.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

duration=10; explain=0
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift ;;
    --explain) explain=1 ;;
    -h|--help) sed -n '2,36p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

# shellcheck source=test/bench/cluster.sh
. test/bench/cluster.sh
bench_require pgbench psql

bench_use_cluster

db=bench_orders; udb=bench_users
work=$(mktemp -d /tmp/gg-remote-join.XXXXXX)
cleanup() {
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $udb WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
  bench_stop_cluster
}
trap cleanup EXIT

# ---- data ------------------------------------------------------------------------------------
users=10000; orders=100000
t0=$(date +%s)
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "SET client_min_messages = warning" \
  -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "DROP DATABASE IF EXISTS $udb WITH (FORCE)" \
  -c "CREATE DATABASE $udb" -c "CREATE DATABASE $db" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -v users=$users -d $udb -f test/bench/remote_join_bench_users.sql \
  >/dev/null 2>"$work/setup.err" || { cat "$work/setup.err" >&2; echo "could not set up the users" >&2; exit 1; }
users_conn=$(psql -X -At -d $udb -c "SELECT format('host=%s port=%s dbname=%s',
  current_setting('unix_socket_directories'), current_setting('port'), current_database())")
psql -X -q -v ON_ERROR_STOP=1 -v users=$users -v orders=$orders -v users_conn="$users_conn" \
  -d $db -f test/bench/remote_join_bench_orders.sql >/dev/null 2>"$work/setup.err" \
  || { cat "$work/setup.err" >&2; echo "could not set up the orders" >&2; exit 1; }
setup_s=$(( $(date +%s) - t0 ))
udbid=$(psql -X -At -d $db -c "SELECT oid FROM pg_database WHERE datname = '$udb'")
# pg_stat_statements is read and reset from the orders database's connections too
psql -X -q -d $db -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements' >/dev/null 2>&1 || true
have_pss=0
psql -X -q -At -d $db -c 'SELECT 1 FROM pg_stat_statements LIMIT 0' >/dev/null 2>&1 && have_pss=1

# ---- the statements --------------------------------------------------------------------------
# pgbench reads ":word" as a variable: every GraphQL colon is followed by a space.
sizes=(500 50000)
forms=(gql hand join)
declare -A label=([gql]="graphql()" [hand]="hand batched" [join]="plain LEFT JOIN")
for n in "${sizes[@]}"; do
  # shellcheck disable=SC2016  # $gq$ is SQL dollar quoting
  printf 'SELECT graphgate.graphql($gq$query { orders(order_by: {id: asc}, limit: %s) { id ordered_by_user { id name } } }$gq$);\n' \
    "$n" >"$work/gql$n.sql"
  cat >"$work/hand$n.sql" <<EOF
WITH p AS MATERIALIZED (SELECT o.id, o.ordered_by_user_id FROM orders o ORDER BY o.id LIMIT $n),
     k AS (SELECT ARRAY(SELECT DISTINCT ordered_by_user_id FROM p WHERE ordered_by_user_id IS NOT NULL) AS a),
     r AS (SELECT u.id, json_build_object('id', u.id, 'name', u.name) AS j
           FROM k CROSS JOIN LATERAL graphgate_rel.orders_ordered_by_user_batch(k.a) u)
SELECT json_build_object('data', json_build_object('orders', coalesce(json_agg(
         json_build_object('id', p.id, 'ordered_by_user', r.j) ORDER BY p.id), '[]')))
FROM p LEFT JOIN r ON r.id = p.ordered_by_user_id;
EOF
  cat >"$work/join$n.sql" <<EOF
SELECT json_build_object('data', json_build_object('orders', coalesce(json_agg(
         json_build_object('id', o.id, 'ordered_by_user',
                           CASE WHEN u.id IS NOT NULL THEN json_build_object('id', u.id, 'name', u.name) END)
         ORDER BY o.id), '[]')))
FROM (SELECT id, ordered_by_user_id FROM orders ORDER BY id LIMIT $n) o
LEFT JOIN users_db.users u ON u.id = o.ordered_by_user_id;
EOF
done
body() { sed 's/;$//' "$work/$1.sql"; }

# ---- same JSON? ------------------------------------------------------------------------------
declare -A rows
for n in "${sizes[@]}"; do
  {
    echo "CREATE TEMP TABLE g AS SELECT ($(body "gql$n"))::jsonb AS j;"
    echo "CREATE TEMP TABLE h AS SELECT ($(body "hand$n"))::jsonb AS j;"
    echo "CREATE TEMP TABLE l AS SELECT ($(body "join$n"))::jsonb AS j;"
    echo "SELECT CASE WHEN NOT g.j ? 'data' THEN 'MISMATCH graphql() answered no data'
                      WHEN g.j <> h.j THEN 'MISMATCH graphql() and the hand batched SQL differ'
                      WHEN g.j <> l.j THEN 'MISMATCH graphql() and the plain LEFT JOIN differ'
                      ELSE 'same' END,
                 jsonb_array_length(g.j->'data'->'orders') || ' orders, ' ||
                 (SELECT count(*) FROM jsonb_array_elements(g.j->'data'->'orders') e
                  WHERE e->'ordered_by_user' = 'null') || ' null users'
          FROM g, h, l;"
  } >"$work/check$n.sql"
  out=$(psql -X -q -At -F '|' -v ON_ERROR_STOP=1 -d $db -f "$work/check$n.sql" 2>&1) || {
    echo "$out" >&2; echo "the query for $n orders failed" >&2; exit 1; }
  if [ "${out%%|*}" != same ]; then
    echo "${out%%|*} (limit $n)"
    for f in "${forms[@]}"; do
      echo "${label[$f]}:"; psql -X -At -d $db -f "$work/$f$n.sql" | head -c 1500; echo
    done
    exit 1
  fi
  rows[$n]=${out#*|}
done

# ---- remote statements: one execution of each form -------------------------------------------
# In one connection: a first execution (opens the postgres_fdw connection, builds graphql()'s
# schema), a reset of the users database's statistics, the execution counted.
declare -A remote
for n in "${sizes[@]}"; do
  for f in "${forms[@]}"; do
    remote[$f$n]="- -"
    [ $have_pss = 1 ] || continue
    r=$({ echo '\o /dev/null'; cat "$work/$f$n.sql"
          echo "SELECT pg_stat_statements_reset(0, $udbid, 0);"
          cat "$work/$f$n.sql"; echo '\o'
          echo "SELECT coalesce(sum(calls) FILTER (WHERE query LIKE 'DECLARE%'), 0),
                       coalesce(sum(calls) FILTER (WHERE query LIKE 'FETCH%'), 0)
                FROM pg_stat_statements WHERE dbid = $udbid;"
        } | psql -X -q -At -F ' ' -v ON_ERROR_STOP=1 -d $db 2>&1) || { echo "$r" >&2; exit 1; }
    remote[$f$n]=$r
  done
done

# ---- timing ----------------------------------------------------------------------------------
# One pgbench run per row count with the three statements as scripts: each transaction picks one
# at random, so they are measured over the same seconds (fair on a busy machine).  Averages and
# medians come from the per-transaction log; graphql()'s calls 1-5 are kept apart.
stats() {  # reads latencies (us), prints "avg_ms p50_ms count" or "- - 0"
  sort -n | awk '{ v[NR] = $1; s += $1 }
    END { if (NR == 0) print "- - 0"; else printf "%.3f %.3f %d\n", s / NR / 1000, v[int((NR + 1) / 2)] / 1000, NR }'
}
declare -A res
bench() {  # N
  local out
  rm -f "$work"/pgb.*
  out=$(cd "$work" && pgbench -n -M prepared -c 1 -T "$duration" -f "gql$1.sql" -f "hand$1.sql" -f "join$1.sql" \
        -l --log-prefix=pgb $db 2>&1) || { echo "$out" >&2; return 1; }
  # log lines: client transaction latency_us script epoch_s epoch_us (one client: in order)
  cat "$work"/pgb.* >"$work/log$1"
  res[gql$1]=$(awk '$4 == 0 && ++g > 5 { print $3 }' "$work/log$1" | stats)
  res[gql1to5_$1]=$(awk '$4 == 0 && ++g <= 5 { print $3 }' "$work/log$1" | stats)
  res[hand$1]=$(awk '$4 == 1 { print $3 }' "$work/log$1" | stats)
  res[join$1]=$(awk '$4 == 2 { print $3 }' "$work/log$1" | stats)
}
t1=$(date +%s)
for n in "${sizes[@]}"; do bench "$n"; done
bench_s=$(( $(date +%s) - t1 ))

# ---- report ----------------------------------------------------------------------------------
ratio() { awk -v g="$1" -v h="$2" 'BEGIN { if (g == "-" || h == "-" || h == 0) print "-"; else printf "%.2fx", g / h }'; }
echo "remote joins: graphgate.graphql() vs hand-written SQL: $(nproc) cores, PostgreSQL $(psql -X -At -d $db -c 'SHOW server_version' | cut -d' ' -f1), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo "data: $users users (database $udb, through postgres_fdw), $orders orders (every 10th key NULL; set up in ${setup_s}s)"
echo "query: { orders(order_by: {id: asc}, limit: N) { id ordered_by_user { id name } } }"
echo "pgbench -M prepared -c 1 -T $duration per row count, the three forms picked at random per transaction (${bench_s}s in all)"
echo "the three forms returned the same JSON (compared as jsonb): $(for n in "${sizes[@]}"; do printf '%s; ' "${rows[$n]}"; done | sed 's/; $//')"
echo
printf '%-7s %-22s %10s %10s %8s %8s %8s %9s %8s\n' "" "" "" "" "ratio" "ratio" "" "remote" "remote"
printf '%-7s %-22s %10s %10s %8s %8s %8s %9s %8s\n' rows form "avg ms" "p50 ms" "avg" "p50" calls DECLAREs FETCHes
for n in "${sizes[@]}"; do
  read -r ha hp _ <<<"${res[hand$n]}"
  for f in gql gql1to5_ hand join; do
    key=$f$n; name=${label[$f]:-"graphql(), calls 1-5"}
    [ "$f" = gql ] && name="graphql(), calls 6+"
    read -r a p c <<<"${res[$key]}"
    read -r decl fetch <<<"${remote[$key]:-"  "}"
    printf '%-7s %-22s %10s %10s %8s %8s %8s %9s %8s\n' "$n" "$name" "$a" "$p" \
      "$(ratio "$a" "$ha")" "$(ratio "$p" "$hp")" "$c" "${decl:-}" "${fetch:-}"
  done
done
echo "(ratio: to the hand batched SQL of the same row count; remote: statements the users database"
echo " received for one execution, from its pg_stat_statements, the postgres_fdw connection open)"
echo
# the goals, as numbers (not asserted)
read -r ga gp _ <<<"${res[gql500]}"; read -r ha hp _ <<<"${res[hand500]}"
echo "goal at 500 rows, graphql() <= 1.3x hand batched: avg $(ratio "$ga" "$ha"), p50 $(ratio "$gp" "$hp")"
read -r ga gp _ <<<"${res[gql50000]}"; read -r ha hp _ <<<"${res[hand50000]}"; read -r ja jp _ <<<"${res[join50000]}"
best_a=$(awk -v h="$ha" -v j="$ja" 'BEGIN { print (h < j ? h : j) }')
best_p=$(awk -v h="$hp" -v j="$jp" 'BEGIN { print (h < j ? h : j) }')
echo "goal at 50000 rows, graphql() <= 1.2x the better hand form: avg $(ratio "$ga" "$best_a"), p50 $(ratio "$gp" "$best_p")"
read -r ga5 gp5 _ <<<"${res[gql1to5_50000]}"
echo "  (graphql() calls 1-5 of the connection at 50000 rows: avg $(ratio "$ga5" "$best_a"), p50 $(ratio "$gp5" "$best_p"))"

# ---- the plans, on demand --------------------------------------------------------------------
if [ $explain = 1 ]; then
  for n in "${sizes[@]}"; do
    echo
    echo "==== $n orders: the statement graphql() runs, call 7 of a connection (auto_explain, nested, no per-node timing)"
    { echo "LOAD 'auto_explain';"
      echo "SET auto_explain.log_analyze = on; SET auto_explain.log_timing = off; SET auto_explain.log_verbose = on;"
      echo "SET auto_explain.log_nested_statements = on; SET auto_explain.log_level = notice;"
      echo '\o /dev/null'
      for _ in 1 2 3 4 5 6; do cat "$work/gql$n.sql"; done
      echo "SET auto_explain.log_min_duration = 0;"
      cat "$work/gql$n.sql"
    } | psql -X -q -d $db 2>&1 \
      | awk '/NOTICE:/ { on = 0 } /^Query Text: WITH/ { on = 1 } on && !/^ *Output: /'
    for f in hand join; do
      echo "==== $n orders: ${label[$f]}"
      { echo "EXPLAIN (ANALYZE, VERBOSE)"; cat "$work/$f$n.sql"; } | psql -X -q -d $db | grep -v '^ *Output: '
    done
  done
fi
