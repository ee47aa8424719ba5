# graphgate-server (src/server): a standalone program, linked with libpq and never with the
# extension.  Included by the top-level Makefile after PGXS, so PG_CONFIG is known.
#   make build/graphgate-server    build it (also part of `make`)
#   make install                   also copies it to $(SERVER_BINDIR) (PostgreSQL's bindir)

SERVER_SRCS    := $(sort $(wildcard src/server/*.cpp))
SERVER_OBJDIR  := build/server
SERVER_OBJS    := $(patsubst src/server/%.cpp,$(SERVER_OBJDIR)/%.o,$(SERVER_SRCS))
SERVER_VERSION := $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" graphgate.control)
SERVER_BINDIR  ?= $(shell $(PG_CONFIG) --bindir)
SERVER_CXX     ?= g++
SERVER_CXXFLAGS = -std=c++17 -O2 -g -Isrc -I$(shell $(PG_CONFIG) --includedir) -Wall -Wextra \
                  -Wno-unused-parameter -DGRAPHGATE_VERSION='"$(SERVER_VERSION)"' \
                  -DBOOST_ASIO_NO_DEPRECATED -pthread
SERVER_LDLIBS   = -L$(shell $(PG_CONFIG) --libdir) -lpq -lyaml-cpp -lssl -lcrypto -pthread

$(SERVER_OBJDIR)/%.o: src/server/%.cpp
	@mkdir -p $(dir $@)
	$(SERVER_CXX) $(SERVER_CXXFLAGS) -MMD -MP -c $< -o $@

build/graphgate-server: $(SERVER_OBJS)
	$(SERVER_CXX) -o $@ $^ $(SERVER_LDLIBS)

-include $(SERVER_OBJS:.o=.d)

all: build/graphgate-server

.PHONY: install-server clean-server
install: install-server
install-server: build/graphgate-server
	$(INSTALL_PROGRAM) build/graphgate-server '$(DESTDIR)$(SERVER_BINDIR)/graphgate-server'

clean: clean-server
clean-server:
	rm -rf $(SERVER_OBJDIR) build/graphgate-server

# Benchmark (prints numbers, never fails on them): `make bench-server BENCH_ARGS=--peers`
.PHONY: bench-server
bench-server: build/graphgate-server
	test/bench/server_bench.sh $(BENCH_ARGS)
