#pragma once
// GraphQL operation -> one SQL statement, in two steps (design §8): the planner (planner.hpp)
// reads the operation against the schema and decides everything into plain structs (plan.hpp);
// the printer (printer.hpp) writes them as SQL text and parameters.  The statement returns one
// row with one json column, the whole response ({"data": ...}).  Identifiers are quoted; values
// are parameters ($n), see params.hpp.
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "core/compile/params.hpp"
#include "core/graphql/ast.hpp"
#include "core/graphql/collect_fields.hpp"
#include "core/graphql/schema_interface.hpp"
#include "core/schema/graphql_schema.hpp"

namespace graphgate::compile {

struct CompiledQuery {
    std::string sql;
    std::vector<Param> params;
    // Variables whose values shaped the statement (a `where: $filter`, an `@include(if: $x)`,
    // a null): a cached statement may only be reused when these have the same values.
    std::set<std::string> structural_variables;
};

// Answers a root introspection field (__schema, __type) as JSON; the compiler binds the
// result as a constant.
using IntrospectionFn = std::function<Json(const graphql::CollectedField& field)>;

struct CompileInput {
    const schema::GraphQLSchema& schema;  // its snapshot is what the statement reads
    const graphql::ast::Document& document;
    const graphql::ast::OperationDefinition& operation;
    const Json& variables;  // coerced
    IntrospectionFn introspect;
};

// Throws GraphQLError (validation-failed) for what the schema cannot express but SQL refuses,
// e.g. distinct_on columns that do not lead order_by.
CompiledQuery compile_query(const CompileInput& input);

}  // namespace graphgate::compile
