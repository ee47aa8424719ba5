// The SQL-callable functions of graphgate's metadata API.  Each symbol is a one-line guarded
// wrapper (GG_FUNCTION) around a body that reads its arguments and calls the catalog within a
// catalog session (in_catalog_session).
#include "core/json.hpp"

#include "core/metadata/error.hpp"
#include "core/metadata/requests.hpp"
#include "core/metadata/yaml.hpp"
#include "pg/args.hpp"
#include "pg/catalog.hpp"
#include "pg/catalog_session.hpp"
#include "pg/guard.hpp"
#include "pg/metadata_api.hpp"
#include "pg/spi.hpp"

using graphgate::MetadataError;
using graphgate::Json;
using namespace graphgate::pg;

namespace {

graphgate::CreateRemoteRelationship remote_relationship_args(FunctionCallInfo fcinfo, bool replace) {
    graphgate::CreateRemoteRelationship cmd;
    cmd.replace = replace;
    cmd.name = required_text_arg(fcinfo, 0, "name");
    cmd.source = required_text_arg(fcinfo, 1, "source");
    cmd.table = table_arg(fcinfo, 2);
    auto remote_source = jsonb_arg(fcinfo, 3);
    auto definition = jsonb_arg(fcinfo, 4);
    if (remote_source.has_value() == definition.has_value())
        throw MetadataError("invalid-params", "give exactly one of remote_source and definition");
    if (remote_source) graphgate::parse_remote_source(*remote_source, "remote_source", cmd);
    else graphgate::parse_remote_definition(*definition, "definition", cmd);
    return cmd;
}

graphgate::CreateRelationship local_relationship_args(FunctionCallInfo fcinfo, graphgate::RelationshipKind kind) {
    graphgate::CreateRelationship cmd;
    cmd.kind = kind;
    cmd.source = required_text_arg(fcinfo, 0, "source");
    cmd.table = table_arg(fcinfo, 1);
    cmd.name = required_text_arg(fcinfo, 2, "name");
    auto using_json = jsonb_arg(fcinfo, 3);
    if (!using_json) throw MetadataError("invalid-params", "argument \"using\" must not be null");
    cmd.using_json = *using_json;
    cmd.using_clause = graphgate::parse_relationship_using(kind, cmd.using_json, "using");
    return cmd;
}

// Runs one catalog operation in a catalog session as the caller; returns what it returns.
template <typename F>
auto in_catalog(F&& operation) {
    return in_catalog_session(CatalogAs::Caller, operation);
}

// The same for an operation that changes the catalog.
template <typename F>
void change_catalog(F&& operation) {
    in_catalog([&](Spi& spi) {
        name_local_source(spi);
        operation(spi);
    });
}

}  // namespace

GG_FUNCTION(graphgate_add_source)
static Datum graphgate_add_source_impl(FunctionCallInfo fcinfo) {
    graphgate::AddSource cmd;
    cmd.name = required_text_arg(fcinfo, 0, "name");
    cmd.connection = text_arg(fcinfo, 1);
    cmd.server = text_arg(fcinfo, 2);
    if (auto c = jsonb_arg(fcinfo, 3)) cmd.customization = *c;
    change_catalog([&](Spi& spi) { add_source(spi, cmd); });
    PG_RETURN_VOID();
}

GG_FUNCTION(graphgate_drop_source)
static Datum graphgate_drop_source_impl(FunctionCallInfo fcinfo) {
    graphgate::DropSource cmd{required_text_arg(fcinfo, 0, "name"), bool_arg(fcinfo, 1, false)};
    change_catalog([&](Spi& spi) { drop_source(spi, cmd); });
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
    change_catalog([&](Spi& spi) { track_table(spi, cmd); });
    PG_RETURN_VOID();
}

GG_FUNCTION(graphgate_untrack_table)
static Datum graphgate_untrack_table_impl(FunctionCallInfo fcinfo) {
    graphgate::UntrackTable cmd{required_text_arg(fcinfo, 0, "source"), table_arg(fcinfo, 1), bool_arg(fcinfo, 2, false)};
    change_catalog([&](Spi& spi) { untrack_table(spi, cmd); });
    PG_RETURN_VOID();
}

GG_FUNCTION(graphgate_create_object_relationship)
static Datum graphgate_create_object_relationship_impl(FunctionCallInfo fcinfo) {
    auto cmd = local_relationship_args(fcinfo, graphgate::RelationshipKind::Object);
    change_catalog([&](Spi& spi) { create_relationship(spi, cmd); });
    PG_RETURN_VOID();
}

