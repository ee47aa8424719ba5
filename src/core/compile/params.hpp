#pragma once
// Parameters of a compiled statement.  Every value that comes from a request is bound, never
// spliced: a literal of the document becomes a constant parameter, a variable used where a
// single value goes stays a variable parameter, so the same compiled statement (and its saved
// plan) serves every request that differs only in those variables.

#include "core/graphql/error.hpp"
#include "core/json.hpp"
#include <optional>
#include <string>
#include <vector>

namespace graphgate::compile {

using graphgate::Json;

struct Param {
    bool from_variable = false;
    std::string variable;   // from_variable: the variable's name
    Json constant;          // otherwise: the value
    bool is_list = false;   // bound as a Postgres array literal ({...}) of its elements
    bool json_text = false; // bound as the value's JSON text (json, jsonb: "a" is "\"a\""); null is NULL
    // A count (limit, offset) must not be negative.  Checked when binding, since a variable's
    // value differs from request to request; `path` names the argument in the error.
    bool count = false;
    std::vector<PathSegment> path;
};

// The text a parameter binds for a request with these (coerced) variables; nullopt is NULL.
// Throws GraphQLError (validation-failed) for a negative count, as Hasura.
std::optional<std::string> param_text(const Param& param, const Json& variables);

// A JSON scalar as the text Postgres' input functions read.  Objects and arrays (json/jsonb
// values) are their JSON text.
std::optional<std::string> scalar_text(const Json& value);

// A JSON array as a Postgres array literal: {1,2}, {"a b","c\"d"}; NULL elements unquoted.
std::string array_literal(const Json& values);

}  // namespace graphgate::compile
