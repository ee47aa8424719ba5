#!/usr/bin/env bash
# Benchmark of graphgate.graphql() against hand-written SQL (issue 5).  Prints measurements; never
# asserts timings and is not part of `make test`'s pass/fail.
#
# On generated data (test/bench/graphql_vs_sql_data.sql: 2,000 authors, 20,000 articles, 60,000
# comments, tracked with the relationships of the GraphQL tests' fixture), for three
# representative queries it prints the latency of `SELECT graphgate.graphql(...)` next to the
# hand-written SQL that returns the same JSON, measured in the same run (one pgbench run, one
# client, prepared protocol, the two statements picked at random per transaction), and their
# ratio, for averages and medians.  Goal: within 1.2x for queries returning 100+ rows.  It also
# prints graphql()'s first call in a new connection (schema built, query compiled and planned)
# against later calls (cached statement).
#
# Before timing anything it checks that each hand-written statement returns the same JSON as
# graphql() (compared as jsonb); if not it prints MISMATCH with both answers and exits 1.
#
#   test/bench/graphql_vs_sql.sh [--duration SECONDS] [--scale K] [--explain]
#
#   --duration  pgbench seconds per query, shared by its two statements (default 20)
#   --scale     multiplies the row counts (default 1)
#   --explain   also print EXPLAIN ANALYZE of the statement graphql() runs and of the hand SQL
#
# Uses the private cluster (build/cluster/env; started and stopped here if it is not running)
# and its own database, bench_gql, dropped at the end.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

duration=20; scale=1; explain=0
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift ;;
    --scale) scale=$2; shift ;;
    --explain) explain=1 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

# shellcheck source=test/bench/cluster.sh
. test/bench/cluster.sh
bench_require pgbench psql

bench_use_cluster
# graphql() answers in UTC whatever the session's TimeZone; the hand SQL's session is put in UTC
# so that its timestamptz values print the same.
export PGTZ=UTC

db=bench_gql
work=$(mktemp -d /tmp/gg-gql-vs-sql.XXXXXX)
cleanup() {
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
  bench_stop_cluster
}
trap cleanup EXIT

# ---- data ------------------------------------------------------------------------------------
authors=$((2000 * scale)); articles=$((20000 * scale)); comments=$((60000 * scale))
t0=$(date +%s)
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -v authors=$authors -v articles=$articles -v comments=$comments \
  -d $db -f test/bench/graphql_vs_sql_data.sql >/dev/null 2>"$work/setup.err" \
  || { cat "$work/setup.err" >&2; echo "could not set up the data" >&2; exit 1; }
setup_s=$(( $(date +%s) - t0 ))

# ---- the queries -----------------------------------------------------------------------------
# For each: a name, the GraphQL query, the hand-written SQL returning the same JSON, and what
# counts as its rows (a SQL expression over r, the answer as jsonb).  pgbench reads ":word" as a
# variable: every GraphQL colon is followed by a space.
names=(); gqls=(); hands=(); rowexprs=()

# 1. A flat list: where, order_by on two keys, limit; 500 rows.
names+=("flat list, where + order_by + limit")
gqls+=('{ articles(where: {published: {_eq: true}, views: {_gte: 50000}}, order_by: [{views: desc}, {id: asc}], limit: 500) { id title views published_at author_id } }')
hands+=("SELECT json_build_object('data', json_build_object('articles', coalesce(
  (SELECT json_agg(json_build_object('id', a.id, 'title', a.title, 'views', a.views,
                                     'published_at', a.published_at, 'author_id', a.author_id))
   FROM (SELECT id, title, views, published_at, author_id FROM articles
         WHERE published AND views >= 50000
         ORDER BY views DESC, id LIMIT 500) a), '[]')))")
rowexprs+=("jsonb_array_length(r->'data'->'articles')::text")

