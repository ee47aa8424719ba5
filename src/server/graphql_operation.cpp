#include "server/graphql_operation.hpp"

#include "core/graphql/error.hpp"
#include "core/graphql/parser.hpp"
#include "core/graphql/printer.hpp"

namespace graphgate::server {

std::optional<OperationRoute> route_operation(std::string_view document,
                                              const std::optional<std::string>& operation_name) {
    graphql::ast::Document parsed;
    try {
        parsed = graphql::parse(document);
    } catch (const GraphQLError&) {
        return std::nullopt;  // graphql() reports it, with Hasura's words
    }
    // The operation graphql() would run: the one named, or the only one.
    const graphql::ast::OperationDefinition* picked = nullptr;
    const std::string_view wanted = operation_name ? std::string_view(*operation_name) : std::string_view();
    for (const auto& op : parsed.operations) {
        if (wanted.empty() ? parsed.operations.size() != 1 : op.name != wanted) continue;
        if (picked) return std::nullopt;  // two operations of that name
        picked = &op;
    }
    if (!picked) return std::nullopt;
    OperationRoute route;
    switch (picked->operation) {
        case graphql::ast::OperationType::Query: route.kind = OperationKind::query; break;
        case graphql::ast::OperationType::Mutation: route.kind = OperationKind::mutation; break;
        case graphql::ast::OperationType::Subscription: route.kind = OperationKind::subscription; break;
    }
    route.normalized = graphql::print(parsed);
    return route;
}

}  // namespace graphgate::server
