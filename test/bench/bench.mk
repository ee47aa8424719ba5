# Benchmark of the GraphQL front end: parse, and parse + validate, of a ~2 KB query with
# fragments and variables.  Not part of `make test`'s pass/fail.

BENCH_CXX      ?= g++
BENCH_CXXFLAGS  = -std=c++17 -Isrc -O2 -DNDEBUG
BENCH_SRCS      = $(sort $(wildcard src/core/graphql/*.cpp)) test/bench/graphql_parse_bench.cpp

build/bench/graphql_parse_bench: $(BENCH_SRCS) $(wildcard src/core/graphql/*.hpp) test/unit/graphql_test_schema.hpp
	@mkdir -p $(dir $@)
	$(BENCH_CXX) $(BENCH_CXXFLAGS) $(BENCH_SRCS) -o $@

.PHONY: bench-graphql
bench-graphql: build/bench/graphql_parse_bench
	build/bench/graphql_parse_bench test/bench/bench_query.graphql 20000

# graphgate.graphql() against hand-written SQL (issue 5); needs `make install`, uses the private cluster.
.PHONY: bench-sql
bench-sql:
	test/bench/graphql_vs_sql.sh

# Remote joins (issue 6): graphql() vs hand-written batched SQL vs a plain LEFT JOIN to the
# foreign table, 500 and 50,000 orders; needs `make install`, uses the private cluster.
.PHONY: bench-remote
bench-remote:
	test/bench/remote_join_bench.sh

# Mutations (issue 15): insert 1, 100 and 10,000 rows with returning, graphql() vs hand-written
# SQL; needs `make install`, uses the private cluster.
.PHONY: bench-mutation
bench-mutation:
	test/bench/mutation_bench.sh

.PHONY: bench
bench: bench-graphql bench-sql bench-remote bench-mutation bench-server