# 2. Nested: 200 authors, each with its articles (array relationship), each article with its
#    comment count (aggregate over an array relationship) and its most liked comment with the
#    commenter's name (array relationship with order_by/limit, then an object relationship).
names+=("nested: authors > articles > comments")
gqls+=('{ authors(order_by: {id: asc}, limit: 200) { id name articles(order_by: {id: asc}) { id title comments_aggregate { aggregate { count } } comments(order_by: [{likes: desc_nulls_last}, {id: asc}], limit: 1) { body commenter { name } } } } }')
hands+=("SELECT json_build_object('data', json_build_object('authors', coalesce(
  (SELECT json_agg(json_build_object('id', au.id, 'name', au.name, 'articles',
            (SELECT coalesce(json_agg(json_build_object(
                      'id', ar.id, 'title', ar.title,
                      'comments_aggregate', json_build_object('aggregate', json_build_object('count',
                          (SELECT count(*) FROM comments c WHERE c.article_id = ar.id))),
                      'comments', coalesce(
                          (SELECT json_agg(json_build_object('body', c.body, 'commenter',
                                  (SELECT json_build_object('name', cm.name) FROM authors cm WHERE cm.id = c.author_id)))
                           FROM (SELECT body, author_id FROM comments c WHERE c.article_id = ar.id
                                 ORDER BY likes DESC NULLS LAST, id LIMIT 1) c), '[]'))
                    ORDER BY ar.id), '[]')
             FROM articles ar WHERE ar.author_id = au.id)))
   FROM (SELECT id, name FROM authors ORDER BY id LIMIT 200) au), '[]')))")
rowexprs+=("jsonb_array_length(r->'data'->'authors') || ' + ' ||
  (SELECT sum(jsonb_array_length(a->'articles')) FROM jsonb_array_elements(r->'data'->'authors') a) || ' nested'")

# 3. Aggregates over a filter that crosses an object relationship.
names+=("aggregate, filter across a relationship")
gqls+=('{ articles_aggregate(where: {published: {_eq: true}, author: {rating: {_gte: 4}}}) { aggregate { count sum { views } avg { views } max { published_at views } } } }')
hands+=("SELECT json_build_object('data', json_build_object('articles_aggregate', json_build_object('aggregate',
  json_build_object('count', count(*), 'sum', json_build_object('views', sum(a.views)),
                    'avg', json_build_object('views', avg(a.views)::float8),
                    'max', json_build_object('published_at', max(a.published_at), 'views', max(a.views))))))
FROM articles a JOIN authors au ON au.id = a.author_id
WHERE a.published AND au.rating >= 4")
rowexprs+=("'1 (of ' || (r->'data'->'articles_aggregate'->'aggregate'->>'count') || ')'")

# shellcheck disable=SC2016  # $gq$ is SQL dollar quoting
gql_stmt() { printf 'SELECT graphgate.graphql($gq$%s$gq$);\n' "$1"; }

# ---- same JSON? ------------------------------------------------------------------------------
rows=()
for i in "${!names[@]}"; do
  gql_stmt "${gqls[$i]}" >"$work/gql$i.sql"
  printf '%s;\n' "${hands[$i]}" >"$work/hand$i.sql"
  {
    echo "CREATE TEMP TABLE g AS SELECT ($(sed 's/;$//' "$work/gql$i.sql")) AS j;"
    echo "CREATE TEMP TABLE h AS SELECT (${hands[$i]}) AS j;"
    echo "SELECT CASE WHEN g.j::jsonb = h.j::jsonb AND g.j::jsonb ? 'data' THEN 'same' ELSE 'MISMATCH' END,"
    echo "       (SELECT ${rowexprs[$i]} FROM (SELECT g.j::jsonb AS r) x) FROM g, h;"
  } >"$work/check$i.sql"
  out=$(psql -X -q -At -F '|' -v ON_ERROR_STOP=1 -d $db -f "$work/check$i.sql" 2>&1) || {
    echo "$out" >&2; echo "query $((i + 1)) failed" >&2; exit 1; }
  if [ "${out%%|*}" != same ]; then
    echo "MISMATCH: query $((i + 1)) (${names[$i]}): graphql() and the hand-written SQL differ"
    echo "graphql():";  psql -X -At -d $db -f "$work/gql$i.sql" | head -c 2000; echo
    echo "hand SQL:";   psql -X -At -d $db -f "$work/hand$i.sql" | head -c 2000; echo
    exit 1
  fi
  rows+=("${out#*|}")
done

# ---- first calls: a new connection each ------------------------------------------------------
# cold: first graphql() of the connection (builds the schema, compiles, plans, runs);
# compile: first call of this query once the schema is cached; then the second and third calls.
psql_times() {  # FILE -> the "Time:" values psql prints, in ms
  { printf '%s\n' '\timing on' '\o /dev/null'; cat "$1"; } | psql -X -q -v ON_ERROR_STOP=1 -d $db \
    | awk '/^Time: / { printf "%s ", $2 }'
}
colds=()
for i in "${!names[@]}"; do
  { cat "$work/gql$i.sql"; cat "$work/gql$i.sql"; cat "$work/gql$i.sql"; } >"$work/cold$i.sql"
  { gql_stmt '{ __typename }'; cat "$work/gql$i.sql"; } >"$work/warm$i.sql"
  read -r c1 c2 c3 <<<"$(psql_times "$work/cold$i.sql")"
  read -r _ w1 <<<"$(psql_times "$work/warm$i.sql")"
  read -r h1 <<<"$(psql_times "$work/hand$i.sql")"
  colds+=("$c1 $w1 $c2 $c3 $h1")
