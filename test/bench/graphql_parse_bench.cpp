// Times parse, and parse + validate, of test/bench/bench_query.graphql (a ~2 KB Hasura-style
// query with fragments and variables) against the unit tests' schema.  Prints the median and
// 90th percentile of many runs in microseconds.  Goal: parse + validate under 20 µs.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/graphql/parser.hpp"
#include "core/graphql/validation.hpp"
#include "../unit/graphql_test_schema.hpp"

using namespace graphgate::graphql;
using Clock = std::chrono::steady_clock;

namespace {

struct Stats {
    double median, p90;
};

Stats summarize(std::vector<double>& samples) {
    std::sort(samples.begin(), samples.end());
    return Stats{samples[samples.size() / 2], samples[samples.size() * 9 / 10]};
}

}  // namespace

int main(int argc, char** argv) {
    const char* path = argc > 1 ? argv[1] : "test/bench/bench_query.graphql";
    const int runs = argc > 2 ? std::atoi(argv[2]) : 20000;
    std::ifstream in(path);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string query = buffer.str();
    const Schema& schema = test_support::test_schema();
    Limits limits;

    // The query must be valid, or the numbers would time the error path.
    {
        std::vector<graphgate::GraphQLError> errors = validate(schema, parse(query, limits), limits);
        if (!errors.empty()) {
            std::fprintf(stderr, "benchmark query is invalid: %s\n", errors.front().describe().c_str());
            return 1;
        }
    }

    std::vector<double> parse_us, total_us;
    parse_us.reserve(runs);
    total_us.reserve(runs);
    size_t sink = 0;
    for (int i = 0; i < runs / 10; ++i) sink += validate(schema, parse(query, limits), limits).size();  // warm-up
    for (int i = 0; i < runs; ++i) {
        auto t0 = Clock::now();
        ast::Document document = parse(query, limits);
        auto t1 = Clock::now();
        sink += validate(schema, document, limits).size();
        auto t2 = Clock::now();
        parse_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
        total_us.push_back(std::chrono::duration<double, std::micro>(t2 - t0).count());
    }
    Stats p = summarize(parse_us), t = summarize(total_us);
    std::printf("query: %s (%zu bytes), %d runs\n", path, query.size(), runs);
    std::printf("parse:            median %7.2f us   p90 %7.2f us\n", p.median, p.p90);
    std::printf("parse + validate: median %7.2f us   p90 %7.2f us   (goal: median < 20 us)\n", t.median, t.p90);
    return sink == 0 ? 0 : 1;
}
