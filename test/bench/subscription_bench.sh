#!/usr/bin/env bash
# Load benchmark of live queries (issue 16; prints measurements, never part of `make test`'s
# pass/fail): 1,000 graphql-ws subscribers, one socket each, of one query with 10 distinct
# variable values (10 cohorts of 100).  Reports the time until every subscriber has its first
# result (goal < 5 s), the time from the commit of an update until every affected subscriber has
# the change (goal < 2 s; one row = 100 subscribers, all rows = 1,000), the database's
# transaction rate while nothing changes (goal: about cohorts / batch size per refetch interval,
# not one per subscriber) next to the server's own count of calls, and the server's memory per
# subscriber.
#
#   test/bench/subscription_bench.sh [--subscribers N] [--values N] [--interval SECONDS] [--batch N]
#
# Uses the private cluster (build/cluster/env; started and stopped here if it is not running).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

subscribers=1000; values=10; interval=1; batch=100
while [ $# -gt 0 ]; do
  case "$1" in
    --subscribers) subscribers=$2; shift ;;
    --values) values=$2; shift ;;
    --interval) interval=$2; shift ;;
    --batch) batch=$2; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

# shellcheck source=test/bench/cluster.sh
. test/bench/cluster.sh
bench_require node psql
[ -x build/graphgate-server ] || make -s build/graphgate-server
[ -d test/node_modules/graphql-ws ] || { echo "graphql-ws is missing: run test/install-deps" >&2; exit 1; }

bench_use_cluster
db=sub_bench
cleanup() {
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  bench_stop_cluster
}
trap cleanup EXIT

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d $db >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION graphgate CASCADE;
CREATE TABLE counters (id int PRIMARY KEY, value int NOT NULL, label text NOT NULL);
INSERT INTO counters SELECT i, 0, 'counter ' || i FROM generate_series(0, 99) i;
SELECT graphgate.track_table('sub_bench', 'counters');
SQL

GG_BENCH_DB=$db node test/bench/subscription_bench.mjs "$subscribers" "$values" "$interval" "$batch"
