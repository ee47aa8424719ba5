# graphgate: a PGXS build of the extension plus the targets around it (unit tests, fuzzing,
# benchmarks, the private test cluster, dependency installation).  `make test` is the one
# command CI runs; `make help` lists the rest.

EXTENSION   = graphgate
MODULE_big  = graphgate
DATA        = $(wildcard src/sql/graphgate--*.sql)
PGFILEDESC  = "graphgate - GraphQL gateway across PostgreSQL databases"

PG_CONFIG  ?= pg_config

CORE_SRCS := $(shell find src/core -name '*.cpp' | sort)
PG_SRCS   := $(sort $(wildcard src/pg/*.cpp))
OBJS       = $(CORE_SRCS:.cpp=.o) $(PG_SRCS:.cpp=.o)

# pg_regress: every sql/*.sql in name order, run against the private cluster of test/cluster.
REGRESS      = $(sort $(basename $(notdir $(wildcard sql/*.sql))))
REGRESS_OPTS = --inputdir=. --outputdir=build/regress

# -MMD -MP: each object also writes its header dependencies (a .d file, included below), so that
# editing a header rebuilds every object that includes it.
PG_CXXFLAGS = -std=c++17 -Isrc -I$(shell $(PG_CONFIG) --includedir) -Wall -Wextra -Wno-unused-parameter \
              -Wno-missing-field-initializers -Wno-register -MMD -MP
SHLIB_LINK  = -lstdc++ -lyaml-cpp -lpq

# PGXS would try to build LLVM bitcode with clang from the C++ sources, without PG_CXXFLAGS.
override with_llvm = no

# 2>/dev/null: on a bare system `make test` runs before test/install-deps brought pg_config.
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
include $(PGXS)

-include $(OBJS:.o=.d)

# PGXS declares `.SECONDARY:` without prerequisites, and GNU make then treats every target as an
# intermediate file: a deleted object is not rebuilt as long as graphgate.so is newer than the
# object's sources.  So while an object is missing the library is out of date, and remaking it
# builds every missing object first.
ifneq ($(filter-out $(wildcard $(OBJS)),$(OBJS)),)
$(shlib): graphgate-objects-missing
.PHONY: graphgate-objects-missing
endif

# PGXS' installcheck uses the default connection; ours goes to the private cluster.
CLUSTER_ENV = $(CURDIR)/build/cluster/env

# ---------------------------------------------------------------------------------------------
# Unit tests of src/core (GoogleTest).  core never sees postgres.h, so it builds on its own.
CXX          ?= g++
UNIT_CXXFLAGS = -std=c++17 -Isrc -O1 -g -Wall -Wextra -Wno-unused-parameter
UNIT_OBJDIR   = build/unit
UNIT_SRCS    := $(CORE_SRCS) $(sort $(wildcard test/unit/*.cpp))
UNIT_OBJS    := $(patsubst %.cpp,$(UNIT_OBJDIR)/%.o,$(UNIT_SRCS))

$(UNIT_OBJDIR)/%.o: %.cpp
	@mkdir -p $(dir $@)
	$(CXX) $(UNIT_CXXFLAGS) -MMD -MP -c $< -o $@

build/unit_tests: $(UNIT_OBJS)
	$(CXX) -o $@ $^ -lgtest -lgtest_main -lyaml-cpp -pthread

.PHONY: unit
unit: build/unit_tests
	build/unit_tests

-include $(UNIT_OBJS:.o=.d)

# The server, fuzzing and benchmarks keep their rules next to their sources.
-include src/server/server.mk
-include test/fuzz/fuzz.mk
-include test/bench/bench.mk

# ---------------------------------------------------------------------------------------------
# Dependencies, cluster and the whole test run.

.PHONY: deps
deps:
	test/install-deps

.PHONY: cluster-start cluster-stop
cluster-start:
	test/cluster start
cluster-stop:
	test/cluster stop

# Runs pg_regress against the private cluster (started by `make cluster-start` or `make test`).
.PHONY: check-regress
check-regress:
	@test -f $(CLUSTER_ENV) || { echo "no private cluster: run 'make cluster-start' first"; exit 1; }
	@mkdir -p build/regress
	. $(CLUSTER_ENV) && $(MAKE) installcheck

.PHONY: test
test:
	test/run-all

# The seed, end to end: cluster, data, server, relationship over HTTP; serves until Ctrl-C.
.PHONY: demo
demo:
	demo/run

.PHONY: help
help:
	@echo "make demo           install, build, start a cluster with the seed's databases and the server"
	@echo "make test           install dependencies, build, run every test (what CI runs)"
	@echo "make deps           install Debian and npm dependencies (as root)"
	@echo "make && make install  build and install the extension"
	@echo "make unit           GoogleTest tests of src/core"
	@echo "make cluster-start  start the private PostgreSQL cluster (test/cluster)"
	@echo "make check-regress  pg_regress tests against it"
	@echo "make cluster-stop   stop it"

clean: clean-graphgate
.PHONY: clean-graphgate
clean-graphgate:
	rm -rf build $(OBJS:.o=.d)
