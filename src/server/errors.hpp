// Hasura's two error shapes.  /v1/graphql answers GraphQL-style
//   {"errors":[{"extensions":{"path":"$","code":"..."},"message":"..."}]}
// (with "locations" when the error points into the query) and every other endpoint answers
// the metadata/query API's
//   {"path":"$","error":"...","code":"..."}.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace graphgate::server {

enum class ErrorShape { graphql, api };

// A line and column in a GraphQL document (1-based; columns in UTF-16 code units, as
// graphql-js and graphgate.graphql() count them).
struct SourceLocation {
    std::size_t line = 1;
    std::size_t column = 1;
};

// A refused request: the HTTP status and the body's fields.
struct RequestError {
    RequestError(unsigned status, std::string code, std::string message, std::string path = "$",
                 std::optional<SourceLocation> location = std::nullopt)
        : status(status), code(std::move(code)), message(std::move(message)), path(std::move(path)),
          location(location) {}

    unsigned status;
    std::string code;
    std::string message;
    std::string path = "$";
    std::optional<SourceLocation> location;  // GraphQL shape only
    std::string role;  // not in the body: who was refused, once authenticated (request log)
};

std::string error_body(ErrorShape shape, const RequestError& error);

// The shape an endpoint answers with.
ErrorShape error_shape_for(const std::string& path);

}  // namespace graphgate::server
