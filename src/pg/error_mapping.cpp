#include "pg/error_mapping.hpp"

#include "core/compile/response.hpp"

extern "C" {
#include "utils/elog.h"
}

namespace graphgate::pg {
namespace {

Json internal_of(const PgError& e) {
    Json internal = {{"sqlstate", e.sqlstate()}};
    if (!e.detail().empty()) internal["detail"] = e.detail();
    if (!e.hint().empty()) internal["hint"] = e.hint();
    return internal;
}

}  // namespace

Json metadata_error_body(const PgError& e) {
    return {{"path", "$"}, {"error", e.message()}, {"code", "postgres-error"}, {"internal", internal_of(e)}};
}

Json graphql_error_body(const PgError& e) {
    std::string code = e.sqlerrcode() == ERRCODE_INSUFFICIENT_PRIVILEGE ? "permission-error" : "postgres-error";
    Json body = compile::error_response(e.message(), code);
    body["errors"][0]["extensions"]["internal"] = internal_of(e);
    return body;
}

}  // namespace graphgate::pg
