#!/usr/bin/env bash
# The extension's build follows its header dependencies and rebuilds missing objects (issue 13).
# Runs after the build of `make test`; asks make what it would do (-n), so nothing is rebuilt.
#  1. A changed header: `make` recompiles exactly the objects whose source includes it, directly
#     or through other headers (found here by reading the #include lines, not from make's .d files).
#  2. A deleted object: `make` rebuilds it (PGXS marks every target secondary, which made make
#     skip a missing object while graphgate.so was newer than its sources).
set -euo pipefail
cd "$(dirname "$0")/../.."
fail=0

would_compile() {  # the objects `make -n "$@"` would compile, sorted
  { make -n "$@" 2>/dev/null || true; } | { grep -oE -- '-o src/[A-Za-z0-9_/]+\.o' || true; } | sed 's/^-o //' | sort -u
}

# Files of src/core and src/pg that include header $1, transitively.
includers() {
  local -A seen=([$1]=1)
  local frontier=("$1") next file header
  while [ ${#frontier[@]} -gt 0 ]; do
    next=()
    for header in "${frontier[@]}"; do
      while IFS= read -r file; do
        [ -n "${seen[$file]:-}" ] && continue
        seen[$file]=1
        next+=("$file")
      done < <(grep -rlF "#include \"${header#src/}\"" src/core src/pg --include='*.cpp' --include='*.hpp' || true)
    done
    frontier=("${next[@]+"${next[@]}"}")
  done
  printf '%s\n' "${!seen[@]}"
}

for header in src/core/graphql/ast.hpp src/pg/guard.hpp src/core/sql/quote.hpp; do
  expected=$(includers "$header" | grep '\.cpp$' | sed 's/\.cpp$/.o/' | sort)
  got=$(would_compile -W "$header")
  if [ -z "$expected" ] || [ "$expected" != "$got" ]; then
    echo "FAIL: a change to $header: make would compile"
    diff <(echo "$expected") <(echo "$got") | sed 's/^/  /' || true
    fail=1
  else
    echo "ok: a change to $header recompiles its $(echo "$expected" | wc -l) includers"
  fi
done

object=src/core/sql/quote.o
aside=$(mktemp -d)
mv "$object" "$aside/"
# mv keeps its time stamp: the tree is left as it was, whatever happens
trap 'mv "$aside/quote.o" "$object" && rmdir "$aside"' EXIT
got=$(would_compile)
if [ "$got" != "$object" ]; then
  echo "FAIL: with $object deleted, make would compile: ${got:-nothing}"
  fail=1
else
  echo "ok: a deleted $object is rebuilt"
fi
exit $fail
