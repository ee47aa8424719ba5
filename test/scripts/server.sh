#!/usr/bin/env bash
# Server suite: black-box HTTP tests of graphgate-server (test/server/*.test.mjs, Node's
# node:test) against the private cluster.  Creates the suite's databases and roles from
# test/server/fixture.sql, runs the tests (each test file starts the servers it needs, with the
# configuration it needs), then drops them.  Run by test/run-all after the extension is
# installed; alone: `bash test/scripts/server.sh` with the cluster running.
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
command -v wrk >/dev/null || { echo "wrk is missing: run test/install-deps"; exit 1; }

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"; }

cleanup() {
  psql_admin >/dev/null 2>&1 <<'SQL' || true
DROP DATABASE IF EXISTS orders_db WITH (FORCE);
DROP DATABASE IF EXISTS users_db WITH (FORCE);
DROP DATABASE IF EXISTS srv_app WITH (FORCE);
DROP DATABASE IF EXISTS srv_echo WITH (FORCE);
DROP DATABASE IF EXISTS srv_live WITH (FORCE);
DROP DATABASE IF EXISTS srv_live_users WITH (FORCE);
DROP DATABASE IF EXISTS srv_replica WITH (FORCE);
DROP DATABASE IF EXISTS srv_twins WITH (FORCE);
DROP ROLE IF EXISTS srv_user;
DROP ROLE IF EXISTS srv_guest;
SQL
}
cleanup   # leftovers of an interrupted run
trap cleanup EXIT
psql_admin -f test/server/fixture.sql >/dev/null

# One file at a time: one of them restarts the database under the others' feet.
node --test --test-concurrency=1 --test-reporter=spec test/server/
