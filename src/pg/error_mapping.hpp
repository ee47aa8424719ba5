#pragma once
// A Postgres ERROR (PgError) as Hasura's JSON error: the one place that decides its code,
// message and `internal` object ({"sqlstate", "detail"?, "hint"?}), for both APIs.
#include "core/json.hpp"

#include "pg/guard.hpp"

namespace graphgate::pg {

// A refused write's `internal` (a mutation's statement failed; admin only): {"sqlstate",
// "detail"?}, without the hint, as mutations have reported it from the start.
Json write_failure_internal(const PgError& e);

// metadata(): {"path": "$", "error": message, "code": "postgres-error", "internal": {...}}.
Json metadata_error_body(const PgError& e);

// graphql(): {"errors": [{"message", "extensions": {"path": "$", "code", "internal": {...}}}]}.
// A missing privilege is "permission-error", as Hasura's DML error handler says; every other
// error is "postgres-error".  `internal` only for admin: a detail can show other rows' values.
Json graphql_error_body(const PgError& e, bool admin);

}  // namespace graphgate::pg
