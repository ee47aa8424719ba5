# graphgate-server (src/server): a standalone program, linked with libpq and never with the
# extension.  Included by the top-level Makefile after PGXS, so PG_CONFIG is known.
#   make build/graphgate-server    build it (also part of `make`)
#   make install                   also copies it to $(SERVER_BINDIR) (PostgreSQL's bindir)
#   make build/console/index.html  GET /console's files (also part of `make`); `make install`
#                                  copies them to $(CONSOLE_INSTALLDIR)

SERVER_SRCS    := $(sort $(wildcard src/server/*.cpp))
# The GraphQL parser and printer of src/core (no Postgres in them): the WebSocket endpoint reads
# which operation a document runs (graphql_operation.hpp).
SERVER_CORE_SRCS := $(addprefix src/core/graphql/,ast.cpp error.cpp lexer.cpp parser.cpp printer.cpp utf8.cpp)
SERVER_OBJDIR  := build/server
SERVER_OBJS    := $(patsubst src/server/%.cpp,$(SERVER_OBJDIR)/%.o,$(SERVER_SRCS)) \
                  $(patsubst src/core/%.cpp,$(SERVER_OBJDIR)/core/%.o,$(SERVER_CORE_SRCS))
SERVER_VERSION := $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" graphgate.control)
SERVER_BINDIR  ?= $(shell $(PG_CONFIG) --bindir)
SERVER_CXX     ?= g++
CONSOLE_INSTALLDIR ?= $(shell $(PG_CONFIG) --sharedir)/graphgate/console
SERVER_CXXFLAGS = -std=c++17 -O2 -g -Isrc -I$(shell $(PG_CONFIG) --includedir) -Wall -Wextra \
                  -Wno-unused-parameter -DGRAPHGATE_VERSION='"$(SERVER_VERSION)"' \
                  -DBOOST_ASIO_NO_DEPRECATED -pthread -DGRAPHGATE_CONSOLE_DIR='"$(CONSOLE_INSTALLDIR)"'
SERVER_LDLIBS   = -L$(shell $(PG_CONFIG) --libdir) -lpq -lyaml-cpp -lssl -lcrypto -pthread

$(SERVER_OBJDIR)/%.o: src/server/%.cpp
	@mkdir -p $(dir $@)
	$(SERVER_CXX) $(SERVER_CXXFLAGS) -MMD -MP -c $< -o $@

$(SERVER_OBJDIR)/core/%.o: src/core/%.cpp
	@mkdir -p $(dir $@)
	$(SERVER_CXX) $(SERVER_CXXFLAGS) -MMD -MP -c $< -o $@

build/graphgate-server: $(SERVER_OBJS)
	$(SERVER_CXX) -o $@ $^ $(SERVER_LDLIBS)

-include $(SERVER_OBJS:.o=.d)

# The console (GraphiQL) --------------------------------------------------------------------
# src/server/console/package.json and its lock pin graphiql, react and react-dom; `npm ci` puts
# them in src/server/console/node_modules.  test/install-deps runs that `npm ci` first, so the
# rule below finds node_modules newer than the lock and the build needs no network; it runs
# npm again only when package.json or the lock changed.  graphiql 4.1.2 ships a UMD bundle (graphiql.min.js: needs the
# React and ReactDOM globals and exports window.GraphiQL, with graphql inside) and its CSS;
# react and react-dom ship UMD files.  Each is copied under a folder named with its version
# (read from the installed package.json), which index.html names through @GRAPHIQL@, @REACT@
# and @REACT_DOM@: a new version is a new URL, so the server may let browsers cache assets
# forever.  The folder is assembled aside and renamed, so a failed build leaves no half console.
CONSOLE_SRC := src/server/console
CONSOLE_NPM := $(CONSOLE_SRC)/node_modules
CONSOLE_OUT := build/console

$(CONSOLE_NPM)/.package-lock.json: $(CONSOLE_SRC)/package.json $(CONSOLE_SRC)/package-lock.json
	cd $(CONSOLE_SRC) && npm ci --prefer-offline --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

console_version = $(shell node -p "require('./$(CONSOLE_NPM)/$(1)/package.json').version")

$(CONSOLE_OUT)/index.html: $(CONSOLE_SRC)/index.html $(CONSOLE_NPM)/.package-lock.json src/server/server.mk
	@rm -rf $(CONSOLE_OUT).tmp && mkdir -p $(CONSOLE_OUT).tmp/assets
	@set -e; g=graphiql-$(call console_version,graphiql); r=react-$(call console_version,react); \
	  d=react-dom-$(call console_version,react-dom); a=$(CONSOLE_OUT).tmp/assets; \
	  mkdir -p $$a/$$g $$a/$$r $$a/$$d; \
	  cp $(CONSOLE_NPM)/graphiql/graphiql.min.js $(CONSOLE_NPM)/graphiql/graphiql.min.css $$a/$$g/; \
	  cp $(CONSOLE_NPM)/react/umd/react.production.min.js $$a/$$r/; \
	  cp $(CONSOLE_NPM)/react-dom/umd/react-dom.production.min.js $$a/$$d/; \
	  cp $(CONSOLE_NPM)/graphiql/LICENSE $$a/$$g/LICENSE.txt; \
	  cp $(CONSOLE_NPM)/react/LICENSE $$a/$$r/LICENSE.txt; \
	  cp $(CONSOLE_NPM)/react-dom/LICENSE $$a/$$d/LICENSE.txt; \
	  sed -e "s/@GRAPHIQL@/$$g/g" -e "s/@REACT@/$$r/g" -e "s/@REACT_DOM@/$$d/g" $(CONSOLE_SRC)/index.html \
	    >$(CONSOLE_OUT).tmp/index.html; \
	  ! grep -n '@[A-Z_]*@' $(CONSOLE_OUT).tmp/index.html
	rm -rf $(CONSOLE_OUT) && mv $(CONSOLE_OUT).tmp $(CONSOLE_OUT)

all: build/graphgate-server $(CONSOLE_OUT)/index.html

.PHONY: install-server clean-server
install: install-server
install-server: build/graphgate-server $(CONSOLE_OUT)/index.html
	$(INSTALL_PROGRAM) build/graphgate-server '$(DESTDIR)$(SERVER_BINDIR)/graphgate-server'
	rm -rf '$(DESTDIR)$(CONSOLE_INSTALLDIR)'
	$(MKDIR_P) '$(DESTDIR)$(CONSOLE_INSTALLDIR)'
	cp -R $(CONSOLE_OUT)/. '$(DESTDIR)$(CONSOLE_INSTALLDIR)/'

clean: clean-server
clean-server:
	rm -rf $(SERVER_OBJDIR) build/graphgate-server $(CONSOLE_OUT) $(CONSOLE_OUT).tmp

# Benchmark (prints numbers, never fails on them): `make bench-server BENCH_ARGS=--peers`
.PHONY: bench-server
bench-server: build/graphgate-server
	test/bench/server_bench.sh $(BENCH_ARGS)
