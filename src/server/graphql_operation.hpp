// Which kind of operation a GraphQL request runs, read with the front end's parser
// (src/core/graphql, which has no Postgres in it).  The WebSocket endpoint sends a subscription
// to the live-query pollers and anything else to graphql() once.  A document that does not parse,
// or where no operation or several match, goes to graphql(), which says what is wrong with it in
// Hasura's words.
//
// The route also carries the document printed in graphql-js' canonical layout: the pollers key
// on it, so that the same document written with other spacing, commas or comments shares a
// poller.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace graphgate::server {

enum class OperationKind { query, mutation, subscription };

struct OperationRoute {
    OperationKind kind = OperationKind::query;
    std::string normalized;  // the document in canonical layout (graphql::print)
};

// Bounded by the parser's default Limits.
std::optional<OperationRoute> route_operation(std::string_view document,
                                              const std::optional<std::string>& operation_name);

// The kind alone, without printing the document: where an HTTP request goes (replica_router.hpp).
std::optional<OperationKind> operation_kind(std::string_view document,
                                            const std::optional<std::string>& operation_name);

}  // namespace graphgate::server
