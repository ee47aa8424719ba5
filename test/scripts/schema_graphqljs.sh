#!/usr/bin/env bash
# Schema suite: holds graphgate's schema layer (src/core/schema) against graphql-js without
# Postgres.  Builds test/schema/dump_schema.cpp - the fixture snapshot, the schema layer and the
# GraphQL front end, compiled directly with g++ - then runs test/schema/*.test.mjs (node:test,
# graphql@16 from test/node_modules), which check that buildClientSchema accepts our
# introspection, that validateSchema finds no error, that our SDL is what graphql-js prints for
# it, and that introspection queries answer as graphql-js answers them.
#
#   GG_SCHEMA_BUILD  where objects and the binary go (default build/schema-graphqljs)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

build=${GG_SCHEMA_BUILD:-$top/build/schema-graphqljs}
mkdir -p "$build/obj"
command -v node >/dev/null || { echo "node is missing: run test/install-deps"; exit 1; }
if [ ! -d test/node_modules/graphql ]; then
  (cd test && npm ci --no-audit --no-fund --loglevel=error)
fi

cxx=${CXX:-g++}
flags=(-std=c++17 -Isrc -O1 -Wall -Wextra -Wno-unused-parameter)
sources=(src/core/json.cpp src/core/graphql/*.cpp src/core/schema/*.cpp test/schema/dump_schema.cpp)
# Any header change rebuilds everything: simpler than tracking dependencies, and a full build
# is a few dozen seconds.
newest_header=
for h in src/core/graphql/*.hpp src/core/schema/*.hpp test/schema/*.hpp; do
  if [ -z "$newest_header" ] || [ "$h" -nt "$newest_header" ]; then newest_header=$h; fi
done
objects=()
for src in "${sources[@]}"; do
  obj="$build/obj/$(echo "$src" | tr '/' '_' | sed 's/\.cpp$/.o/')"
  objects+=("$obj")
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ "$newest_header" -nt "$obj" ]; then
    "$cxx" "${flags[@]}" -c "$src" -o "$obj"
  fi
done
"$cxx" -o "$build/dump_schema" "${objects[@]}"

export GG_DUMP_SCHEMA="$build/dump_schema"
node --test --test-reporter=spec test/schema/
