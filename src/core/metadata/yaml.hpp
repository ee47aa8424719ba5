#pragma once
// YAML for metadata documents: Hasura's CLI and users keep metadata as YAML.
#include "core/json.hpp"
#include <string>

namespace graphgate {

// JSON or YAML text (JSON is YAML, but JSON's own parser is used for it so that its errors and
// number handling are JSON's) to a JSON value.  Plain YAML scalars get the types of YAML 1.2's
// core schema (null, booleans, integers, floats); quoted ones stay strings.
// Throws MetadataError (parse-failed) with the line and column of a YAML error.
Json parse_json_or_yaml(const std::string& text);

// Block-style YAML of a JSON value, keys in the value's order; a string is quoted only when it
// would otherwise read back as something else.
std::string to_yaml(const Json& value);

}  // namespace graphgate
