#include "pg/graphql_cache.hpp"

#include <map>
#include <set>
#include <unordered_map>

#include "core/schema/introspection.hpp"
#include "pg/catalog_session.hpp"
#include "pg/guard.hpp"
#include "pg/remote_requests.hpp"
#include "pg/snapshot_reader.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "executor/spi.h"
}

namespace graphgate::pg {
namespace {

// Bounds on what one backend keeps; past them a cache starts over (simple, and rare in
// practice: an application sends a fixed set of queries).
constexpr size_t kMaxSchemas = 64;
constexpr size_t kMaxStatements = 1000;

struct Statements {
    std::set<std::string> structural;                       // same for every entry of the key
    std::unordered_map<std::string, CachedStatement> by_structure;
};

struct State {
    long long version = -1;
    std::map<unsigned int, std::shared_ptr<const schema::GraphQLSchema>> schemas;
    std::unordered_map<std::string, Statements> statements;
    size_t statement_count = 0;
    long long hits = 0;
    long long misses = 0;
};

State& state() {
    static State s;
    return s;
}

void drop_statements() {
    State& s = state();
    for (auto& [key, entry] : s.statements)
        for (auto& [structure, statement] : entry.by_structure) {
            SPIPlanPtr plan = statement.plan;
            pg_call([&]() noexcept { SPI_freeplan(plan); });
            forget_remote_requests(statement.first_remote_id, statement.remote_requests.size());
        }
    s.statements.clear();
    s.statement_count = 0;
}

// Which variables are null: a null leaf is compiled differently (Hasura ignores a null
// comparison), so it is part of the statement's key.
std::string nullness(const compile::Json& variables) {
    std::string out;
    for (auto it = variables.begin(); it != variables.end(); ++it) out += it.value().is_null() ? it.key() + ";" : "";
    return out;
}

std::string structure_key(const std::set<std::string>& structural, const compile::Json& variables) {
    compile::Json values = compile::Json::object();
    for (const std::string& name : structural)
        if (auto it = variables.find(name); it != variables.end()) values[name] = *it;
    return values.dump();
}

}  // namespace

std::shared_ptr<const schema::GraphQLSchema> schema_for(Spi& spi, unsigned int role) {
    State& s = state();
    long long version = std::stoll(*spi.scalar("SELECT version::text FROM graphgate.metadata_version"));
    if (version != s.version) {
        drop_statements();
        s.schemas.clear();
        s.version = version;
    }
    auto it = s.schemas.find(role);
    if (it != s.schemas.end()) return it->second;
    if (s.schemas.size() >= kMaxSchemas) s.schemas.clear();
    schema::CatalogSnapshot snapshot = in_catalog_session(
        CatalogSession::As::ExtensionOwner, [&](Spi& catalog) { return read_snapshot(catalog, role); });
    auto built = std::make_shared<const schema::GraphQLSchema>(std::move(snapshot));
    s.schemas[role] = built;
    return built;
}

const CachedStatement& statement_for(const schema::GraphQLSchema& schema, unsigned int role,
                                     const graphql::ast::Document& document,
                                     const graphql::ast::OperationDefinition& operation, const compile::Json& variables,
                                     const std::string& query, const std::string& operation_name,
                                     const graphql::Limits& limits) {
    State& s = state();
    std::string key = std::to_string(role) + '\x1f' + operation_name + '\x1f' + nullness(variables) + '\x1f' + query;
    auto found = s.statements.find(key);
    if (found != s.statements.end()) {
        auto hit = found->second.by_structure.find(structure_key(found->second.structural, variables));
        if (hit != found->second.by_structure.end()) {
            ++s.hits;
            return hit->second;
        }
    }
    ++s.misses;
    compile::CompileInput input{schema, document, operation, variables,
                                [&](const graphql::CollectedField& field) {
                                    return schema::execute_introspection(schema, document, field, variables, limits);
                                },
                                next_remote_id()};
    compile::CompiledQuery compiled = compile::compile_query(input);
    register_remote_requests(input.first_remote_id, compiled.remote_requests);

    std::vector<Oid> types(compiled.params.size(), TEXTOID);
    SPIPlanPtr plan = pg_call([&]() noexcept {
        SPIPlanPtr prepared = SPI_prepare(compiled.sql.c_str(), static_cast<int>(types.size()), types.data());
        if (!prepared) elog(ERROR, "graphgate: could not prepare the compiled statement: %s", SPI_result_code_string(SPI_result));
        if (SPI_keepplan(prepared) != 0) elog(ERROR, "graphgate: could not keep the compiled statement");
        return prepared;
    });
    if (s.statement_count >= kMaxStatements) drop_statements();
    Statements& entry = s.statements[key];
    entry.structural = compiled.structural_variables;
    CachedStatement& stored = entry.by_structure[structure_key(entry.structural, variables)];
    if (stored.plan) {
        pg_call([&]() noexcept { SPI_freeplan(stored.plan); });
        forget_remote_requests(stored.first_remote_id, stored.remote_requests.size());
    } else {
        ++s.statement_count;
    }
    stored = CachedStatement{plan, std::move(compiled.params), std::move(compiled.sql),
                             std::move(compiled.remote_requests), input.first_remote_id};
    return stored;
}

Json cache_stats() {
    const State& s = state();
    return {{"version", s.version}, {"schemas", s.schemas.size()}, {"statements", s.statement_count},
            {"hits", s.hits}, {"misses", s.misses}};
}

}  // namespace graphgate::pg
