#pragma once
// Input coercion (spec §6.1.2 CoerceVariableValues, §6.4.1 CoerceArgumentValues and the input
// coercion rules of §3 for every kind of type): turns request variables and argument literals
// into JSON values of the declared types, ready to be bound as SQL parameters.  Int becomes an
// integer, Float a double, ID a string, enums their value name, input objects objects (in the
// type's field order, defaults filled in), and custom scalars whatever their hook makes of them.

#include <optional>
#include <string_view>
#include <vector>

#include "core/graphql/ast.hpp"
#include "core/graphql/error.hpp"
#include "core/graphql/limits.hpp"
#include "core/graphql/schema_interface.hpp"

namespace graphgate::graphql {

// The operation a request runs: the one named, or the only one.  Throws GraphQLError.
const ast::OperationDefinition& select_operation(const ast::Document& document, std::string_view operation_name);

// The request's variables as coerce_variable_values takes them, from the JSON value they were
// parsed into.  Values nested deeper than limits.max_variable_depth are refused with a GraphQLError
// (validation-failed) found without recursion, before anything recursive (a copy, a dump)
// touches them; the conversion is linear in their size.
Json request_variables(Json variables, const Limits& limits);

// Coerces the request's variables for `operation` of a validated document.  Returns an object
// with one entry per variable that was provided or has a default; every problem is appended to
// `errors` (naming the variable and the path inside its value), and the result is unusable
// unless `errors` stayed empty.  `inputs` may be null (no variables sent) or an object.
Json coerce_variable_values(const Schema& schema, const ast::Document& document,
                            const ast::OperationDefinition& operation, const Json& inputs,
                            std::vector<GraphQLError>& errors, const Limits& limits = Limits{});

// The arguments of one field or directive as an object of coerced values, defaults applied and
// absent optional ones left out.  `node_loc` is where the field or directive starts (for the error
// about a missing argument); `variables` are coerced variable values.  Throws GraphQLError.
Json coerce_argument_values(const std::vector<InputValueDef>& definitions, const std::vector<ast::Argument>& arguments,
                            ast::Offset node_loc, const Json& variables, const ast::Document& document);

// graphql-js' valueFromAST: a literal of `type` as a coerced JSON value, variables taken from
// `variables` (coerced values; may be null for constant literals).  Nothing if it is invalid.
std::optional<Json> value_from_literal(const ast::Value& value, TypeView type, const Json* variables);

// The default value of an argument or input field, coerced; nothing if it has none or the
// schema's literal is not a value of its type.
std::optional<Json> default_value(const InputValueDef& definition);

}  // namespace graphgate::graphql
