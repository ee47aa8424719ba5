#include "pg/args.hpp"

#include "core/metadata/error.hpp"
#include "pg/guard.hpp"

extern "C" {
#include "utils/builtins.h"
#include "utils/jsonb.h"
}

namespace graphgate::pg {

std::optional<std::string> text_arg(FunctionCallInfo fcinfo, int n) {
    if (PG_ARGISNULL(n)) return std::nullopt;
    char* s = pg_call([&]() noexcept { return text_to_cstring(PG_GETARG_TEXT_PP(n)); });
    std::string out(s);
    pfree(s);
    return out;
}

std::string required_text_arg(FunctionCallInfo fcinfo, int n, const char* name) {
    std::optional<std::string> v = text_arg(fcinfo, n);
    if (!v) throw MetadataError("invalid-params", std::string("argument \"") + name + "\" must not be null");
    return *v;
}

bool bool_arg(FunctionCallInfo fcinfo, int n, bool fallback) { return PG_ARGISNULL(n) ? fallback : PG_GETARG_BOOL(n); }

std::optional<Json> jsonb_arg(FunctionCallInfo fcinfo, int n) {
    if (PG_ARGISNULL(n)) return std::nullopt;
    char* s = pg_call([&]() noexcept {
        Jsonb* j = PG_GETARG_JSONB_P(n);
        return JsonbToCString(nullptr, &j->root, VARSIZE(j));
    });
    std::string text(s);
    pfree(s);
    return parse_json(text);
}

TableName table_arg(FunctionCallInfo fcinfo, int n) {
    return parse_table_name(required_text_arg(fcinfo, n, "table"), "table");
}

Datum jsonb_result(const Json& value) {
    std::string text = value.dump();
    return pg_call([&]() noexcept { return DirectFunctionCall1(jsonb_in, CStringGetDatum(text.c_str())); });
}

Datum text_result(const std::string& value) {
    return pg_call([&]() noexcept { return PointerGetDatum(cstring_to_text_with_len(value.data(), static_cast<int>(value.size()))); });
}

}  // namespace graphgate::pg
