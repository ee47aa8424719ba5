// Hasura's two error shapes.  /v1/graphql answers GraphQL-style
//   {"errors":[{"extensions":{"path":"$","code":"..."},"message":"..."}]}
// and every other endpoint answers the metadata/query API's
//   {"path":"$","error":"...","code":"..."}.
#pragma once

#include <string>

namespace graphgate::server {

enum class ErrorShape { graphql, api };

std::string error_body(ErrorShape shape, const std::string& code, const std::string& message,
                       const std::string& path = "$");

// The shape an endpoint answers with.
ErrorShape error_shape_for(const std::string& path);

}  // namespace graphgate::server