GG_FUNCTION(graphgate_create_array_relationship)
static Datum graphgate_create_array_relationship_impl(FunctionCallInfo fcinfo) {
    auto cmd = local_relationship_args(fcinfo, graphgate::RelationshipKind::Array);
    change_catalog([&](Spi& spi) { create_relationship(spi, cmd); });
    PG_RETURN_VOID();
}

GG_FUNCTION(graphgate_drop_relationship)
static Datum graphgate_drop_relationship_impl(FunctionCallInfo fcinfo) {
    graphgate::DropRelationship cmd{required_text_arg(fcinfo, 0, "source"), table_arg(fcinfo, 1),
                                    required_text_arg(fcinfo, 2, "name"), false, bool_arg(fcinfo, 3, false)};
    change_catalog([&](Spi& spi) { drop_relationship(spi, cmd); });
    PG_RETURN_VOID();
}

GG_FUNCTION(graphgate_create_remote_relationship)
static Datum graphgate_create_remote_relationship_impl(FunctionCallInfo fcinfo) {
    auto cmd = remote_relationship_args(fcinfo, false);
    change_catalog([&](Spi& spi) { create_remote_relationship(spi, cmd); });
    PG_RETURN_VOID();
}

GG_FUNCTION(graphgate_update_remote_relationship)
static Datum graphgate_update_remote_relationship_impl(FunctionCallInfo fcinfo) {
    auto cmd = remote_relationship_args(fcinfo, true);
    change_catalog([&](Spi& spi) { create_remote_relationship(spi, cmd); });
    PG_RETURN_VOID();
}

GG_FUNCTION(graphgate_drop_remote_relationship)
static Datum graphgate_drop_remote_relationship_impl(FunctionCallInfo fcinfo) {
    graphgate::DropRelationship cmd{required_text_arg(fcinfo, 1, "source"), table_arg(fcinfo, 2),
                                    required_text_arg(fcinfo, 0, "name"), true, false};
    change_catalog([&](Spi& spi) { drop_relationship(spi, cmd); });
    PG_RETURN_VOID();
}

GG_FUNCTION(graphgate_export_metadata)
static Datum graphgate_export_metadata_impl(FunctionCallInfo fcinfo) {
    std::string format = text_arg(fcinfo, 0).value_or("json");
    if (format != "json" && format != "yaml")
        throw MetadataError("invalid-params", "format must be 'json' or 'yaml', not '" + format + "'");
    std::string out = in_catalog([&](Spi& spi) {
        Json doc = graphgate::to_json(export_document(spi));
        return format == "json" ? doc.dump(2) : graphgate::to_yaml(doc);
    });
    return text_result(out);
}

GG_FUNCTION(graphgate_replace_metadata)
static Datum graphgate_replace_metadata_impl(FunctionCallInfo fcinfo) {
    Json document = graphgate::parse_json_or_yaml(required_text_arg(fcinfo, 0, "document"));
    change_catalog([&](Spi& spi) { replace_document(spi, document); });
    PG_RETURN_VOID();
}

GG_FUNCTION(graphgate_reload_metadata)
static Datum graphgate_reload_metadata_impl(FunctionCallInfo fcinfo) {
    Json result;
    change_catalog([&](Spi& spi) { result = {{"message", "success"}, {"is_consistent", reload(spi)}}; });
    return jsonb_result(result);
}

GG_FUNCTION(graphgate_get_inconsistent_metadata)
static Datum graphgate_get_inconsistent_metadata_impl(FunctionCallInfo fcinfo) {
    return jsonb_result(in_catalog([](Spi& spi) { return inconsistent_objects(spi); }));
}

GG_FUNCTION(graphgate_metadata)
static Datum graphgate_metadata_impl(FunctionCallInfo fcinfo) {
    // metadata() answers every request with a body, a NULL one too (Hasura's answer to "null").
    Json body;
    try {
        body = jsonb_arg(fcinfo, 0).value_or(Json());
    } catch (const Json::out_of_range&) {
        // jsonb keeps 1e400 exactly; nlohmann cannot hold it, and refused it with an exception.
        return jsonb_result(MetadataError("parse-failed", "the request holds a number out of the range of a double").to_json());
    }
    Json result;
    change_catalog([&](Spi& spi) { result = run_metadata_request(spi, body); });
    return jsonb_result(result);
}
