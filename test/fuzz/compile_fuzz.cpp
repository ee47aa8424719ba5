// libFuzzer target for the whole front end, as graphgate.graphql() runs it minus Postgres: parse,
// validate, convert and coerce the variables, plan and print the SQL, answer errors in Hasura's
// shape - on the schema of the test fixture (test/schema/fixture_snapshot.hpp).  Mutations are
// compiled to their statements too (compile_mutation), with their objects' rows and every
// statement parameter's text computed as a request would.
//
// An input is a document, then optionally a NUL byte and the request's variables as JSON (the
// lexer refuses NUL, so the document cannot contain the separator).  Beyond "no crash, no
// sanitizer report, no exception other than GraphQLError", it checks that
//   - every error response is Hasura-shaped: {"errors": [{"message", "locations"?,
//     "extensions": {"path", "code"}}]} with a non-empty message, 1-based locations, a path
//     starting at "$" and a known code;
//   - a compiled statement numbers its placeholders $1..$n with n the number of parameters,
//     each used, none outside that range (quoted literals and identifiers skipped), and ends
//     outside any quote;
//   - every parameter's text can be computed from the coerced variables;
//   - compiling again gives the same statement (the planner decides from its inputs alone);
//   - a mutation statement's placeholders name its parameters (a statement need not use them
//     all: the output statement does not read the objects' rows), and the shape key of its
//     variables is computed without error beyond GraphQLError.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/compile/compiler.hpp"
#include "core/compile/mutation_compiler.hpp"
#include "core/compile/response.hpp"
#include "core/graphql/coercion.hpp"
#include "core/graphql/parser.hpp"
#include "core/graphql/validation.hpp"
#include "core/schema/graphql_schema.hpp"
#include "core/schema/introspection.hpp"
#include "../schema/fixture_snapshot.hpp"
#include "fuzz_check.hpp"

using namespace graphgate;
using fuzz::check;
using fuzz::violated;
using compile::Json;

