#pragma once
// A Postgres ERROR (PgError) as Hasura's JSON error: the one place that decides its code,
// message and `internal` object ({"sqlstate", "detail"?, "hint"?}), for both APIs.
#include <nlohmann/json.hpp>

#include "pg/guard.hpp"

namespace graphgate::pg {

// metadata(): {"path": "$", "error": message, "code": "postgres-error", "internal": {...}}.
nlohmann::ordered_json metadata_error_body(const PgError& e);

// graphql(): {"errors": [{"message", "extensions": {"path": "$", "code", "internal": {...}}}]}.
// A missing privilege is "permission-error", as Hasura's DML error handler says; every other
// error is "postgres-error".
nlohmann::ordered_json graphql_error_body(const PgError& e);

}  // namespace graphgate::pg
