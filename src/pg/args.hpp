#pragma once
// Reading SQL function arguments into C++ values and returning JSON results, for the bodies
// behind GG_FUNCTION.  Each Postgres call is made through pg_call.
#include "core/json.hpp"
#include <optional>
#include <string>

#include "core/metadata/table_name.hpp"

extern "C" {
#include "postgres.h"
#include "fmgr.h"
}

namespace graphgate::pg {

std::optional<std::string> text_arg(FunctionCallInfo fcinfo, int n);
// Throws MetadataError (invalid-params) naming the argument when it is NULL.
std::string required_text_arg(FunctionCallInfo fcinfo, int n, const char* name);
bool bool_arg(FunctionCallInfo fcinfo, int n, bool fallback);
std::optional<Json> jsonb_arg(FunctionCallInfo fcinfo, int n);
TableName table_arg(FunctionCallInfo fcinfo, int n);

Datum jsonb_result(const Json& value);
Datum text_result(const std::string& value);

}  // namespace graphgate::pg
