// Prints what graphgate's schema layer makes of the test fixture (fixture_snapshot.hpp), for
// test/schema/introspection.test.mjs to hold against graphql-js:
//   dump_schema sdl                          the SDL (print_sdl)
//   dump_schema query <file> [<variables>]   the response to the GraphQL document in <file>,
//                                            which may only ask introspection fields:
//                                            {"data": ...} or {"errors": [{"message": ...}]}
// <variables> is JSON text.  Exits 2 on bad usage.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "core/graphql/coercion.hpp"
#include "core/graphql/parser.hpp"
#include "core/graphql/validation.hpp"
#include "core/schema/graphql_schema.hpp"
#include "core/schema/introspection.hpp"
#include "core/schema/sdl_printer.hpp"
#include "fixture_snapshot.hpp"

using namespace graphgate;

namespace {

graphql::Json error_response(const std::vector<GraphQLError>& errors) {
    graphql::Json list = graphql::Json::array();
    for (const GraphQLError& e : errors) list.push_back({{"message", e.message()}});
    return {{"errors", list}};
}

graphql::Json run(const schema::GraphQLSchema& schema, const std::string& text, const graphql::Json& inputs) {
    try {
        graphql::ast::Document document = graphql::parse(text);
        std::vector<GraphQLError> errors = graphql::validate(schema.schema(), document);
        if (!errors.empty()) return error_response(errors);
        const graphql::ast::OperationDefinition& operation = graphql::select_operation(document, "");
        graphql::Json variables = graphql::coerce_variable_values(schema.schema(), document, operation, inputs, errors);
        if (!errors.empty()) return error_response(errors);
        return {{"data", schema::execute_introspection_operation(schema, document, operation, variables)}};
    } catch (const GraphQLError& e) {
        return error_response({e});
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::string mode = argc > 1 ? argv[1] : "";
    schema::GraphQLSchema schema(schema::test_support::fixture_snapshot());
    if (mode == "sdl" && argc == 2) {
        std::cout << schema::print_sdl(schema);
        return 0;
    }
    if (mode == "query" && (argc == 3 || argc == 4)) {
        std::ifstream in(argv[2]);
        if (!in) {
            std::cerr << "cannot read " << argv[2] << "\n";
            return 2;
        }
        std::stringstream text;
        text << in.rdbuf();
        graphql::Json variables = argc == 4 ? graphql::Json::parse(argv[3]) : graphql::Json(nullptr);
        std::cout << run(schema, text.str(), variables).dump() << "\n";
        return 0;
    }
    std::cerr << "usage: dump_schema sdl | dump_schema query <file> [<variables json>]\n";
    return 2;
}
