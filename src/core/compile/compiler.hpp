#pragma once
// GraphQL operation -> one SQL statement, in two steps (design §8): the planner (planner.hpp)
// reads the operation against the schema and decides everything into plain structs (plan.hpp);
// the printer (printer.hpp) writes them as SQL text and parameters.  The statement returns one
// row with one json column, the whole response ({"data": ...}).  Identifiers are quoted; values
// are parameters ($n), see params.hpp.
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/compile/params.hpp"
#include "core/compile/plan.hpp"
#include "core/graphql/ast.hpp"
#include "core/graphql/collect_fields.hpp"
#include "core/graphql/schema_interface.hpp"
#include "core/schema/graphql_schema.hpp"

namespace graphgate::compile {

// A statement for a remote source, sent by the remote executor (design §8a) when the compiled
// statement runs: the statement calls graphgate.remote_fetch() with the request's id and its
// parameters' values, never with SQL text, so that nothing but what graphgate compiled can be
// sent to a source.
struct RemoteRequest {
    std::string source;                   // for errors and explain()
    // The tables the statement reads, as this database knows them (foreign tables of the source):
    // the first one's server is where it is sent, and the caller's SELECT on each column is
    // checked before anything is sent.
    struct Read {
        std::string schema;
        std::string table;
        std::vector<std::string> columns;
    };
    std::vector<Read> reads;
    std::string sql;                      // for the target database: answers (k, o, c, v)
    std::optional<std::string> keyless_sql;  // the same without the key condition, for large batches
    int keys = 0;                         // $1..$keys are the key arrays; keyless_sql numbers the rest from $1
    double row_estimate = 0;              // the target's rows, as read at tracking (0: unknown)
    std::vector<std::string> param_types; // of $1..$n, for explain()
    int level = 1;                        // the remote_fetch() call it is sent by (1: the first)
};

struct CompiledQuery {
    std::string sql;
    std::vector<Param> params;
    // Variables whose values shaped the statement (a `where: $filter`, an `@include(if: $x)`,
    // a null): a cached statement may only be reused when these have the same values.
    std::set<std::string> structural_variables;
    // The remote requests the statement makes, numbered from CompileInput::first_remote_id.
    std::vector<RemoteRequest> remote_requests;
    // A streaming subscription's cursor (plan.hpp).
    std::optional<StreamCursor> stream;
};

// Answers a root introspection field (__schema, __type) as JSON; the compiler binds the
// result as a constant.
using IntrospectionFn = std::function<Json(const graphql::CollectedField& field)>;

struct CompileInput {
    const schema::GraphQLSchema& schema;  // its snapshot is what the statement reads
    const graphql::ast::Document& document;
    const graphql::ast::OperationDefinition& operation;
    const Json& variables;  // coerced
    IntrospectionFn introspect;
    // The id of the statement's first remote request (ids are the pg layer's, unique in a backend).
    int64_t first_remote_id = 1;
    // bigint, numeric and double precision values (columns and aggregates of them) answered as
    // JSON strings, for clients whose numbers are IEEE doubles (Hasura's
    // HASURA_GRAPHQL_STRINGIFY_NUMERIC_TYPES).
    bool stringify_numbers = false;
};

// Throws GraphQLError (validation-failed) for what the schema cannot express but SQL refuses,
// e.g. distinct_on columns that do not lead order_by.
CompiledQuery compile_query(const CompileInput& input);

}  // namespace graphgate::compile
