#include "pg/graphql_cache.hpp"

#include <map>
#include <set>
#include <unordered_map>

#include "core/schema/introspection.hpp"
#include "pg/catalog_session.hpp"
#include "pg/guard.hpp"
#include "pg/remote_requests.hpp"
#include "pg/settings.hpp"
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

struct Mutations {
    std::set<std::string> structural;
    std::vector<compile::ShapeProbe> probes;
    std::unordered_map<std::string, CachedMutation> by_structure;
};

struct State {
    long long version = -1;
    std::map<unsigned int, std::shared_ptr<const schema::GraphQLSchema>> schemas;
    std::unordered_map<std::string, Statements> statements;
    std::unordered_map<std::string, Mutations> mutations;
    size_t statement_count = 0;
    long long hits = 0;
    long long misses = 0;
};

State& state() {
    static State s;
    return s;
}

void free_mutation(CachedMutation& m) {
    for (auto& field : m.plans)
        for (auto& unit : field)
            for (SPIPlanPtr plan : unit)
                pg_call([&]() noexcept { SPI_freeplan(plan); });
    m.plans.clear();
    forget_remote_requests(m.first_remote_id, m.compiled.remote_requests.size());
}

SPIPlanPtr prepare_kept(const std::string& sql, size_t nargs) {
    std::vector<Oid> types(nargs, TEXTOID);
    return pg_call([&]() noexcept {
        // A generic plan, deliberately (measured in test/bench/remote_join_bench.sh): Postgres'
        // automatic choice compares the generic plan's cost, which assumes LIMIT $1 takes a tenth
        // of the table, with the custom plans', so it re-plans every small request (0.1-0.15 ms
        // a call, generic 0.67-0.9x of custom at 500 rows) and gains nothing at 50,000 or 90,000
        // rows (the same plan; 1.02-1.06x).  The statement's shape is fixed by the query text and
        // the structural variables, which are part of the cache key.
        SPIPlanPtr prepared =
            SPI_prepare_cursor(sql.c_str(), static_cast<int>(types.size()), types.data(), CURSOR_OPT_GENERIC_PLAN);
        if (!prepared) elog(ERROR, "graphgate: could not prepare the compiled statement: %s", SPI_result_code_string(SPI_result));
        if (SPI_keepplan(prepared) != 0) elog(ERROR, "graphgate: could not keep the compiled statement");
        return prepared;
    });
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
    for (auto& [key, entry] : s.mutations)
        for (auto& [structure, mutation] : entry.by_structure) free_mutation(mutation);
    s.mutations.clear();
    s.statement_count = 0;
}

// Which variables are null: a null leaf is compiled differently (Hasura ignores a null
// comparison), so it is part of the statement's key.
std::string nullness(const compile::Json& variables) {
    std::string out;
    for (auto it = variables.begin(); it != variables.end(); ++it) out += it.value().is_null() ? it.key() + ";" : "";
    return out;
}

// What a compiled statement depends on besides the structural variables: the role, the
// numbers-as-strings setting, the operation, which variables are null, the document.
std::string statement_key(unsigned int role, bool stringify, const std::string& operation_name,
                          const compile::Json& variables, const std::string& query) {
    return std::to_string(role) + '\x1f' + (stringify ? "s" : "") + '\x1f' + operation_name + '\x1f' +
           nullness(variables) + '\x1f' + query;
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
    static KeptQuery version_query("SELECT version::text FROM graphgate.metadata_version");
    long long version = std::stoll(*version_query.scalar(spi));
    if (version != s.version) {
        drop_statements();
        s.schemas.clear();
        s.version = version;
    }
    auto it = s.schemas.find(role);
    if (it != s.schemas.end()) return it->second;
    if (s.schemas.size() >= kMaxSchemas) s.schemas.clear();
    schema::CatalogSnapshot snapshot = in_catalog_session(
        CatalogAs::ExtensionOwner, [&](Spi& catalog) { return read_snapshot(catalog, role); });
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
    const bool stringify = stringify_numeric_types();
    std::string key = statement_key(role, stringify, operation_name, variables, query);
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
                                next_remote_id(), stringify};
    compile::CompiledQuery compiled = compile::compile_query(input);
    register_remote_requests(input.first_remote_id, compiled.remote_requests);

    SPIPlanPtr plan = prepare_kept(compiled.sql, compiled.params.size());
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
                             std::move(compiled.remote_requests), input.first_remote_id, std::move(compiled.stream)};
    return stored;
}

const CachedMutation& mutation_for(const schema::GraphQLSchema& schema, unsigned int role,
                                   const graphql::ast::Document& document,
                                   const graphql::ast::OperationDefinition& operation, const compile::Json& variables,
                                   const std::string& query, const std::string& operation_name,
                                   const graphql::Limits& limits) {
    State& s = state();
    const bool stringify = stringify_numeric_types();
    std::string key = statement_key(role, stringify, operation_name, variables, query);
    auto found = s.mutations.find(key);
    if (found != s.mutations.end()) {
        std::string structure = structure_key(found->second.structural, variables) + '\x1f' +
                                compile::probe_key(schema, found->second.probes, variables);
        auto hit = found->second.by_structure.find(structure);
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
                                next_remote_id(), stringify};
    CachedMutation made;
    made.compiled = compile::compile_mutation(input);
    made.first_remote_id = input.first_remote_id;
    register_remote_requests(input.first_remote_id, made.compiled.remote_requests);
    try {
        for (const compile::CompiledMutationField& field : made.compiled.fields) {
            made.plans.emplace_back();
            for (const compile::CompiledUnit& unit : field.units) {
                made.plans.back().emplace_back();
                for (const compile::CompiledStatement& statement : unit.statements)
                    made.plans.back().back().push_back(prepare_kept(statement.sql, statement.params.size()));
            }
        }
    } catch (...) {
        free_mutation(made);
        throw;
    }
    if (s.statement_count >= kMaxStatements) drop_statements();
    Mutations& entry = s.mutations[key];
    entry.structural = made.compiled.structural_variables;
    entry.probes = made.compiled.probes;
    std::string structure = structure_key(entry.structural, variables) + '\x1f' +
                            compile::probe_key(schema, entry.probes, variables);
    CachedMutation& stored = entry.by_structure[structure];
    if (!stored.plans.empty()) free_mutation(stored);
    else ++s.statement_count;
    stored = std::move(made);
    return stored;
}

Json cache_stats() {
    const State& s = state();
    return {{"version", s.version}, {"schemas", s.schemas.size()}, {"statements", s.statement_count},
            {"hits", s.hits}, {"misses", s.misses}};
}

}  // namespace graphgate::pg
