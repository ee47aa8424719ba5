#include "core/metadata/requests.hpp"

#include <functional>
#include <map>

#include "core/metadata/error.hpp"
#include "core/metadata/json_reader.hpp"

namespace graphgate {
namespace {

std::string conninfo_value(const std::string& value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

std::string required_name(JsonReader& args, const char* key) {
    std::string name = args.required_string(key);
    if (name.empty()) throw MetadataError("parse-failed", std::string(key) + " must not be empty", args.path_of(key));
    return name;
}

AddSource parse_add_source(JsonReader& args) {
    AddSource cmd;
    cmd.name = required_name(args, "name");
    cmd.replace_configuration = args.optional_bool("replace_configuration", false);
    if (const Json* c = args.optional("customization")) {
        if (!c->is_object())
            throw MetadataError("parse-failed", "expected an object, found " + json_kind(*c), args.path_of("customization"));
        cmd.customization = *c;
    }
    args.optional("kind");  // Hasura sends "kind": "postgres" in some clients; we only speak postgres
    JsonReader config(args.required("configuration"), args.path_of("configuration"));
    cmd.server = config.optional_string("foreign_server");
    const Json* info = config.optional("connection_info");
    config.optional("read_replicas");
    config.optional("extensions_schema");
    config.optional("isolation_level");
    config.optional("use_prepared_statements");
    config.reject_unknown_keys();
    if (cmd.server && info)
        throw MetadataError("parse-failed", "give either connection_info or foreign_server, not both", config.path());
    if (!cmd.server && !info)
        throw MetadataError("parse-failed", "key \"connection_info\" not found", config.path());
    if (info) {
        JsonReader conn(*info, config.path_of("connection_info"));
        const Json& url = conn.required("database_url");
        conn.optional("pool_settings");  // the database pools nothing itself; accepted for compatibility
        conn.optional("isolation_level");
        conn.optional("use_prepared_statements");
        conn.optional("ssl_configuration");
        conn.reject_unknown_keys();
        std::string url_path = conn.path_of("database_url");
        if (url.is_string()) {
            cmd.connection = url.get<std::string>();
        } else if (url.is_object() && url.contains("from_env")) {
            throw MetadataError("not-supported",
                                "database_url.from_env is not supported: the database cannot read the "
                                "environment of the server that sends the request; pass the URL itself",
                                url_path);
        } else if (url.is_object() && url.contains("connection_parameters")) {
            cmd.connection = conninfo_from_parameters(url["connection_parameters"], url_path + ".connection_parameters");
        } else {
            throw MetadataError("parse-failed",
                                "expected a string, {\"connection_parameters\": ...} or {\"from_env\": ...}", url_path);
        }
        if (cmd.connection->empty()) throw MetadataError("parse-failed", "database_url must not be empty", url_path);
    }
    return cmd;
}

DropSource parse_drop_source(JsonReader& args) {
    DropSource cmd;
    cmd.name = required_name(args, "name");
    cmd.cascade = args.optional_bool("cascade", false);
    return cmd;
}

std::string source_of(JsonReader& args) {
    auto source = args.optional_string("source");
    if (source && source->empty()) throw MetadataError("parse-failed", "source must not be empty", args.path_of("source"));
    return source ? *source : kDefaultSource;
}


CreateRelationship parse_create_relationship(RelationshipKind kind, JsonReader& args, const Json& raw) {
    std::string source = source_of(args);
    TableName table = parse_table_name(args.required("table"), args.path_of("table"));
    args.accept_all_keys();  // the entry parser below checks the rest
    return parse_relationship_entry(kind, raw, args.path(), source, table, {"source", "table"});
}

// The seed's body names the target in "remote_source"; Hasura's current API in "definition".
CreateRemoteRelationship parse_create_remote_relationship(JsonReader& args, bool replace) {
    CreateRemoteRelationship cmd;
    cmd.replace = replace;
    cmd.source = source_of(args);
    cmd.table = parse_table_name(args.required("table"), args.path_of("table"));
    cmd.name = required_name(args, "name");
    const Json* remote_source = args.optional("remote_source");
    const Json* definition = args.optional("definition");
    if ((remote_source != nullptr) == (definition != nullptr))
        throw MetadataError("parse-failed", "give exactly one of remote_source and definition", args.path());
    if (remote_source) parse_remote_source(*remote_source, args.path_of("remote_source"), cmd);
    else parse_remote_definition(*definition, args.path_of("definition"), cmd);
    return cmd;
}

DropRelationship parse_drop_relationship(JsonReader& args, bool remote_only) {
    DropRelationship cmd;
    cmd.remote_only = remote_only;
    cmd.source = source_of(args);
    cmd.table = parse_table_name(args.required("table"), args.path_of("table"));
    cmd.name = required_name(args, remote_only ? "name" : "relationship");
    cmd.cascade = args.optional_bool("cascade", false);
    return cmd;
}

// Hasura accepts the document itself as args, or {"metadata": document, ...options}.
ReplaceMetadata parse_replace_metadata(JsonReader& args, const Json& raw) {
    ReplaceMetadata cmd;
    if (args.has("metadata")) {
        cmd.document = args.required("metadata");
        // A replace either applies whole and consistent, or not at all.
        if (args.optional_bool("allow_inconsistent_metadata", false))
            throw MetadataError("not-supported", "allow_inconsistent_metadata is not supported: a replace applies "
                                                 "only a consistent document",
                                args.path_of("allow_inconsistent_metadata"));
        args.optional("allow_warnings");
    } else {
        cmd.document = raw;
        args.accept_all_keys();
    }
    return cmd;
}

Json parse_configuration(JsonReader& args) {
    const Json* c = args.optional("configuration");
    if (!c || c->is_null()) return Json::object();
    if (!c->is_object())
        throw MetadataError("parse-failed", "expected an object, found " + json_kind(*c), args.path_of("configuration"));
    return *c;
}

TrackTable parse_track_table(JsonReader& args) {
    TrackTable cmd;
    cmd.source = source_of(args);
    cmd.table = parse_table_name(args.required("table"), args.path_of("table"));
    cmd.configuration = parse_configuration(args);
    cmd.is_enum = args.optional_bool("is_enum", false);
    args.optional("apollo_federation_config");
    return cmd;
}

SetTableIsEnum parse_set_table_is_enum(JsonReader& args) {
    SetTableIsEnum cmd;
    cmd.source = source_of(args);
    cmd.table = parse_table_name(args.required("table"), args.path_of("table"));
    args.required("is_enum");
    cmd.is_enum = args.optional_bool("is_enum", false);
    return cmd;
}

SetTableCustomization parse_set_table_customization(JsonReader& args) {
    SetTableCustomization cmd;
    cmd.source = source_of(args);
    cmd.table = parse_table_name(args.required("table"), args.path_of("table"));
    cmd.configuration = parse_configuration(args);
    return cmd;
}

UntrackTable parse_untrack_table(JsonReader& args) {
    UntrackTable cmd;
    cmd.source = source_of(args);
    cmd.table = parse_table_name(args.required("table"), args.path_of("table"));
    cmd.cascade = args.optional_bool("cascade", false);
    return cmd;
}

// The legacy /v1/query forms name the table at the top of args: {"schema": ..., "name": ...},
// and track_table's args may be the table name alone ("authors"), as in Hasura.
Json legacy_table_args(const std::string& type, const Json& args) {
    if (type == "track_table" && args.is_string()) return {{"table", args}};
    if (!args.is_object() || args.contains("table")) return args;
    Json out = Json::object();
    Json table = Json::object();
    for (auto it = args.begin(); it != args.end(); ++it) {
        // Keys of one object, so each is new: appended without a lookup.
        append_member(it.key() == "schema" || it.key() == "name" ? table : out, it.key(), it.value());
    }
    out["table"] = table;
    return out;
}

}  // namespace

AddSource parse_add_source_args(const Json& args, const std::string& path,
                                const std::vector<std::string>& extra_keys) {
    JsonReader reader(args, path);
    for (const auto& k : extra_keys) reader.optional(k);
    AddSource cmd = parse_add_source(reader);
    reader.reject_unknown_keys();
    return cmd;
}

CreateRelationship parse_relationship_entry(RelationshipKind kind, const Json& entry, const std::string& path,
                                            const std::string& source, const TableName& table,
                                            const std::vector<std::string>& extra_keys) {
    JsonReader reader(entry, path);
    for (const auto& k : extra_keys) reader.optional(k);
    CreateRelationship cmd;
    cmd.kind = kind;
    cmd.source = source;
    cmd.table = table;
    cmd.name = required_name(reader, "name");
    cmd.using_json = reader.required("using");
    cmd.using_clause = parse_relationship_using(kind, cmd.using_json, reader.path_of("using"));
    reader.reject_unknown_keys();
    return cmd;
}

std::string conninfo_from_options(const std::vector<std::pair<std::string, std::string>>& options) {
    std::string out;
    for (const auto& [key, value] : options) {
        if (!out.empty()) out += ' ';
        out += key + "=" + conninfo_value(value);
    }
    return out;
}

std::string conninfo_from_parameters(const Json& parameters, const std::string& path) {
    JsonReader params(parameters, path);
    static const std::pair<const char*, const char*> keys[] = {
        {"host", "host"}, {"port", "port"}, {"database", "dbname"}, {"username", "user"}, {"password", "password"}};
    std::vector<std::pair<std::string, std::string>> options;
    for (const auto& [json_key, libpq_key] : keys) {
        const Json* v = params.optional(json_key);
        if (!v) continue;
        if (v->is_string()) options.emplace_back(libpq_key, v->get<std::string>());
        else if (v->is_number_integer()) options.emplace_back(libpq_key, std::to_string(v->get<long long>()));
        else throw MetadataError("parse-failed", "expected a string, found " + json_kind(*v), params.path_of(json_key));
    }
    params.reject_unknown_keys();
    return conninfo_from_options(options);
}

ParsedRequest parse_metadata_request(const Json& body, const std::string& path) {
    JsonReader request(body, path);
    std::string type = request.required_string("type");
    request.optional("version");
    request.optional("resource_version");
    const Json& args_json = request.required("args");
    request.reject_unknown_keys();
    std::string args_path = request.path_of("args");

    ParsedRequest parsed{type, path, Bulk{}};
    if (type == "bulk") {
        if (!args_json.is_array())
            throw MetadataError("parse-failed", "expected an array, found " + json_kind(args_json), args_path);
        Bulk bulk;
        for (size_t i = 0; i < args_json.size(); ++i)
            bulk.requests.push_back(parse_metadata_request(args_json[i], args_path + "[" + std::to_string(i) + "]"));
        parsed.command = std::move(bulk);
        return parsed;
    }

    using Parser = std::function<Command(JsonReader&, const Json&)>;
    static const std::map<std::string, Parser> parsers = {
        {"pg_create_object_relationship", [](JsonReader& a, const Json& raw) -> Command { return parse_create_relationship(RelationshipKind::Object, a, raw); }},
        {"create_object_relationship", [](JsonReader& a, const Json& raw) -> Command { return parse_create_relationship(RelationshipKind::Object, a, raw); }},
        {"pg_create_array_relationship", [](JsonReader& a, const Json& raw) -> Command { return parse_create_relationship(RelationshipKind::Array, a, raw); }},
        {"create_array_relationship", [](JsonReader& a, const Json& raw) -> Command { return parse_create_relationship(RelationshipKind::Array, a, raw); }},
        {"pg_drop_relationship", [](JsonReader& a, const Json&) -> Command { return parse_drop_relationship(a, false); }},
        {"drop_relationship", [](JsonReader& a, const Json&) -> Command { return parse_drop_relationship(a, false); }},
        {"pg_create_remote_relationship", [](JsonReader& a, const Json&) -> Command { return parse_create_remote_relationship(a, false); }},
        {"create_remote_relationship", [](JsonReader& a, const Json&) -> Command { return parse_create_remote_relationship(a, false); }},
        {"pg_update_remote_relationship", [](JsonReader& a, const Json&) -> Command { return parse_create_remote_relationship(a, true); }},
        {"update_remote_relationship", [](JsonReader& a, const Json&) -> Command { return parse_create_remote_relationship(a, true); }},
        {"pg_delete_remote_relationship", [](JsonReader& a, const Json&) -> Command { return parse_drop_relationship(a, true); }},
        {"delete_remote_relationship", [](JsonReader& a, const Json&) -> Command { return parse_drop_relationship(a, true); }},
        {"export_metadata", [](JsonReader&, const Json&) -> Command { return ExportMetadata{}; }},
        {"replace_metadata", [](JsonReader& a, const Json& raw) -> Command { return parse_replace_metadata(a, raw); }},
        {"reload_metadata", [](JsonReader& a, const Json&) -> Command { a.accept_all_keys(); return ReloadMetadata{}; }},
        {"get_inconsistent_metadata", [](JsonReader&, const Json&) -> Command { return GetInconsistentMetadata{}; }},
        {"pg_add_source", [](JsonReader& a, const Json&) -> Command { return parse_add_source(a); }},
        {"pg_drop_source", [](JsonReader& a, const Json&) -> Command { return parse_drop_source(a); }},
        {"pg_track_table", [](JsonReader& a, const Json&) -> Command { return parse_track_table(a); }},
        {"track_table", [](JsonReader& a, const Json&) -> Command { return parse_track_table(a); }},
        {"pg_set_table_customization", [](JsonReader& a, const Json&) -> Command { return parse_set_table_customization(a); }},
        {"pg_set_table_is_enum", [](JsonReader& a, const Json&) -> Command { return parse_set_table_is_enum(a); }},
        {"set_table_is_enum", [](JsonReader& a, const Json&) -> Command { return parse_set_table_is_enum(a); }},
        {"pg_untrack_table", [](JsonReader& a, const Json&) -> Command { return parse_untrack_table(a); }},
        {"pg_add_computed_field", [](JsonReader& a, const Json& raw) -> Command { a.accept_all_keys(); return parse_add_computed_field(raw, a.path(), source_of(a)); }},
        {"pg_drop_computed_field", [](JsonReader& a, const Json& raw) -> Command { a.accept_all_keys(); return parse_drop_computed_field(raw, a.path(), source_of(a)); }},
        {"pg_track_function", [](JsonReader& a, const Json& raw) -> Command { a.accept_all_keys(); return parse_track_function(raw, a.path(), source_of(a)); }},
        {"pg_untrack_function", [](JsonReader& a, const Json& raw) -> Command { a.accept_all_keys(); return parse_untrack_function(raw, a.path(), source_of(a)); }},
        {"untrack_table", [](JsonReader& a, const Json&) -> Command { return parse_untrack_table(a); }},
    };
    auto it = parsers.find(type);
    if (it == parsers.end())
        throw MetadataError("parse-failed", "unknown metadata command \"" + type + "\"", request.path_of("type"));

    bool legacy = type == "track_table" || type == "untrack_table";
    Json args_copy = legacy ? legacy_table_args(type, args_json) : Json();
    JsonReader args(legacy ? args_copy : args_json, args_path);
    parsed.command = it->second(args, legacy ? args_copy : args_json);
    args.reject_unknown_keys();
    return parsed;
}

}  // namespace graphgate
