// graphgate.graphql(query, variables, operation_name, session) and graphgate.sdl(): parse,
// validate against the role's schema, coerce variables, compile to one statement (cached as a
// saved plan), run it as the session's role, answer in Hasura's shape.  Bad input never escapes
// as an ERROR: it becomes a GraphQL error, and a failing statement is rolled back on its own.
#include <map>
#include <memory>
#include "core/json.hpp"
#include <optional>
#include <string>
#include <unordered_map>

#include "core/compile/compiler.hpp"
#include "core/compile/response.hpp"
#include "core/graphql/coercion.hpp"
#include "core/graphql/error.hpp"
#include "core/graphql/parser.hpp"
#include "core/graphql/validation.hpp"
#include "core/metadata/error.hpp"
#include "core/schema/graphql_schema.hpp"
#include "core/schema/introspection.hpp"
#include "core/schema/sdl_printer.hpp"
#include "pg/args.hpp"
#include "pg/error_mapping.hpp"
#include "pg/graphql_cache.hpp"
#include "pg/guard.hpp"
#include "pg/scoped_settings.hpp"
#include "pg/snapshot_reader.hpp"
#include "pg/subtransaction.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/json.h"
}

using namespace graphgate;
using namespace graphgate::pg;
using compile::Json;

namespace {

graphql::Limits request_limits() {
    graphql::Limits limits;
    // A cancel request or statement_timeout surfaces as a PgError that must not be swallowed.
    limits.check_interrupt = [] { pg_call([]() noexcept { CHECK_FOR_INTERRUPTS(); }); };
    // Postgres' own stack limit for every recursion of the front end: past max_stack_depth it
    // raises "stack depth limit exceeded" instead of overflowing.
    limits.check_stack_depth = [] {
        if (stack_is_too_deep()) pg_call([]() noexcept { check_stack_depth(); });
    };
    return limits;
}

// The variables argument as the front end takes them: converted in linear time, too deep a value
// refused before anything recursive touches it (graphql::request_variables), and a number no
// double holds (1e400, which jsonb keeps exactly) a GraphQL error rather than an escaping
// exception.
Json variables_arg(FunctionCallInfo fcinfo, int n) {
    std::optional<Json> variables;
    try {
        variables = jsonb_arg(fcinfo, n);
    } catch (const Json::out_of_range&) {
        throw GraphQLError("The variables hold a number out of the range of a double.", {}, "validation-failed");
    } catch (const Json::parse_error&) {
        // jsonb is JSON; only a database without an encoding (SQL_ASCII) lets it hold other bytes.
        throw GraphQLError("The variables are not valid UTF-8.", {}, "validation-failed");
    }
    return variables ? graphql::request_variables(std::move(*variables), request_limits()) : Json();
}

// The role a request runs as: the session's x-hasura-role, unless absent or "admin", which mean
// the connection's own role.  Returns nullopt for the latter.
std::optional<std::string> session_role(const Json& session) {
    auto it = session.find("x-hasura-role");
    if (it == session.end() || !it->is_string() || *it == "admin") return std::nullopt;
    return it->get<std::string>();
}

// Role, hasura.user and TimeZone for the statement, as a function's SET clause would set them.
void apply_session(ScopedSettings& settings, const std::optional<std::string>& role, const Json& session) {
    if (role) settings.set("role", *role);
    settings.set("hasura.user", session.dump());
    // Responses do not depend on the caller's session: timestamps in UTC, as Hasura.
    settings.set("TimeZone", "UTC");
}

std::string run_plan(const CachedStatement& statement, const Json& variables) {
    std::vector<std::optional<std::string>> texts;
    for (const compile::Param& p : statement.params) texts.push_back(compile::param_text(p, variables));
    std::vector<Datum> values(texts.size());
    std::vector<char> nulls(texts.size(), ' ');
    std::string out;
    char* text = nullptr;
    pg_call([&]() noexcept {
        for (size_t i = 0; i < texts.size(); ++i) {
            if (texts[i]) values[i] = CStringGetTextDatum(texts[i]->c_str());
            else nulls[i] = 'n';
        }
        int rc = SPI_execute_plan(statement.plan, values.data(), nulls.data(), true, 1);
        if (rc != SPI_OK_SELECT || SPI_processed != 1) elog(ERROR, "graphgate: the compiled statement returned no row");
        text = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
    });
    out = compile::minify_json(text);
    pfree(text);
    return out;
}

// Errors that end a request before it runs, all reported at once (validation finds many).
struct RequestErrors {
    std::vector<GraphQLError> errors;
};

// A request parsed, validated against the role's schema, with its variables coerced.
struct Request {
    graphql::ast::Document document;
    const graphql::ast::OperationDefinition* operation = nullptr;
    std::optional<std::string> role;
    Oid role_oid = InvalidOid;
    std::shared_ptr<const schema::GraphQLSchema> schema;
    Json variables;
    graphql::Limits limits;
};

// Throws RequestErrors or GraphQLError.
Request prepare(Spi& spi, const std::string& query, const Json& inputs, const std::optional<std::string>& operation_name,
                const Json& session) {
    Request r;
    r.limits = request_limits();
    const graphql::Limits& limits = r.limits;
    r.document = graphql::parse(query, limits);
    r.operation = &graphql::select_operation(r.document, operation_name.value_or(""));
    if (r.operation->operation != graphql::ast::OperationType::Query)
        throw GraphQLError(std::string(graphql::ast::operation_type_name(r.operation->operation)) +
                               "s are not supported yet: graphgate answers queries",
                           {}, "not-supported");
    r.role = session_role(session);
    Oid caller = pg_call([]() noexcept { return GetUserId(); });
    r.role_oid = caller;
    if (r.role) {
        // The same rule as SET ROLE: the caller must be a member of the role.
        Oid role = pg_call([&]() noexcept { return get_role_oid(r.role->c_str(), true); });
        bool allowed = OidIsValid(role) && pg_call([&]() noexcept { return is_member_of_role(caller, role); });
        if (!allowed) throw GraphQLError("role \"" + *r.role + "\" is not available to this connection", {}, "access-denied");
        r.role_oid = role;
    }
    r.schema = schema_for(spi, r.role_oid);
    std::vector<GraphQLError> errors = graphql::validate(r.schema->schema(), r.document, limits);
    if (!errors.empty()) throw RequestErrors{std::move(errors)};
    r.variables = graphql::coerce_variable_values(r.schema->schema(), r.document, *r.operation, inputs, errors, limits);
    if (!errors.empty()) throw RequestErrors{std::move(errors)};
    return r;
}

std::string execute(Spi& spi, const std::string& query, const Json& inputs,
                    const std::optional<std::string>& operation_name, const Json& session) {
    Request r = prepare(spi, query, inputs, operation_name, session);
    const CachedStatement& statement = statement_for(*r.schema, r.role_oid, r.document, *r.operation, r.variables, query,
                                                     operation_name.value_or(""), r.limits);
    ScopedSettings settings;
    apply_session(settings, r.role, session);
    std::string response = run_plan(statement, r.variables);
    settings.close();
    return response;
}

// The generated statement and its plan, with the FDW's Remote SQL lines, as text.
std::string explain(Spi& spi, const std::string& query, const Json& inputs,
                    const std::optional<std::string>& operation_name, const Json& session) {
    Request r = prepare(spi, query, inputs, operation_name, session);
    const CachedStatement& statement = statement_for(*r.schema, r.role_oid, r.document, *r.operation, r.variables, query,
                                                     operation_name.value_or(""), r.limits);
    std::vector<Value> params;
    for (const compile::Param& p : statement.params) params.push_back(compile::param_text(p, r.variables));
    ScopedSettings settings;
    apply_session(settings, r.role, session);
    Rows plan = spi.query("EXPLAIN (VERBOSE, COSTS OFF) " + statement.sql, params);
    settings.close();
    std::string out = "-- generated SQL\n" + statement.sql + "\n\n-- plan\n";
    for (auto& row : plan.rows) out += row[0].value_or("") + "\n";
    if (!statement.remote_requests.empty()) {
        // Each level is one remote_fetch() call in the plan above: its requests go out together,
        // one round trip to each source of the level.
        out += "\n-- remote requests (level n: the n-th remote_fetch() call, after the levels before it)\n";
        for (size_t i = 0; i < statement.remote_requests.size(); ++i) {
            const compile::RemoteRequest& r = statement.remote_requests[i];
            std::string types;
            for (size_t p = 0; p < r.param_types.size(); ++p)
                types += (p ? ", $" : "$") + std::to_string(p + 1) + " " + r.param_types[p];
            out += "Request " + std::to_string(i + 1) + " to source \"" +
                   r.source + "\", level " + std::to_string(r.level) + (types.empty() ? "" : ", parameters " + types) + "\n";
            out += "  Remote SQL: " + r.sql + "\n";
            if (r.keyless_sql) out += "  Remote SQL without keys (when they cover most of the table): " + *r.keyless_sql + "\n";
        }
    }
    return out;
}

}  // namespace

