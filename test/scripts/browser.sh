#!/usr/bin/env bash
# Browser suite: GET /console (GraphiQL) in Debian's headless Chromium, driven by playwright-core
# (test/browser/*.test.mjs, Node's node:test), plus the console's HTTP behaviour (types, caching,
# path checks).  Creates the suite's databases from test/browser/fixture.sql, runs the tests,
# drops them.  Screenshots go to build/browser/.  Run by test/run-all after the build and
# install; alone: `bash test/scripts/browser.sh` with the cluster running.
#
#   GG_CLUSTER_ENV  cluster env file to use (default build/cluster/env)
#   GG_SERVER_BIN   server binary (default build/graphgate-server, built if missing)
#   GG_CHROMIUM     browser binary (default /usr/bin/chromium)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

export GG_CLUSTER_ENV=${GG_CLUSTER_ENV:-$top/build/cluster/env}
[ -f "$GG_CLUSTER_ENV" ] || { echo "no private cluster ($GG_CLUSTER_ENV): run 'make cluster-start'"; exit 1; }
# shellcheck disable=SC1090
. "$GG_CLUSTER_ENV"

export GG_SERVER_BIN=${GG_SERVER_BIN:-$top/build/graphgate-server}
if [ ! -x "$GG_SERVER_BIN" ] || [ ! -f "$top/build/console/index.html" ]; then
  make -s build/graphgate-server build/console/index.html
fi
export GG_CHROMIUM=${GG_CHROMIUM:-/usr/bin/chromium}
[ -x "$GG_CHROMIUM" ] || { echo "chromium is missing ($GG_CHROMIUM): run test/install-deps"; exit 1; }
[ -d test/node_modules/playwright-core ] || { echo "playwright-core is missing: run test/install-deps"; exit 1; }

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"; }

cleanup() {
  psql_admin >/dev/null 2>&1 <<'SQL' || true
DROP DATABASE IF EXISTS br_orders WITH (FORCE);
DROP DATABASE IF EXISTS br_users WITH (FORCE);
SQL
}
cleanup   # leftovers of an interrupted run
trap cleanup EXIT
psql_admin -f test/browser/fixture.sql >/dev/null

mkdir -p build/browser
rm -f build/browser/*.png
node --test --test-concurrency=1 --test-reporter=spec test/browser/
