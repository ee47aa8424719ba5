#pragma once
// The `path` argument of json/jsonb columns, in Hasura's syntax: an optional leading `$`, then
// steps `.key`, `[0]`, `['key']` or `["key"]` (a quoted key may hold any character; a backslash
// escapes the next one); the first step may also be a bare key ("a.b[0]").
#include <string>
#include <vector>

namespace graphgate::compile {

// The path's steps, as text (an index as its digits, which #> reads as an index in an array and
// as a key in an object).  Throws GraphQLError (validation-failed) naming what is wrong.
std::vector<std::string> parse_json_path(const std::string& text);

}  // namespace graphgate::compile