done

# ---- timing ----------------------------------------------------------------------------------
# One pgbench run per query with both statements as scripts: each transaction picks one at random,
# so the two are measured over the same seconds (fair on a busy machine).  Per-transaction logs
# give medians next to pgbench's averages.
bench() {  # I -> "g_avg h_avg g_p50 h_p50 g_n h_n" (ms)
  local out
  rm -f "$work"/pgb.*
  out=$(cd "$work" && pgbench -n -M prepared -c 1 -T "$duration" -f "gql$1.sql" -f "hand$1.sql" \
        -l --log-prefix=pgb $db 2>&1) || { echo "$out" >&2; return 1; }
  local g_avg h_avg
  g_avg=$(echo "$out" | awk '/^SQL script 1:/ { s = 1 } /^SQL script 2:/ { s = 2 } s == 1 && /latency average/ { print $5 }')
  h_avg=$(echo "$out" | awk '/^SQL script 1:/ { s = 1 } /^SQL script 2:/ { s = 2 } s == 2 && /latency average/ { print $5 }')
  # log lines: client transaction latency_us script epoch_s epoch_us
  local g_p50 h_p50
  g_p50=$(cat "$work"/pgb.* | awk '$4 == 0 { print $3 }' | sort -n | awk '{ v[NR] = $1 } END { printf "%.3f %d", v[int((NR + 1) / 2)] / 1000, NR }')
  h_p50=$(cat "$work"/pgb.* | awk '$4 == 1 { print $3 }' | sort -n | awk '{ v[NR] = $1 } END { printf "%.3f %d", v[int((NR + 1) / 2)] / 1000, NR }')
  echo "$g_avg $h_avg ${g_p50% *} ${h_p50% *} ${g_p50#* } ${h_p50#* }"
}
results=()
for i in "${!names[@]}"; do
  results+=("$(bench "$i")")
done

# ---- report ----------------------------------------------------------------------------------
ratio() { awk -v g="$1" -v h="$2" 'BEGIN { printf "%.2fx", g / h }'; }
echo "graphgate.graphql() vs hand-written SQL: $(nproc) cores, PostgreSQL $(psql -X -At -d $db -c 'SHOW server_version' | cut -d' ' -f1), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo "data: $authors authors, $articles articles, $comments comments (set up in ${setup_s}s)"
echo "pgbench -M prepared -c 1 -T $duration per query, graphql() and hand SQL picked at random per transaction"
echo "every hand-written statement returned the same JSON as graphql() (compared as jsonb)"
echo
printf '%-2s %-40s %-17s %9s %9s %6s %9s %9s %6s %7s\n' "" "" "" "graphql()" "hand SQL" "" "graphql()" "hand SQL" "" ""
printf '%-2s %-40s %-17s %9s %9s %6s %9s %9s %6s %7s\n' "#" query rows "avg ms" "avg ms" ratio "p50 ms" "p50 ms" ratio calls
for i in "${!names[@]}"; do
  read -r ga ha gp hp gn hn <<<"${results[$i]}"
  printf '%-2s %-40s %-17s %9s %9s %6s %9s %9s %6s %7s\n' "$((i + 1))" "${names[$i]}" "${rows[$i]}" \
    "$ga" "$ha" "$(ratio "$ga" "$ha")" "$gp" "$hp" "$(ratio "$gp" "$hp")" "$gn/$hn"
done
echo
echo 'graphql() first calls, each query in a new connection (ms; psql timing, client included):'
printf '%-2s %12s %12s %10s %10s %14s\n' "#" "cold conn" "1st, schema" "2nd call" "3rd call" "hand SQL"
printf '%-2s %12s %12s %10s %10s %14s\n' "" "1st call" "cached" "" "" "1st call"
for i in "${!names[@]}"; do
  read -r c1 w1 c2 c3 h1 <<<"${colds[$i]}"
  printf '%-2s %12s %12s %10s %10s %14s\n' "$((i + 1))" "$c1" "$w1" "$c2" "$c3" "$h1"
done
echo "(cold conn: this connection builds its GraphQL schema, then parses, validates, compiles and"
echo " plans the query; schema cached: the same after another query built the schema; later calls"
echo " reuse the compiled statement and its saved plan)"

