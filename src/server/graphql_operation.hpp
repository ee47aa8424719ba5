// Which kind of operation a GraphQL request runs, read lexically.  The WebSocket endpoint sends a
// subscription to the live-query pollers and anything else to graphql() once, and it decides
// that without a GraphQL parser (the server links none: the database parses and validates
// every document, and reports every error).  A document this reading cannot route — it does not
// lex, its brackets do not balance, no operation or several match — goes to graphql(), which
// says what is wrong with it.
//
// The route also carries the document's tokens joined by single spaces: the pollers key on it,
// so that the same document written with other spacing, commas or comments shares a poller.
// Tokens are read by maximal munch exactly as GraphQL reads them, so two documents with the same
// key have the same tokens and mean the same.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace graphgate::server {

enum class OperationKind { query, mutation, subscription };

struct OperationRoute {
    OperationKind kind = OperationKind::query;
    std::string normalized;  // every token of the document, separated by one space
};

// Linear in the document's length, no recursion.
std::optional<OperationRoute> route_operation(std::string_view document,
                                              const std::optional<std::string>& operation_name);

}  // namespace graphgate::server
