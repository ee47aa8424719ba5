// graphgate.graphql(query, variables, operation_name, session) and graphgate.sdl(): parse,
// validate against the role's schema, coerce variables, compile to one statement (cached as a
// saved plan), run it as the session's role, answer in Hasura's shape.  Bad input never escapes
// as an ERROR: it becomes a GraphQL error, and a failing statement is rolled back on its own.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/compile/compiler.hpp"
#include "core/compile/response.hpp"
#include "core/compile/write_errors.hpp"
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
#include "pg/graphql_api.hpp"
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

namespace graphgate::pg {
namespace {

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

// graphql() answers requests, graphql_multiplexed() subscriptions: anything else is refused
// before validation.
void check_kind(const graphql::ast::OperationDefinition& operation, OperationKind kind) {
    const graphql::ast::OperationType type = operation.operation;
    if (kind == OperationKind::subscription) {
        if (type != graphql::ast::OperationType::Subscription)
            throw GraphQLError(std::string("graphql_multiplexed() runs subscriptions; a ") +
                                   graphql::ast::operation_type_name(type) + " is answered by graphql()",
                               {}, "not-supported");
        return;
    }
    // Hasura's answer to a subscription sent over HTTP.
    if (type == graphql::ast::OperationType::Subscription)
        throw GraphQLError("subscriptions are not supported over HTTP, use websockets instead", {},
                           "unexpected-payload");
}

Json coerce(const PreparedOperation& r, const Json& inputs) {
    std::vector<GraphQLError> errors;
    Json variables =
        graphql::coerce_variable_values(r.schema->schema(), r.document, *r.operation, inputs, errors, r.limits);
    if (!errors.empty()) throw RequestErrors{std::move(errors)};
    return variables;
}

const CachedStatement& statement(const PreparedOperation& r, const Json& variables) {
    return statement_for(*r.schema, r.role_oid, r.document, *r.operation, variables, r.query,
                         r.operation_name.value_or(""), r.limits);
}

// A write that Postgres refused, as Hasura reports it; `internal` (SQLSTATE, detail) is for admin.
struct WriteFailure {
    GraphQLError error;
    Json internal;  // empty for a role other than admin
};

// One statement of a mutation: its row's columns as text.
std::vector<std::optional<std::string>> run_statement(SPIPlanPtr plan, const std::vector<std::optional<std::string>>& texts) {
    std::vector<Datum> values(texts.size());
    std::vector<char> nulls(texts.size(), ' ');
    std::vector<std::optional<std::string>> out;
    pg_call([&]() noexcept {
        for (size_t i = 0; i < texts.size(); ++i) {
            if (texts[i]) values[i] = CStringGetTextDatum(texts[i]->c_str());
            else nulls[i] = 'n';
        }
        int rc = SPI_execute_plan(plan, values.data(), nulls.data(), false, 0);
        if (rc < 0 || SPI_processed != 1) elog(ERROR, "graphgate: a compiled mutation statement returned no row");
    });
    SPITupleTable* table = SPI_tuptable;
    for (int c = 1; c <= table->tupdesc->natts; ++c) {
        char* text = pg_call([&]() noexcept { return SPI_getvalue(table->vals[0], table->tupdesc, c); });
        out.push_back(text ? std::optional<std::string>(text) : std::nullopt);
        if (text) pfree(text);
    }
    pg_call([&]() noexcept { SPI_freetuptable(table); });
    return out;
}

// The fields of a mutation in document order, each unit's statements in order, all in the
// caller's (sub)transaction: a failure anywhere undoes every write before it.
std::string run_mutation(const CachedMutation& mutation, const Json& variables, bool admin) {
    std::string data;
    for (size_t f = 0; f < mutation.compiled.fields.size(); ++f) {
        const compile::CompiledMutationField& field = mutation.compiled.fields[f];
        std::string value;
        if (field.literal) {
            value = *field.literal;
        } else {
            std::vector<std::string> rows = compile::field_insert_rows(field, variables);
            std::vector<std::string> units;
            for (size_t u = 0; u < field.units.size(); ++u) {
                std::vector<std::optional<std::string>> previous;
                const auto& statements = field.units[u].statements;
                for (size_t i = 0; i < statements.size(); ++i) {
                    std::vector<std::optional<std::string>> texts;
                    for (size_t p = 0; p < statements[i].params.size(); ++p)
                        texts.push_back(compile::statement_param_text(field, statements[i].params[p], p, variables,
                                                                      rows, previous));
                    try {
                        previous = run_statement(mutation.plans[f][u][i], texts);
                    } catch (const PgError& e) {
                        if (e.must_propagate()) throw;
                        throw WriteFailure{compile::write_error(e.sqlstate(), e.message(), field.error_path),
                                           admin ? write_failure_internal(e) : Json()};
                    }
                }
                units.push_back(compile::minify_json(previous.at(0).value_or("null")));
            }
            if (field.many) {
                value = "[";
                for (size_t u = 0; u < units.size(); ++u) value += (u ? "," : "") + units[u];
                value += "]";
            } else {
                value = units.at(0);
            }
        }
        data += (f ? "," : "") + Json(field.response_name).dump() + ":" + value;
    }
    return "{\"data\":{" + data + "}}";
}

std::string remote_requests_text(const std::vector<compile::RemoteRequest>& requests) {
    if (requests.empty()) return "";
    // Each level is one remote_fetch() call in the plan above: its requests go out together,
    // one round trip to each source of the level.
    std::string out = "\n-- remote requests (level n: the n-th remote_fetch() call, after the levels before it)\n";
    for (size_t i = 0; i < requests.size(); ++i) {
        const compile::RemoteRequest& r = requests[i];
        std::string types;
        for (size_t p = 0; p < r.param_types.size(); ++p)
            types += (p ? ", $" : "$") + std::to_string(p + 1) + " " + r.param_types[p];
        out += "Request " + std::to_string(i + 1) + " to source \"" + r.source + "\", level " + std::to_string(r.level) +
               (types.empty() ? "" : ", parameters " + types) + "\n";
        out += "  Remote SQL: " + r.sql + "\n";
        if (r.keyless_sql) out += "  Remote SQL without keys (when they cover most of the table): " + *r.keyless_sql + "\n";
    }
    return out;
}

// A mutation's statements, each with its plan (EXPLAIN does not run them: nothing is written;
// a statement's parameters from the one before it are NULL).
std::string explain_mutation(Spi& spi, const PreparedOperation& r, const Json& variables, const Json& session) {
    const CachedMutation& mutation = mutation_for(*r.schema, r.role_oid, r.document, *r.operation, variables, r.query,
                                                  r.operation_name.value_or(""), r.limits);
    ScopedSettings settings;
    apply_session(settings, r.role, session);
    std::string out;
    for (const compile::CompiledMutationField& field : mutation.compiled.fields) {
        std::vector<std::string> rows = compile::field_insert_rows(field, variables);
        for (size_t u = 0; u < field.units.size(); ++u)
            for (size_t i = 0; i < field.units[u].statements.size(); ++i) {
                const compile::CompiledStatement& statement = field.units[u].statements[i];
                std::vector<Value> params;
                std::vector<std::optional<std::string>> previous(2);
                for (size_t p = 0; p < statement.params.size(); ++p)
                    params.push_back(
                        compile::statement_param_text(field, statement.params[p], p, variables, rows, previous));
                Rows plan = spi.query("EXPLAIN (VERBOSE, COSTS OFF) " + statement.sql, params);
                out += "-- " + field.response_name + (field.many ? ", update " + std::to_string(u + 1) : "") +
                       ", statement " + std::to_string(i + 1) + "\n" + statement.sql + "\n\n-- plan\n";
                for (auto& row : plan.rows) out += row[0].value_or("") + "\n";
                out += "\n";
            }
    }
    settings.close();
    return out + remote_requests_text(mutation.compiled.remote_requests);
}

// The generated statement and its plan, with the FDW's Remote SQL lines, as text.
std::string explain(Spi& spi, const std::string& query, const Json& inputs,
                    const std::optional<std::string>& operation_name, const Json& session) {
    PreparedOperation r = prepare_operation(spi, query, operation_name, session, OperationKind::request);
    Json variables = coerce(r, inputs);
    if (r.operation->operation == graphql::ast::OperationType::Mutation) return explain_mutation(spi, r, variables, session);
    const CachedStatement& compiled = statement(r, variables);
    std::vector<Value> params;
    for (const compile::Param& p : compiled.params) params.push_back(compile::param_text(p, variables));
    ScopedSettings settings;
    apply_session(settings, r.role, session);
    Rows plan = spi.query("EXPLAIN (VERBOSE, COSTS OFF) " + compiled.sql, params);
    settings.close();
    std::string out = "-- generated SQL\n" + compiled.sql + "\n\n-- plan\n";
    for (auto& row : plan.rows) out += row[0].value_or("") + "\n";
    return out + remote_requests_text(compiled.remote_requests);
}

}  // namespace

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

std::optional<std::string> session_role(const Json& session) {
    auto it = session.find("x-hasura-role");
    if (it == session.end() || !it->is_string() || *it == "admin") return std::nullopt;
    return it->get<std::string>();
}

PreparedOperation prepare_operation(Spi& spi, std::string query, std::optional<std::string> operation_name,
                                    const Json& session, OperationKind kind) {
    PreparedOperation r;
    r.query = std::move(query);
    r.operation_name = std::move(operation_name);
    r.limits = request_limits();
    const graphql::Limits& limits = r.limits;
    r.document = graphql::parse(r.query, limits);
    r.operation = &graphql::select_operation(r.document, r.operation_name.value_or(""));
    check_kind(*r.operation, kind);
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
    return r;
}

std::string run_operation(const PreparedOperation& r, const Json& inputs, const Json& session,
                          StreamPosition* stream) {
    Json variables = coerce(r, inputs);
    if (r.operation->operation == graphql::ast::OperationType::Mutation) {
        const CachedMutation& mutation = mutation_for(*r.schema, r.role_oid, r.document, *r.operation, variables, r.query,
                                                      r.operation_name.value_or(""), r.limits);
        ScopedSettings settings;
        apply_session(settings, r.role, session);
        std::string response = run_mutation(mutation, variables, !r.role);
        settings.close();
        return response;
    }
    const CachedStatement& compiled = statement(r, variables);
    if (compiled.stream) {
        if (!stream) throw GraphQLError("a streaming subscription needs a cursor to run from", {}, "not-supported");
        stream->is_stream = true;
        variables[compile::stream_cursor_variable] = stream->cursor.is_null() ? compiled.stream->initial : stream->cursor;
    }
    ScopedSettings settings;
    apply_session(settings, r.role, session);
    std::string response = run_plan(compiled, variables);
    settings.close();
    return response;
}

std::string response_or_error(const std::function<std::string()>& answer, bool admin) {
    try {
        return answer();
    } catch (const RequestErrors& e) {
        return compile::error_response(e.errors).dump();
    } catch (const WriteFailure& e) {
        Json body = compile::error_response({e.error});
        if (!e.internal.is_null()) body["errors"][0]["extensions"]["internal"] = e.internal;
        return body.dump();
    } catch (const GraphQLError& e) {
        return compile::error_response({e}).dump();
    } catch (const MetadataError& e) {
        return compile::error_response(e.what(), e.code()).dump();
    } catch (const PgError& e) {
        if (e.must_propagate()) throw;
        return graphql_error_body(e, admin).dump();
    }
}

}  // namespace graphgate::pg

GG_FUNCTION(graphgate_graphql)
static Datum graphgate_graphql_impl(FunctionCallInfo fcinfo) {
    std::string query = text_arg(fcinfo, 0).value_or("");
    std::optional<std::string> operation_name = text_arg(fcinfo, 2);
    if (operation_name && operation_name->empty()) operation_name.reset();
    std::optional<Json> session = jsonb_arg(fcinfo, 3);
    std::string response = response_or_error([&] {
        Json inputs = variables_arg(fcinfo, 1);
        std::string answer;
        in_subtransaction([&] {
            Spi spi;
            PreparedOperation prepared = prepare_operation(spi, query, operation_name,
                                                           session.value_or(Json::object()),
                                                           OperationKind::request);
            answer = run_operation(prepared, inputs, session.value_or(Json::object()));
            spi.close();
        });
        return answer;
    }, !session_role(session.value_or(Json::object())));
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