# ---- where graphql()'s time goes (pg_stat_statements, when the cluster preloads it) -----------
# Server side, per call: graphql() as a whole, and the statement it compiled (planning and
# execution, as a nested statement); the rest is parsing, validation, the cache lookup, the
# session settings, the subtransaction and turning the statement's result into the response.
if [ "$(psql -X -At -d $db -c "SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'" 2>/dev/null)" = 0 ] \
   && psql -X -At -d $db -c 'SHOW shared_preload_libraries' 2>/dev/null | grep -q pg_stat_statements; then
  psql -X -q -d $db -c 'CREATE EXTENSION pg_stat_statements' >/dev/null 2>&1 || true
fi
if psql -X -q -At -d $db -c 'SELECT 1 FROM pg_stat_statements LIMIT 0' >/dev/null 2>&1; then
  dbid=$(psql -X -At -d $db -c "SELECT oid FROM pg_database WHERE datname = current_database()")
  echo
  echo "where graphql()'s time goes, server side (pg_stat_statements means; ms per call):"
  printf '%-2s %6s %11s %10s %10s %11s %11s %11s\n' "#" calls "graphql()" "stmt plan" "stmt exec" "re-planned" "rest" "response"
  for i in "${!names[@]}"; do
    read -r ga _ <<<"${results[$i]}"
    n=$(awk -v a="$ga" 'BEGIN { n = int(3000 / a); if (n < 20) n = 20; if (n > 500) n = 500; print n }')
    { echo "SET pg_stat_statements.track_planning = on;"
      echo '\o /dev/null'
      cat "$work/gql$i.sql"
      echo "SELECT pg_stat_statements_reset(0, $dbid, 0);"
      for _ in $(seq "$n"); do cat "$work/gql$i.sql"; done
      echo '\o'
      echo "SELECT o.calls, round(o.mean_exec_time::numeric, 3), round(s.mean_plan_time::numeric, 3),
                   round(s.mean_exec_time::numeric, 3), s.plans || '/' || s.calls,
                   round((o.mean_exec_time - s.mean_plan_time * s.plans / s.calls - s.mean_exec_time)::numeric, 3),
                   ($(sed 's/;$//' "$work/gql$i.sql"))::text
            FROM pg_stat_statements o, pg_stat_statements s
            WHERE o.dbid = $dbid AND s.dbid = $dbid AND o.toplevel AND NOT s.toplevel
              AND o.query LIKE 'SELECT graphgate.graphql(%' AND s.query LIKE 'SELECT json_build_object(%'"
    } | psql -X -q -At -F ' ' -d $db >"$work/pss$i" 2>&1 || true
    read -r calls whole plan exec replanned rest resp <"$work/pss$i" || true
    if [ -n "${resp:-}" ]; then
      printf '%-2s %6s %11s %10s %10s %11s %11s %11s\n' "$((i + 1))" "$calls" "$whole" "$plan" "$exec" "$replanned" "$rest" \
        "$(awk -v n="${#resp}" 'BEGIN { if (n < 1024) printf "%d B", n; else printf "%.0f KB", n / 1024 }')"
    else
      printf '%-2s %s\n' "$((i + 1))" "(no statistics: $(head -c 200 "$work/pss$i"))"
    fi
  done
  echo "(re-planned: plans/calls of the compiled statement, its planning time averaged over the calls"
  echo " that planned; rest = graphql() - planning - execution of its statement)"
fi

# ---- the plans, on demand --------------------------------------------------------------------
if [ $explain = 1 ]; then
  for i in "${!names[@]}"; do
    echo
    echo "==== $((i + 1)) ${names[$i]}: the statement graphql() runs (auto_explain, nested)"
    { echo "LOAD 'auto_explain';"
      echo "SET auto_explain.log_analyze = on; SET auto_explain.log_buffers = on;"
      echo "SET auto_explain.log_nested_statements = on; SET auto_explain.log_level = notice;"
      echo '\o /dev/null'
      cat "$work/gql$i.sql"    # compiles and caches the statement, unlogged
      echo "SET auto_explain.log_min_duration = 0;"
      cat "$work/gql$i.sql"
    } | psql -X -q -d $db 2>&1 \
      | awk '/NOTICE:/ { on = 0 } /^Query Text: SELECT json_build_object/ { on = 1 } on'
    echo "==== $((i + 1)) hand SQL"
    { echo "EXPLAIN (ANALYZE, BUFFERS)"; cat "$work/hand$i.sql"; } | psql -X -q -d $db
  done
fi
