#pragma once
// Parser for executable GraphQL documents (spec October 2021, §2 and Appendix B).  Type-system
// definitions are refused: this service executes documents, it does not accept schemas.

#include <string_view>

#include "core/graphql/ast.hpp"
#include "core/graphql/limits.hpp"

namespace graphgate::graphql {

// Throws GraphQLError: a syntax_error (error.hpp) for syntax errors and exceeded limits, and
// validation-failed for a type-system definition (graphql-js reports those in validation, with
// the same words).
ast::Document parse(std::string_view source, const Limits& limits = Limits{});

// A constant value literal on its own, such as a default value a schema gives as text ("[1, 2]").
struct ConstValue {
    ast::Document storage;  // owns the text the value's views point into
    ast::Value value;
};
ConstValue parse_const_value(std::string_view source, const Limits& limits = Limits{});

}  // namespace graphgate::graphql