GG_FUNCTION(graphgate_graphql)
static Datum graphgate_graphql_impl(FunctionCallInfo fcinfo) {
    std::string query = text_arg(fcinfo, 0).value_or("");
    std::optional<std::string> operation_name = text_arg(fcinfo, 2);
    if (operation_name && operation_name->empty()) operation_name.reset();
    std::optional<Json> session = jsonb_arg(fcinfo, 3);
    std::string response;
    try {
        Json inputs = variables_arg(fcinfo, 1);
        in_subtransaction([&] {
            Spi spi;
            response = execute(spi, query, inputs, operation_name, session.value_or(Json::object()));
            spi.close();
        });
    } catch (const RequestErrors& e) {
        response = compile::error_response(e.errors).dump();
    } catch (const GraphQLError& e) {
        response = compile::error_response({e}).dump();
    } catch (const MetadataError& e) {
        response = compile::error_response(e.what(), e.code()).dump();
    } catch (const PgError& e) {
        if (e.must_propagate()) throw;
        response = graphql_error_body(e).dump();
    }
    // json is stored as its text, and the response is valid JSON by construction (the statement
    // built it, or nlohmann did): skip json_in's second parse of what may be megabytes.
    return text_result(response);
}

GG_FUNCTION(graphgate_explain)
static Datum graphgate_explain_impl(FunctionCallInfo fcinfo) {
    std::string query = text_arg(fcinfo, 0).value_or("");
    Json inputs = variables_arg(fcinfo, 1);
    std::optional<std::string> operation_name = text_arg(fcinfo, 2);
    std::optional<Json> session = jsonb_arg(fcinfo, 3);
    std::string text;
    try {
        Spi spi;
        text = explain(spi, query, inputs, operation_name, session.value_or(Json::object()));
        spi.close();
    } catch (const RequestErrors& e) {
        throw e.errors.front();
    }
    return text_result(text);
}

GG_FUNCTION(graphgate_sdl)
static Datum graphgate_sdl_impl(FunctionCallInfo fcinfo) {
    std::string sdl;
    {
        Oid caller = pg_call([]() noexcept { return GetUserId(); });
        Spi spi;
        sdl = schema::print_sdl(*schema_for(spi, caller));
        spi.close();
    }
    return text_result(sdl);
}

GG_FUNCTION(graphgate_cache_stats)
static Datum graphgate_cache_stats_impl(FunctionCallInfo fcinfo) { return jsonb_result(cache_stats()); }
