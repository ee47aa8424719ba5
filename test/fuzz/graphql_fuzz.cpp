// libFuzzer target for the GraphQL front end: parse, print, re-parse, validate and coerce
// variables.  Beyond "no crash, no sanitizer report" it checks two properties: printing is a
// fixed point (print(parse(print(d))) == print(d)), and errors always carry a message.

#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <string_view>

#include "core/graphql/coercion.hpp"
#include "core/graphql/parser.hpp"
#include "core/graphql/printer.hpp"
#include "core/graphql/validation.hpp"
#include "../unit/graphql_test_schema.hpp"

using namespace graphgate;
using namespace graphgate::graphql;

namespace {

void check(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "property violated: %s\n", what);
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view source(reinterpret_cast<const char*>(data), size);
    Limits limits;
    limits.max_depth = 32;
    limits.max_fields = 2000;
    ast::Document document;
    try {
        document = parse(source, limits);
    } catch (const GraphQLError& e) {
        check(!e.message().empty(), "parse error without message");
        return 0;
    }
    std::string printed = print(document);
    try {
        ast::Document again = parse(printed, Limits{});
        check(print(again) == printed, "print(parse(print(doc))) == print(doc)");
    } catch (const GraphQLError& e) {
        std::fprintf(stderr, "printed document does not parse: %s\n%s\n", e.describe().c_str(), printed.c_str());
        std::abort();
    }
    std::vector<GraphQLError> errors = validate(test_support::test_schema(), document, limits);
    for (const GraphQLError& e : errors) check(!e.message().empty(), "validation error without message");
    if (errors.empty()) {
        for (const ast::OperationDefinition& op : document.operations) {
            std::vector<GraphQLError> variable_errors;
            Json variables = coerce_variable_values(test_support::test_schema(), document, op, Json::object(),
                                                    variable_errors, limits);
            check(variables.is_object(), "coerced variables are an object");
        }
    }
    return 0;
}
