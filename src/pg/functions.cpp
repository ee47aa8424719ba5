// The SQL-callable functions of graphgate.  Each symbol is a one-line guarded wrapper
// (GG_FUNCTION) around a C++ body that reads its arguments and calls the catalog.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/metadata/error.hpp"
#include "core/metadata/requests.hpp"
#include "pg/catalog.hpp"
#include "pg/guard.hpp"
#include "pg/metadata_api.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "utils/builtins.h"
#include "utils/jsonb.h"
PG_MODULE_MAGIC;
}

namespace {

using graphgate::MetadataError;
using graphgate::pg::pg_call;

std::optional<std::string> text_arg(FunctionCallInfo fcinfo, int n) {
    if (PG_ARGISNULL(n)) return std::nullopt;
    return pg_call([&] {
        char* s = text_to_cstring(PG_GETARG_TEXT_PP(n));
        std::string out(s);
        pfree(s);
        return out;
    });
}

std::string required_text_arg(FunctionCallInfo fcinfo, int n, const char* name) {
    std::optional<std::string> v = text_arg(fcinfo, n);
    if (!v) throw MetadataError("invalid-params", std::string("argument \"") + name + "\" must not be null");
    return *v;
}

bool bool_arg(FunctionCallInfo fcinfo, int n, bool fallback) { return PG_ARGISNULL(n) ? fallback : PG_GETARG_BOOL(n); }

std::optional<nlohmann::json> jsonb_arg(FunctionCallInfo fcinfo, int n) {
    if (PG_ARGISNULL(n)) return std::nullopt;
    std::string text = pg_call([&] {
        Jsonb* j = PG_GETARG_JSONB_P(n);
        char* s = JsonbToCString(nullptr, &j->root, VARSIZE(j));
        std::string out(s);
        pfree(s);
        return out;
    });
    return nlohmann::json::parse(text);
}

Datum jsonb_result(const nlohmann::json& value) {
    std::string text = value.dump();
    return pg_call([&] { return DirectFunctionCall1(jsonb_in, CStringGetDatum(text.c_str())); });
}

graphgate::TableName table_arg(FunctionCallInfo fcinfo, int n) {
    return graphgate::parse_table_name(required_text_arg(fcinfo, n, "table"), "table");
}

}  // namespace

GG_FUNCTION(graphgate_add_source)
static Datum graphgate_add_source_impl(FunctionCallInfo fcinfo) {
    graphgate::AddSource cmd;
    cmd.name = required_text_arg(fcinfo, 0, "name");
    cmd.connection = text_arg(fcinfo, 1);
    cmd.server = text_arg(fcinfo, 2);
    if (auto c = jsonb_arg(fcinfo, 3)) cmd.customization = *c;
    graphgate::pg::Spi spi;
    graphgate::pg::add_source(spi, cmd);
    PG_RETURN_VOID();
}

GG_FUNCTION(graphgate_drop_source)
static Datum graphgate_drop_source_impl(FunctionCallInfo fcinfo) {
    graphgate::DropSource cmd{required_text_arg(fcinfo, 0, "name"), bool_arg(fcinfo, 1, false)};
    graphgate::pg::Spi spi;
    graphgate::pg::drop_source(spi, cmd);
    PG_RETURN_VOID();
}

GG_FUNCTION(graphgate_track_table)
static Datum graphgate_track_table_impl(FunctionCallInfo fcinfo) {
    graphgate::TrackTable cmd;
    cmd.source = required_text_arg(fcinfo, 0, "source");
    cmd.table = table_arg(fcinfo, 1);
    if (auto c = jsonb_arg(fcinfo, 2)) {
        if (!c->is_object()) throw MetadataError("invalid-params", "configuration must be a JSON object");
        cmd.configuration = *c;
    }
    graphgate::pg::Spi spi;
    graphgate::pg::track_table(spi, cmd);
    PG_RETURN_VOID();
}

GG_FUNCTION(graphgate_untrack_table)
static Datum graphgate_untrack_table_impl(FunctionCallInfo fcinfo) {
    graphgate::UntrackTable cmd{required_text_arg(fcinfo, 0, "source"), table_arg(fcinfo, 1), bool_arg(fcinfo, 2, false)};
    graphgate::pg::Spi spi;
    graphgate::pg::untrack_table(spi, cmd);
    PG_RETURN_VOID();
}

GG_FUNCTION(graphgate_metadata)
static Datum graphgate_metadata_impl(FunctionCallInfo fcinfo) {
    std::optional<nlohmann::json> body = jsonb_arg(fcinfo, 0);
    if (!body) throw MetadataError("invalid-params", "request must not be null");
    nlohmann::json result;
    {
        graphgate::pg::Spi spi;
        result = graphgate::pg::run_metadata_request(spi, *body);
    }
    return jsonb_result(result);
}
