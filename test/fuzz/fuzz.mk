# libFuzzer target over the GraphQL front end (parse + print + validate + coerce), built with
# AddressSanitizer and UndefinedBehaviorSanitizer.  `make fuzz` runs it for FUZZ_SECONDS on a
# copy of the seed corpus (new inputs it finds stay in build/fuzz, not in the repository);
# any crash, leak, sanitizer report or timeout makes it exit non-zero.

FUZZ_CXX      ?= clang++
FUZZ_CXXFLAGS  = -std=c++17 -Isrc -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_SECONDS  ?= 30
FUZZ_JOBS_ARGS = -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
FUZZ_SRCS      = $(sort $(wildcard src/core/graphql/*.cpp)) test/fuzz/graphql_fuzz.cpp

build/fuzz/graphql_fuzz: $(FUZZ_SRCS) $(wildcard src/core/graphql/*.hpp) test/unit/graphql_test_schema.hpp
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) $(FUZZ_SRCS) -o $@

.PHONY: fuzz
fuzz: build/fuzz/graphql_fuzz
	@rm -rf build/fuzz/corpus && mkdir -p build/fuzz/corpus build/fuzz/artifacts
	cp test/fuzz/corpus/* build/fuzz/corpus/
	build/fuzz/graphql_fuzz $(FUZZ_JOBS_ARGS) -max_total_time=$(FUZZ_SECONDS) \
	    -artifact_prefix=build/fuzz/artifacts/ -dict=test/fuzz/graphql.dict build/fuzz/corpus