namespace {

const schema::GraphQLSchema& fixture_schema() {
    static const schema::GraphQLSchema schema(schema::test_support::fixture_snapshot());
    return schema;
}

void check_error_response(const std::vector<GraphQLError>& errors) {
    static const std::set<std::string> codes = {"validation-failed", "not-supported", "constraint-error"};
    Json body = compile::error_response(errors);
    std::string text = body.dump();
    check(body.size() == 1 && body.contains("errors") && body["errors"].is_array() && !body["errors"].empty(),
          "an error response is {\"errors\": [...]}", text);
    for (const Json& e : body["errors"]) {
        check(e.is_object() && e.size() <= 3 && e.contains("message") && e.contains("extensions"),
              "an error has message and extensions, maybe locations, nothing else", text);
        check(e["message"].is_string() && !e["message"].get<std::string>().empty(), "a message is a non-empty string", text);
        if (e.contains("locations")) {
            check(e["locations"].is_array() && !e["locations"].empty(), "locations are a non-empty list", text);
            for (const Json& l : e["locations"]) {
                check(l.is_object() && l.size() == 2 && l["line"].is_number_unsigned() && l["column"].is_number_unsigned() &&
                          l["line"].get<uint64_t>() >= 1 && l["column"].get<uint64_t>() >= 1,
                      "a location is {line, column}, both 1-based", text);
            }
        }
        const Json& x = e["extensions"];
        check(x.is_object() && x.size() == 2 && x["path"].is_string() && x["code"].is_string(),
              "extensions are {path, code}", text);
        check(x["path"].get<std::string>().rfind("$", 0) == 0, "a path starts at $", text);
        check(codes.count(x["code"].get<std::string>()) == 1, "a code is one of Hasura's", text);
    }
}

// The placeholders of the statement outside quoted literals and identifiers: exactly $1..$n.
void check_placeholders(const std::string& sql, size_t params, bool all_used = true) {
    std::set<size_t> seen;
    char quote = 0;
    for (size_t i = 0; i < sql.size(); ++i) {
        char c = sql[i];
        if (quote) {
            if (c == quote) {
                if (i + 1 < sql.size() && sql[i + 1] == quote) ++i;  // '' or "" inside
                else quote = 0;
            }
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '$') {
            size_t j = i + 1;
            size_t n = 0;
            while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') n = n * 10 + static_cast<size_t>(sql[j++] - '0');
            check(j > i + 1, "a $ outside quotes is a placeholder", sql);
            check(n >= 1 && n <= params, "a placeholder names a parameter", sql);
            seen.insert(n);
            i = j - 1;
        }
    }
    check(quote == 0, "the statement ends outside any quote", sql);
    if (all_used) check(seen.size() == params, "every parameter is used", sql);
}

void run_mutation(const compile::CompileInput& input, const Json& variables) {
    compile::CompiledMutation compiled = compile::compile_mutation(input);
    std::string key = compile::probe_key(input.schema, compiled.probes, variables);
    check(compile::probe_key(input.schema, compiled.probes, variables) == key, "a shape key is the same twice");
    std::vector<std::optional<std::string>> previous(2);
    for (const compile::CompiledMutationField& field : compiled.fields) {
        std::vector<std::string> rows = compile::field_insert_rows(field, variables);
        for (const compile::CompiledUnit& unit : field.units) {
            check(!unit.statements.empty() && unit.statements.size() <= 2, "a unit is one or two statements");
            for (const compile::CompiledStatement& statement : unit.statements) {
                check_placeholders(statement.sql, statement.params.size(), false);
                for (size_t i = 0; i < statement.params.size(); ++i)
                    compile::statement_param_text(field, statement.params[i], i, variables, rows, previous);
            }
        }
    }
    compile::CompiledMutation again = compile::compile_mutation(input);
    check(again.fields.size() == compiled.fields.size(), "compiling twice gives the same fields");
    for (size_t f = 0; f < compiled.fields.size(); ++f)
        for (size_t u = 0; u < compiled.fields[f].units.size(); ++u)
            for (size_t i = 0; i < compiled.fields[f].units[u].statements.size(); ++i)
                check(again.fields[f].units[u].statements[i].sql == compiled.fields[f].units[u].statements[i].sql,
                      "compiling twice gives the same statement", compiled.fields[f].units[u].statements[i].sql);
}

void run(std::string_view document_text, std::optional<std::string_view> variables_text) {
    const schema::GraphQLSchema& schema = fixture_schema();
    graphql::Limits limits;
    limits.max_depth = 24;
    limits.max_fields = 1000;
    std::vector<GraphQLError> errors;
    try {
        Json inputs;
        if (variables_text) {
            Json parsed;
            try {
                parsed = parse_json(*variables_text);
            } catch (const Json::exception&) {
                return;  // not JSON: the server answers that one
            }
            inputs = graphql::request_variables(std::move(parsed), limits);
        }
        graphql::ast::Document document = graphql::parse(document_text, limits);
        errors = graphql::validate(schema.schema(), document, limits);
        if (!errors.empty()) return check_error_response(errors);
        const graphql::ast::OperationDefinition& operation = graphql::select_operation(document, "");
        if (operation.operation == graphql::ast::OperationType::Subscription) return;
        Json variables = graphql::coerce_variable_values(schema.schema(), document, operation, inputs, errors, limits);
        if (!errors.empty()) return check_error_response(errors);
        check(variables.is_object(), "coerced variables are an object");
        compile::CompileInput input{schema, document, operation, variables, [&](const graphql::CollectedField& field) {
                                        return schema::execute_introspection(schema, document, field, variables);
                                    }};
        if (operation.operation == graphql::ast::OperationType::Mutation) return run_mutation(input, variables);
        compile::CompiledQuery compiled = compile::compile_query(input);
        check_placeholders(compiled.sql, compiled.params.size());
        for (const compile::Param& p : compiled.params) {
            if (p.from_variable) check(variables.contains(p.variable), "a variable parameter names a coerced variable", compiled.sql);
            compile::param_text(p, variables);
        }
        check(compile::compile_query(input).sql == compiled.sql, "compiling twice gives the same statement", compiled.sql);
    } catch (const GraphQLError& e) {
        check_error_response({e});
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    size_t separator = input.find('\0');
    if (separator == std::string_view::npos) run(input, std::nullopt);
    else run(input.substr(0, separator), input.substr(separator + 1));
    return 0;
}
