#!/usr/bin/env bash
# graphql-js holds graphgate.graphql()'s introspection and graphgate.sdl() to the spec, through
# the installed extension on the private cluster, over the GraphQL regression fixture.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
# shellcheck disable=SC1091
. build/cluster/env
bindir=$(pg_config --bindir)
psql() { "$bindir/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
[ -d test/node_modules/graphql ] || (cd test && npm ci --no-audit --no-fund --loglevel=error)
work=$(mktemp -d)
drop_fixtures() {
  for db in gql gql_surface gql_surface_remote; do
    psql -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
  done
}
trap 'drop_fixtures; rm -rf "$work"' EXIT
drop_fixtures
psql -d postgres -f sql/fixtures/gql.sql >/dev/null 2>&1
PGOPTIONS="-c client_min_messages=warning" psql -d postgres -f test/introspection/surface_fixture.sql >/dev/null

(cd test && node -e "import('graphql').then(g => process.stdout.write(g.getIntrospectionQuery({descriptions: true,
  specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true})))") >"$work/query"
echo "SELECT graphgate.graphql(:'q');" | psql -d gql -At -v q="$(cat "$work/query")" >"$work/introspection.json"
psql -d gql -At -c "SELECT graphgate.sdl()" >"$work/schema.graphql"
echo "SELECT graphgate.graphql(:'q');" | psql -d gql_surface -At -v q="$(cat "$work/query")" >"$work/surface.json"
GG_INTROSPECTION="$work/introspection.json" GG_SDL="$work/schema.graphql" GG_SURFACE_INTROSPECTION="$work/surface.json" \
  node --test --test-reporter=spec test/introspection/
