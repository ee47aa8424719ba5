#include "server/graphql_operation.hpp"

#include "core/graphql/error.hpp"
#include "core/graphql/parser.hpp"
#include "core/graphql/printer.hpp"

namespace graphgate::server {

namespace {

// The operation graphql() would run: the one named, or the only one; null if none or several match.
const graphql::ast::OperationDefinition* picked_operation(const graphql::ast::Document& parsed,
                                                          const std::optional<std::string>& operation_name) {
    const graphql::ast::OperationDefinition* picked = nullptr;
    const std::string_view wanted = operation_name ? std::string_view(*operation_name) : std::string_view();
    for (const auto& op : parsed.operations) {
        if (wanted.empty() ? parsed.operations.size() != 1 : op.name != wanted) continue;
        if (picked) return nullptr;  // two operations of that name
        picked = &op;
    }
    return picked;
}

OperationKind kind_of(const graphql::ast::OperationDefinition& op) {
    switch (op.operation) {
        case graphql::ast::OperationType::Mutation: return OperationKind::mutation;
        case graphql::ast::OperationType::Subscription: return OperationKind::subscription;
        case graphql::ast::OperationType::Query: break;
    }
    return OperationKind::query;
}

std::optional<graphql::ast::Document> parsed_or_null(std::string_view document) {
    try {
        return graphql::parse(document);
    } catch (const GraphQLError&) {
        return std::nullopt;  // graphql() reports it, with Hasura's words
    }
}

}  // namespace

std::optional<OperationRoute> route_operation(std::string_view document,
                                              const std::optional<std::string>& operation_name) {
    auto parsed = parsed_or_null(document);
    if (!parsed) return std::nullopt;
    const auto* picked = picked_operation(*parsed, operation_name);
    if (!picked) return std::nullopt;
    OperationRoute route;
    route.kind = kind_of(*picked);
    route.normalized = graphql::print(*parsed);
    return route;
}

std::optional<OperationKind> operation_kind(std::string_view document,
                                            const std::optional<std::string>& operation_name) {
    auto parsed = parsed_or_null(document);
    if (!parsed) return std::nullopt;
    const auto* picked = picked_operation(*parsed, operation_name);
    if (!picked) return std::nullopt;
    return kind_of(*picked);
}

}  // namespace graphgate::server
