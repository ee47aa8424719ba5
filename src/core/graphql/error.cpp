#include "core/graphql/error.hpp"

namespace graphgate {

GraphQLError::GraphQLError(std::string message, std::vector<SourceLocation> locations,
                           std::string code, std::vector<PathSegment> path)
    : message_(std::move(message)),
      locations_(std::move(locations)),
      code_(std::move(code)),
      path_(std::move(path)) {}

GraphQLError syntax_error(std::string message, std::vector<SourceLocation> locations) {
    return GraphQLError(std::move(message), std::move(locations), error_code::validation_failed, {std::string("query")});
}

std::string GraphQLError::describe() const {
    std::string out = message_;
    for (const SourceLocation& loc : locations_) {
        out += " (" + std::to_string(loc.line) + ":" + std::to_string(loc.column) + ")";
    }
    return out;
}

}  // namespace graphgate
