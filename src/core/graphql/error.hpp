#pragma once
// The one error type of the GraphQL front end.  It carries what a GraphQL response's "errors"
// entry needs (message, locations, path) plus the Hasura extension code, so the layers above
// can report it without knowing where it came from.

#include <cstdint>
#include <exception>
#include <string>
#include <variant>
#include <vector>

namespace graphgate {

struct SourceLocation {
    uint32_t line = 0;    // 1-based
    uint32_t column = 0;  // 1-based, in UTF-16 code units as graphql-js counts them
    bool operator==(const SourceLocation& other) const {
        return line == other.line && column == other.column;
    }
};

using PathSegment = std::variant<std::string, int64_t>;

namespace error_code {
inline constexpr const char* validation_failed = "validation-failed";
}  // namespace error_code

class GraphQLError : public std::exception {
public:
    GraphQLError(std::string message, std::vector<SourceLocation> locations, std::string code,
                 std::vector<PathSegment> path = {});

    const char* what() const noexcept override { return message_.c_str(); }
    const std::string& message() const { return message_; }
    const std::vector<SourceLocation>& locations() const { return locations_; }
    const std::vector<PathSegment>& path() const { return path_; }
    const std::string& code() const { return code_; }

    // "message (line:column)" - for logs and test failure output.
    std::string describe() const;

private:
    std::string message_;
    std::vector<SourceLocation> locations_;
    std::string code_;
    std::vector<PathSegment> path_;
};

// A document that does not parse, or exceeds a limit while parsing.  Hasura's code for it is
// validation-failed (not parse-failed, which it keeps for a malformed request), at $.query.
GraphQLError syntax_error(std::string message, std::vector<SourceLocation> locations);

}  // namespace graphgate
