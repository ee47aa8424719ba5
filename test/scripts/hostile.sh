#!/usr/bin/env bash
# Hostile-input suite (test/hostile/run.mjs): several hundred bad, forged, huge and malformed
# requests against graphgate-server and graphgate.graphql()/metadata(), each checked for its
# exact answer, no backend crash in the cluster's log, the server alive and the data unchanged.
# Creates its databases from test/hostile/fixture.sql (the source "gone" is then dropped, so it
# is unreachable), runs, drops them.  Run by test/run-all; alone: `bash test/scripts/hostile.sh`
# with the cluster running.  Bounded: the run gives up on inputs left after 150 s.
#
#   GG_CLUSTER_ENV  cluster env file to use (default build/cluster/env)
#   GG_SERVER_BIN   server binary (default build/graphgate-server, built if missing)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

export GG_CLUSTER_ENV=${GG_CLUSTER_ENV:-$top/build/cluster/env}
[ -f "$GG_CLUSTER_ENV" ] || { echo "no private cluster ($GG_CLUSTER_ENV): run 'make cluster-start'"; exit 1; }
# shellcheck disable=SC1090
. "$GG_CLUSTER_ENV"
export GG_SERVER_BIN=${GG_SERVER_BIN:-$top/build/graphgate-server}
if [ ! -x "$GG_SERVER_BIN" ]; then make -s build/graphgate-server; fi

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"; }
cleanup() {
  psql_admin >/dev/null 2>&1 <<'SQL' || true
DROP DATABASE IF EXISTS hostile_db WITH (FORCE);
DROP DATABASE IF EXISTS hostile_remote WITH (FORCE);
DROP DATABASE IF EXISTS hostile_gone WITH (FORCE);
DROP ROLE IF EXISTS hostile_user;
SQL
}
cleanup   # leftovers of an interrupted run
trap cleanup EXIT
psql_admin -v host="$PGHOST" -v port="$PGPORT" -f test/hostile/fixture.sql >/dev/null
psql_admin -c 'DROP DATABASE hostile_gone WITH (FORCE)'

timeout 300 node test/hostile/run.mjs
