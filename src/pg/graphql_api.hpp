#pragma once
// What graphgate.graphql() and graphgate.graphql_multiplexed() share, so that a live query runs
// exactly as a request does: the operation parsed, picked and validated against the role's
// schema once; then, per set of variables and session, the variables coerced, the cached
// statement found and run as the session's role; and every failure turned into Hasura's error
// response the same way.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/compile/params.hpp"
#include "core/graphql/ast.hpp"
#include "core/graphql/error.hpp"
#include "core/graphql/limits.hpp"
#include "core/json.hpp"
#include "core/schema/graphql_schema.hpp"
#include "pg/spi.hpp"

namespace graphgate::pg {

// Which operations an entry point runs: graphql() answers requests, graphql_multiplexed()
// subscriptions (live queries).  Any other operation is refused before validation.
enum class OperationKind { request, subscription };

// An operation parsed, picked from its document and validated against the role's schema.
struct PreparedOperation {
    std::string query;
    std::optional<std::string> operation_name;
    graphql::ast::Document document;
    const graphql::ast::OperationDefinition* operation = nullptr;  // into document
    std::optional<std::string> role;  // nullopt: the connection's own role ("admin")
    unsigned int role_oid = 0;
    std::shared_ptr<const schema::GraphQLSchema> schema;
    graphql::Limits limits;
};

// Errors that end a request before it runs, all reported at once (validation finds many).
struct RequestErrors {
    std::vector<GraphQLError> errors;
};

// The front end's limits, with Postgres' interrupt and stack-depth checks.
graphql::Limits request_limits();

// The role a session runs as: its x-hasura-role, unless absent or "admin", which mean the
// connection's own role (nullopt).
std::optional<std::string> session_role(const Json& session);

// Throws RequestErrors, GraphQLError, MetadataError or PgError.
PreparedOperation prepare_operation(Spi& spi, std::string query, std::optional<std::string> operation_name,
                                    const Json& session, OperationKind kind);

// Where a streaming subscription is: in, the cursor value to read after (null: the stream's
// initial_value); out, whether the operation was a stream.
struct StreamPosition {
    compile::Json cursor;
    bool is_stream = false;
};

// Runs a prepared operation with `inputs` (request_variables' form) as `session`, whose role
// must be the one it was prepared for; the response's JSON text.  A stream (<t>_stream) runs from
// `stream`'s cursor, and its response ends with the stream_cursor_field (plan.hpp).  Throws as
// prepare_operation.
std::string run_operation(const PreparedOperation& prepared, const compile::Json& inputs,
                          const Json& session, StreamPosition* stream = nullptr);

// The response `answer` gives, or Hasura's error response for what it throws (cancel,
// termination and out-of-memory errors propagate); a Postgres error's `internal` only when the
// request is `admin`'s (no x-hasura-role but admin's, as session_role says).
std::string response_or_error(const std::function<std::string()>& answer, bool admin);

}  // namespace graphgate::pg
