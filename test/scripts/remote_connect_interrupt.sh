#!/usr/bin/env bash
# Connecting to a remote source is interruptible (issue 11, item 16): against a server that
# accepts the TCP connection and then never answers, add_source stops at statement_timeout and
# at pg_cancel_backend from another session, well before its connect_timeout (8 s), and the
# backend goes on.  connect_timeout itself is kept.  Runs against the private cluster.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck disable=SC1091
. "$top/build/cluster/env"
bindir=$(pg_config --bindir)
psql() { "$bindir/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
work=$(mktemp -d)
listener=""
cleanup() {
  [ -z "$listener" ] || kill "$listener" 2>/dev/null || true
  psql -d postgres -c "DROP DATABASE IF EXISTS rci WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# A listener on a free loopback port that accepts connections and never says a word.
node -e "const s = require('net').createServer(() => {});
         s.listen(0, '127.0.0.1', () => console.log(s.address().port));
         setTimeout(() => process.exit(0), 120000);" >"$work/port" &
listener=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")
[ -n "$port" ] || { echo "listener did not start"; exit 1; }

psql -d postgres -c "DROP DATABASE IF EXISTS rci WITH (FORCE)" -c "CREATE DATABASE rci" >/dev/null 2>&1
psql -d rci -c "SET client_min_messages = warning" -c "CREATE EXTENSION graphgate CASCADE" >/dev/null
conn="host=127.0.0.1 port=$port dbname=nowhere connect_timeout=8"

# Prints the error of `sql` in database rci and fails unless it came within `limit` seconds.
expect_error() {
  local limit=$1 expected=$2; shift 2
  local start end out
  start=$(date +%s.%N)
  out=$("$bindir/psql" -X -q -d rci -v VERBOSITY=terse "$@" 2>&1 || true)
  end=$(date +%s.%N)
  echo "$out"
  awk -v s="$start" -v e="$end" -v l="$limit" 'BEGIN { exit !(e - s < l) }' \
    || { echo "took $(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }') s, more than $limit s"; exit 1; }
  grep -qF "$expected" <<<"$out" || { echo "expected: $expected"; exit 1; }
}

expect_error 5 "canceling statement due to statement timeout" \
  -c "SET statement_timeout = '1s'" -c "SELECT graphgate.add_source('hang', '$conn')"

# pg_cancel_backend from a second session, once the first one is waiting
( sleep 1
  psql -d postgres -At -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity
                           WHERE datname = 'rci' AND query LIKE '%add_source(''hang''%' AND pid <> pg_backend_pid()" \
    >"$work/cancelled" ) &
canceller=$!
expect_error 5 "canceling statement due to user request" -c "SELECT graphgate.add_source('hang', '$conn')"
wait "$canceller"
grep -q "^t$" "$work/cancelled" || { echo "nothing was cancelled"; exit 1; }

# connect_timeout still bounds a connect nobody interrupts
expect_error 6 "timeout expired after 2 seconds" \
  -c "SELECT graphgate.add_source('hang', 'host=127.0.0.1 port=$port dbname=nowhere connect_timeout=2')"

# the backend is fine afterwards, in the same session
out=$("$bindir/psql" -X -q -d rci -At -v VERBOSITY=terse -c "SET statement_timeout = '1s'" -c "SELECT graphgate.add_source('hang', '$conn')" \
  -c "RESET statement_timeout" -c "SELECT 'still here'" 2>&1 || true)
grep -q "^still here$" <<<"$out" || { echo "$out"; echo "the session did not go on"; exit 1; }
echo "remote connects are interruptible: ok"
