#pragma once
// How scalar and enum types accept input, as literals in a document and as JSON variable values:
// the built-in scalars exactly as the specification (and graphql-js, whose messages these are)
// says, enums by value name, custom scalars through the schema's hook.

#include <optional>
#include <string>

#include "core/graphql/ast.hpp"
#include "core/graphql/schema_interface.hpp"

namespace graphgate::graphql {

// Coerces a literal of a leaf type into `out` (null `out`: only check it).  Returns an error
// message when the literal is not a value of the type.  A custom scalar's literal may contain
// variables; without `variables` (validation) such a literal is accepted unseen, with them
// (execution) they are substituted and an absent one makes the literal invalid.
std::optional<std::string> coerce_leaf_literal(const TypeDef& type, const ast::Value& value, const Json* variables,
                                               Json* out);

// Coerces a JSON value of a leaf type in place; returns an error message when it is not one.
std::optional<std::string> coerce_leaf_json(const TypeDef& type, Json& value);

// A literal as JSON with no type to guide it (graphql-js' valueFromASTUntyped).  Returns false if
// it references a variable absent from `variables` (or any variable, without them).
bool literal_to_json(const ast::Value& value, const Json* variables, Json& out);

// A JSON value the way graphql-js' inspect() shows one in messages: strings quoted, objects as
// { a: 1 }, nesting deeper than two levels abbreviated, lists and (unlike graphql-js) objects
// cut after ten entries, so that a message has a bounded size.
std::string inspect(const Json& value);

}  // namespace graphgate::graphql
