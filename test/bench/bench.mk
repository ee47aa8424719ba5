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

# Remote joins at a network distance (issues 6, 14): graphql() vs a Hasura-style client-side join
# vs the hand-written postgres_fdw SQL, 500 orders at 0/2/10 ms RTT with one and two remote
# sources behind delay proxies, then 50,000 and 90,000 orders against key-shipping and a
# whole-table fetch, and graphql()'s compiled statement under custom vs generic plans; needs
# `make install`, uses the private cluster (GG_BENCH_PORT: the first port of its delay proxies).
# Options go in BENCH_REMOTE_ARGS, e.g. `make bench-remote BENCH_REMOTE_ARGS='--duration 5'`
# (see --help).
BENCH_REMOTE_ARGS ?=
.PHONY: bench-remote
bench-remote:
	test/bench/remote_join_bench.sh $(BENCH_REMOTE_ARGS)

# Live queries (issue 16): 1,000 graphql-ws subscribers on 10 variable values; needs
# `make install` and the server, uses the private cluster.
.PHONY: bench-subscriptions
bench-subscriptions: build/graphgate-server
	test/bench/subscription_bench.sh $(BENCH_ARGS)

# Mutations (issue 15): insert 1, 100 and 10,000 rows with returning, graphql() vs hand-written
# SQL; needs `make install`, uses the private cluster.
.PHONY: bench-mutation
bench-mutation:
	test/bench/mutation_bench.sh

.PHONY: bench
bench: bench-graphql bench-sql bench-remote bench-mutation bench-server bench-subscriptions
