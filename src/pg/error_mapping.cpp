#include "pg/error_mapping.hpp"

#include "core/compile/response.hpp"

extern "C" {
#include "utils/elog.h"
}

namespace graphgate::pg {

Json write_failure_internal(const PgError& e) {
    Json internal = {{"sqlstate", e.sqlstate()}};
    if (!e.detail().empty()) internal["detail"] = e.detail();
    return internal;
}

namespace {

Json error_internal(const PgError& e) {
    Json internal = write_failure_internal(e);
    if (!e.hint().empty()) internal["hint"] = e.hint();
    return internal;
}

}  // namespace

Json metadata_error_body(const PgError& e) {
    return {{"path", "$"}, {"error", e.message()}, {"code", "postgres-error"}, {"internal", error_internal(e)}};
}

Json graphql_error_body(const PgError& e, bool admin) {
    std::string code = e.sqlerrcode() == ERRCODE_INSUFFICIENT_PRIVILEGE ? "permission-error" : "postgres-error";
    Json body = compile::error_response(e.message(), code);
    if (admin) body["errors"][0]["extensions"]["internal"] = error_internal(e);
    return body;
}

}  // namespace graphgate::pg
