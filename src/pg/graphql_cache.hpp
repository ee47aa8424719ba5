#pragma once
// The per-backend caches of graphgate.graphql(): the GraphQL schema of each role, and compiled
// statements as saved plans, both keyed by the metadata version so that any metadata change
// (and DDL on tracked tables, which bumps it) drops them.
#include <memory>
#include "core/json.hpp"
#include <string>
#include <vector>

#include "core/compile/compiler.hpp"
#include "core/compile/mutation_compiler.hpp"
#include "core/graphql/limits.hpp"
#include "core/schema/graphql_schema.hpp"
#include "pg/spi.hpp"

struct _SPI_plan;

namespace graphgate::pg {

struct CachedStatement {
    _SPI_plan* plan = nullptr;
    std::vector<compile::Param> params;
    std::string sql;
    // Its remote requests, registered under ids first_remote_id... (remote_requests.hpp) for as
    // long as the statement is cached.
    std::vector<compile::RemoteRequest> remote_requests;
    int64_t first_remote_id = 0;
    std::optional<compile::StreamCursor> stream;  // a streaming subscription's cursor
};

// The schema `role` sees at the current metadata version.  The version (readable by every role)
// is read through the caller's `spi`; only on a miss is the catalog read, as the extension's
// owner, since the roles asking cannot read it.
std::shared_ptr<const schema::GraphQLSchema> schema_for(Spi& spi, unsigned int role);

// The compiled statement of an operation for these variables' shape, compiling and preparing it
// on a miss.  `role` and the schema must be the ones schema_for returned last.
const CachedStatement& statement_for(const schema::GraphQLSchema& schema, unsigned int role,
                                     const graphql::ast::Document& document,
                                     const graphql::ast::OperationDefinition& operation, const compile::Json& variables,
                                     const std::string& query, const std::string& operation_name,
                                     const graphql::Limits& limits);

// A compiled mutation and the saved plan of each of its statements (per field, unit, statement).
struct CachedMutation {
    compile::CompiledMutation compiled;
    std::vector<std::vector<std::vector<_SPI_plan*>>> plans;
    int64_t first_remote_id = 0;
};

// As statement_for, for a mutation: also keyed by the shape of its objects and records
// (compile::probe_key), so that one saved plan serves any number of rows.
const CachedMutation& mutation_for(const schema::GraphQLSchema& schema, unsigned int role,
                                   const graphql::ast::Document& document,
                                   const graphql::ast::OperationDefinition& operation, const compile::Json& variables,
                                   const std::string& query, const std::string& operation_name,
                                   const graphql::Limits& limits);

// {"schemas", "statements", "hits", "misses", "version"}: for tests and operators.
Json cache_stats();

}  // namespace graphgate::pg
