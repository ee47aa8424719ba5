# Sourced by the benchmarks (bash): checks the tools they need, and puts them on the private
# cluster (GG_CLUSTER_ENV, or build/cluster/env), starting one if there is none.  Expects $top,
# the checkout, and runs from it.

bench_require() {  # TOOL...
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$tool is missing: run test/install-deps" >&2; exit 1; }
  done
}

bench_use_cluster() {  # sets PGHOST, PGPORT, PGUSER (and the GG_CLUSTER_* of test/cluster)
  local envfile=${GG_CLUSTER_ENV:-$top/build/cluster/env}
  started_cluster=0
  if [ ! -f "$envfile" ]; then
    [ -z "${GG_CLUSTER_ENV:-}" ] || { echo "no cluster environment at $GG_CLUSTER_ENV" >&2; exit 1; }
    test/cluster start >/dev/null
    started_cluster=1
  fi
  # shellcheck disable=SC1090
  . "$envfile"
}

bench_stop_cluster() {  # only a cluster bench_use_cluster started
  [ "${started_cluster:-0}" = 0 ] || test/cluster stop >/dev/null
}
