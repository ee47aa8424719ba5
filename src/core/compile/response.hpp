#pragma once
// GraphQL responses in Hasura's shape: {"data": ...} or
// {"errors": [{"message", "locations"?, "extensions": {"path", "code"}}]}.  Messages of the
// validator that Hasura words differently are given Hasura's wording, so clients matching on
// them keep working.  Messages and paths quote what was sent; they are made valid UTF-8 (U+FFFD
// for any other byte), as a JSON response must be.
#include <string>
#include <vector>

#include "core/compile/params.hpp"
#include "core/graphql/error.hpp"

namespace graphgate::compile {

Json error_response(const std::vector<GraphQLError>& errors);
Json error_response(const std::string& message, const std::string& code, const std::string& path = "$");

// Hasura's wording of a validator message, or the message itself.
std::string hasura_message(const std::string& message);

// Drops the whitespace Postgres' JSON functions put between tokens (`{"a" : 1, "b" : 2}`), so
// responses are as compact as any other server's.  Strings are left exactly as they are.
std::string minify_json(const std::string& text);

}  // namespace graphgate::compile
