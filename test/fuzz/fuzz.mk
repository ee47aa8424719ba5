# libFuzzer targets, built with AddressSanitizer and UndefinedBehaviorSanitizer.  Each target
# NAME is test/fuzz/NAME_fuzz.cpp plus the sources in fuzz_srcs_NAME, with its seed corpus in
# test/fuzz/corpus/NAME/ and an optional dictionary test/fuzz/NAME.dict.
#
#   make fuzz FUZZ_SECONDS=600          every target, FUZZ_SECONDS each
#   make fuzz-NAME FUZZ_SECONDS=600     one target
#
# A run works on a copy of the seed corpus (new inputs stay in build/fuzz/NAME/corpus, not in
# the repository); any crash, leak, sanitizer report or timeout makes it exit non-zero, with the
# input in build/fuzz/NAME/artifacts/.  To add a target: append its name to FUZZ_TARGETS and
# define fuzz_srcs_NAME (and fuzz_libs_NAME if it links libraries).

FUZZ_CXX      ?= clang++
FUZZ_CXXFLAGS  = -std=c++17 -Isrc -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_SECONDS  ?= 30
FUZZ_RUN_ARGS  = -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
FUZZ_HEADERS  := $(shell find src test/unit test/schema test/fuzz -name '*.hpp' 2>/dev/null)

# ---- targets ----------------------------------------------------------------------------------
FUZZ_TARGETS   = graphql compile metadata
fuzz_srcs_graphql = $(sort $(wildcard src/core/graphql/*.cpp)) src/core/json.cpp
# parse -> validate -> variables -> plan and print SQL -> responses, on the test fixture's schema
fuzz_srcs_compile = $(sort $(wildcard src/core/graphql/*.cpp src/core/compile/*.cpp src/core/schema/*.cpp \
                                      src/core/sql/*.cpp)) src/core/json.cpp
# metadata request bodies, documents (JSON, YAML) and table names
fuzz_srcs_metadata = $(sort $(wildcard src/core/metadata/*.cpp)) src/core/schema/type_names.cpp src/core/json.cpp
fuzz_libs_metadata = -lyaml-cpp

# graphgate-server's pure parts (no sockets, no libpq).  The seed corpora of both are written
# by test/fuzz/make_corpus.mjs (valid tokens signed with the targets' test key).
FUZZ_TARGETS  += server_request jwt
fuzz_srcs_server_request = src/server/api_request.cpp src/server/auth.cpp src/server/errors.cpp \
                           src/server/json_reader.cpp src/server/jwt.cpp src/server/graphql_operation.cpp \
                           $(addprefix src/core/graphql/,ast.cpp error.cpp lexer.cpp parser.cpp printer.cpp utf8.cpp)
fuzz_libs_server_request = -lssl -lcrypto
fuzz_srcs_jwt = src/server/auth.cpp src/server/json_reader.cpp src/server/jwt.cpp
fuzz_libs_jwt = -lssl -lcrypto
# a WebSocket client's messages: connection_init credentials, subscribe payloads and routing
FUZZ_TARGETS  += ws_message
fuzz_srcs_ws_message = $(fuzz_srcs_server_request) src/server/ws_protocol.cpp
fuzz_libs_ws_message = -lssl -lcrypto

# ---- rules (after every target's definition) --------------------------------------------------

define fuzz_target
build/fuzz/$(1)/$(1)_fuzz: test/fuzz/$(1)_fuzz.cpp $$(fuzz_srcs_$(1)) $$(FUZZ_HEADERS)
	@mkdir -p $$(dir $$@)
	$$(FUZZ_CXX) $$(FUZZ_CXXFLAGS) test/fuzz/$(1)_fuzz.cpp $$(fuzz_srcs_$(1)) $$(fuzz_libs_$(1)) -o $$@

.PHONY: fuzz-$(1)
fuzz-$(1): build/fuzz/$(1)/$(1)_fuzz
	@rm -rf build/fuzz/$(1)/corpus && mkdir -p build/fuzz/$(1)/corpus build/fuzz/$(1)/artifacts
	cp -r test/fuzz/corpus/$(1)/. build/fuzz/$(1)/corpus/
	build/fuzz/$(1)/$(1)_fuzz $$(FUZZ_RUN_ARGS) -max_total_time=$$(FUZZ_SECONDS) \
	    -artifact_prefix=build/fuzz/$(1)/artifacts/ \
	    $$(if $$(wildcard test/fuzz/$(1).dict),-dict=test/fuzz/$(1).dict) build/fuzz/$(1)/corpus
endef

.PHONY: fuzz
fuzz: $(addprefix fuzz-,$(FUZZ_TARGETS))

$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_target,$(t))))
