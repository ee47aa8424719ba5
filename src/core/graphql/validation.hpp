#pragma once
// Validation of an executable document against a schema: the rules of spec §5 (graphql-js'
// specifiedRules), plus the limits that bound work through fragments.  Every error found is
// returned (up to Limits::max_errors), each with code "validation-failed".
//
// "Executable definitions only" is enforced by the parser, whose AST cannot hold anything else.

#include <vector>

#include "core/graphql/ast.hpp"
#include "core/graphql/error.hpp"
#include "core/graphql/limits.hpp"
#include "core/graphql/schema_interface.hpp"

namespace graphgate::graphql {

std::vector<GraphQLError> validate(const Schema& schema, const ast::Document& document,
                                   const Limits& limits = Limits{});

}  // namespace graphgate::graphql
