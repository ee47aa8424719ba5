#!/usr/bin/env bash
# Benchmark of mutations (issue 15): insert_articles with `returning`, of 1, 100 and 10,000 rows,
# through graphgate.graphql() (the objects as one variable) against the hand-written SQL of the
# same write (one data-modifying CTE over jsonb_to_recordset, the same JSON built), measured in
# the same run: one pgbench run per size, one client, prepared protocol, the two statements
# picked at random per transaction.  Prints averages, medians and their ratios (goal: within
# 1.2x); never asserts timings and is not part of `make test`'s pass/fail.
#
# Before timing it checks that both statements return the same JSON (compared as jsonb); if not
# it prints MISMATCH and exits 1.
#
#   test/bench/mutation_bench.sh [--duration SECONDS]   (pgbench seconds per size, default 10)
#
# Uses the private cluster (build/cluster/env; started and stopped here if it is not running)
# and its own database, bench_mut, dropped at the end.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

duration=10
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

# shellcheck source=test/bench/cluster.sh
. test/bench/cluster.sh
bench_require pgbench psql
bench_use_cluster

db=bench_mut
work=$(mktemp -d /tmp/gg-mut-bench.XXXXXX)
cleanup() {
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
  bench_stop_cluster
}
trap cleanup EXIT

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d $db >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION graphgate CASCADE;
CREATE TABLE authors (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO authors SELECT g, 'author ' || g FROM generate_series(1, 100) g;
CREATE TABLE articles (id bigserial PRIMARY KEY, author_id integer NOT NULL REFERENCES authors (id),
                       title text NOT NULL, views integer DEFAULT 0, created_at timestamptz DEFAULT now());
SELECT graphgate.track_table('default', 'authors');
SELECT graphgate.track_table('default', 'articles');
-- the objects of each size, read by both statements the same way
CREATE TABLE bench_rows (n integer PRIMARY KEY, objects jsonb NOT NULL);
INSERT INTO bench_rows SELECT n, (SELECT jsonb_agg(jsonb_build_object('author_id', i % 100 + 1, 'title', 'title ' || i,
                                                                      'views', i))
                                  FROM generate_series(1, n) i)
FROM unnest(ARRAY[1, 100, 10000]) n;
SQL

sizes=(1 100 10000)
# shellcheck disable=SC2016  # $gq$ is SQL dollar quoting
for n in "${sizes[@]}"; do
  printf 'SELECT graphgate.graphql($gq$mutation ($rows: [articles_insert_input!]!) { insert_articles(objects: $rows) { affected_rows returning { author_id title views } } }$gq$, (SELECT jsonb_build_object($k$rows$k$, objects) FROM bench_rows WHERE n = %s));\n' "$n" >"$work/gql$n.sql"
  cat >"$work/hand$n.sql" <<SQL
WITH w AS (INSERT INTO articles (author_id, title, views)
           SELECT r.author_id, r.title, r.views
           FROM jsonb_to_recordset((SELECT objects FROM bench_rows WHERE n = $n)) AS r(author_id integer, title text, views integer)
           RETURNING author_id, title, views)
SELECT json_build_object('data', json_build_object('insert_articles', json_build_object(
  'affected_rows', (SELECT count(*) FROM w),
  'returning', (SELECT coalesce(json_agg(json_build_object('author_id', author_id, 'title', title, 'views', views)), '[]') FROM w))));
SQL
  same=$( { echo "CREATE TEMP TABLE g AS SELECT ($(sed 's/;$//' "$work/gql$n.sql")) AS j;"
            echo "CREATE TEMP TABLE h AS $(sed 's/;$//' "$work/hand$n.sql");"
            echo "SELECT CASE WHEN g.j::jsonb = h.json_build_object::jsonb THEN 'same' ELSE 'MISMATCH' END FROM g, h;"
          } | psql -X -q -At -v ON_ERROR_STOP=1 -d $db 2>&1) || { echo "$same" >&2; exit 1; }
  [ "$same" = same ] || { echo "MISMATCH at $n rows: $same"; exit 1; }
done

bench() {  # N -> "g_avg h_avg g_p50 h_p50 g_n h_n" (ms)
  local out
  rm -f "$work"/pgb.*
  psql -X -q -d $db -c "TRUNCATE articles" >/dev/null
  out=$(cd "$work" && pgbench -n -M prepared -c 1 -T "$duration" -f "gql$1.sql" -f "hand$1.sql" \
        -l --log-prefix=pgb $db 2>&1) || { echo "$out" >&2; return 1; }
  local g_avg h_avg g_p50 h_p50
  g_avg=$(echo "$out" | awk '/^SQL script 1:/ { s = 1 } /^SQL script 2:/ { s = 2 } s == 1 && /latency average/ { print $5 }')
  h_avg=$(echo "$out" | awk '/^SQL script 1:/ { s = 1 } /^SQL script 2:/ { s = 2 } s == 2 && /latency average/ { print $5 }')
  g_p50=$(cat "$work"/pgb.* | awk '$4 == 0 { print $3 }' | sort -n | awk '{ v[NR] = $1 } END { printf "%.3f %d", v[int((NR + 1) / 2)] / 1000, NR }')
  h_p50=$(cat "$work"/pgb.* | awk '$4 == 1 { print $3 }' | sort -n | awk '{ v[NR] = $1 } END { printf "%.3f %d", v[int((NR + 1) / 2)] / 1000, NR }')
  echo "$g_avg $h_avg ${g_p50% *} ${h_p50% *} ${g_p50#* } ${h_p50#* }"
}

ratio() { awk -v g="$1" -v h="$2" 'BEGIN { printf "%.2fx", g / h }'; }
echo "insert_articles with returning: graphgate.graphql() vs hand-written SQL, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo "pgbench -M prepared -c 1 -T $duration per size; both statements returned the same JSON (compared as jsonb)"
printf '%7s %10s %10s %6s %10s %10s %6s %9s\n' rows "gql avg" "hand avg" ratio "gql p50" "hand p50" ratio calls
for n in "${sizes[@]}"; do
  read -r ga ha gp hp gn hn <<<"$(bench "$n")"
  printf '%7s %10s %10s %6s %10s %10s %6s %9s\n' "$n" "$ga" "$ha" "$(ratio "$ga" "$ha")" "$gp" "$hp" "$(ratio "$gp" "$hp")" "$gn/$hn"
done
echo "(ms per statement)"
