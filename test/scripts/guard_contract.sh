#!/usr/bin/env bash
# pg_call's contract is checked by the compiler: a function that may throw does not compile,
# since an exception leaving PG_TRY would skip PG_CATCH and leave Postgres' error stack pointing
# into a dead frame (issue 11, item 15).  A noexcept one compiles.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
compile() {
  g++ -std=c++17 -fsyntax-only -I"$top/src" -I"$(pg_config --includedir)" -I"$(pg_config --includedir-server)" \
    -x c++ "$1" 2>"$work/errors"
}
cat >"$work/ok.cpp" <<'CPP'
#include "pg/guard.hpp"
extern "C" {
#include "miscadmin.h"
}
void f() { graphgate::pg::pg_call([]() noexcept { CHECK_FOR_INTERRUPTS(); }); }
int g() { return graphgate::pg::pg_call([]() noexcept { return 1; }); }
CPP
cat >"$work/throws.cpp" <<'CPP'
#include "pg/guard.hpp"
extern "C" {
#include "miscadmin.h"
}
void f() { graphgate::pg::pg_call([] { CHECK_FOR_INTERRUPTS(); }); }
CPP
compile "$work/ok.cpp" || { cat "$work/errors"; echo "a noexcept function should compile"; exit 1; }
if compile "$work/throws.cpp"; then echo "pg_call accepted a function that is not noexcept"; exit 1; fi
grep -q "pg_call: declare the function noexcept" "$work/errors" || { cat "$work/errors"; exit 1; }
echo "pg_call refuses functions that may throw: ok"
