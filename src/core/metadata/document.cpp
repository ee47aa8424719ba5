#include "core/metadata/document.hpp"

#include <algorithm>

#include "core/metadata/error.hpp"
#include "core/metadata/json_reader.hpp"

namespace graphgate {
namespace {

const Json kEmptyArray = Json::array();

const Json& array_field(JsonReader& reader, const char* key) {
    const Json* v = reader.optional(key);
    if (!v) return kEmptyArray;
    if (!v->is_array())
        throw MetadataError("parse-failed", "expected an array, found " + json_kind(*v), reader.path_of(key));
    return *v;
}

std::string index_path(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

TableDocument parse_table(const Json& entry, const std::string& path, const std::string& source) {
    JsonReader reader(entry, path);
    TableDocument out;
    out.table = parse_table_name(reader.required("table"), reader.path_of("table"));
    if (const Json* c = reader.optional("configuration")) {
        if (!c->is_object())
            throw MetadataError("parse-failed", "expected an object, found " + json_kind(*c), reader.path_of("configuration"));
        out.configuration = *c;
    }
    out.is_enum = reader.optional_bool("is_enum", false);
    const Json& objects = array_field(reader, "object_relationships");
    for (size_t i = 0; i < objects.size(); ++i)
        out.object_relationships.push_back(parse_relationship_entry(
            RelationshipKind::Object, objects[i], index_path(reader.path_of("object_relationships"), i), source, out.table));
    const Json& arrays = array_field(reader, "array_relationships");
    for (size_t i = 0; i < arrays.size(); ++i)
        out.array_relationships.push_back(parse_relationship_entry(
            RelationshipKind::Array, arrays[i], index_path(reader.path_of("array_relationships"), i), source, out.table));
    const Json& remotes = array_field(reader, "remote_relationships");
    for (size_t i = 0; i < remotes.size(); ++i) {
        JsonReader rel(remotes[i], index_path(reader.path_of("remote_relationships"), i));
        CreateRemoteRelationship r;
        r.source = source;
        r.table = out.table;
        r.name = rel.required_string("name");
        parse_remote_definition(rel.required("definition"), rel.path_of("definition"), r);
        rel.reject_unknown_keys();
        out.remote_relationships.push_back(std::move(r));
    }
    const Json& computed = array_field(reader, "computed_fields");
    for (size_t i = 0; i < computed.size(); ++i)
        out.computed_fields.push_back(
            parse_computed_field_entry(computed[i], index_path(reader.path_of("computed_fields"), i), source, out.table));
    // Parts of Hasura's table metadata that graphgate has no use for yet are refused rather than
    // silently dropped, so that a replace never loses what the user wrote.
    reader.reject_unknown_keys();
    return out;
}

Json table_json(const TableName& t) { return {{"name", t.name}, {"schema", t.schema}}; }

Json local_relationship_json(const CreateRelationship& r) {
    return {{"name", r.name}, {"using", sorted_keys(r.using_json)}};
}

}  // namespace

MetadataDocument parse_metadata_document(const Json& doc, const std::vector<std::string>& local_names) {
    JsonReader reader(doc, "$");
    if (const Json* v = reader.optional("version")) {
        if (!v->is_number_integer() || v->get<int>() != 3)
            throw MetadataError("parse-failed", "only metadata version 3 is supported", reader.path_of("version"));
    }
    const Json& sources = reader.required("sources");
    if (!sources.is_array())
        throw MetadataError("parse-failed", "expected an array, found " + json_kind(sources), reader.path_of("sources"));
    reader.reject_unknown_keys();

    MetadataDocument out;
    for (size_t i = 0; i < sources.size(); ++i) {
        std::string path = index_path("$.sources", i);
        JsonReader source(sources[i], path);
        SourceDocument s;
        s.name = source.required_string("name");
        if (auto kind = source.optional_string("kind"); kind && *kind != "postgres")
            throw MetadataError("not-supported", "source kind \"" + *kind + "\" is not supported: graphgate serves PostgreSQL",
                                source.path_of("kind"));
        bool local = std::find(local_names.begin(), local_names.end(), s.name) != local_names.end();
        if (!local) {
            AddSource add = parse_add_source_args(sources[i], path, {"tables", "functions"});
            s.connection = add.connection;
            s.server = add.server;
            s.customization = add.customization;
        }
        const Json& functions = array_field(source, "functions");
        for (size_t f = 0; f < functions.size(); ++f)
            s.functions.push_back(parse_track_function(functions[f], index_path(source.path_of("functions"), f), s.name));
        const Json& tables = array_field(source, "tables");
        for (size_t t = 0; t < tables.size(); ++t)
            s.tables.push_back(parse_table(tables[t], index_path(source.path_of("tables"), t), s.name));
        for (size_t a = 0; a < s.tables.size(); ++a)
            for (size_t b = a + 1; b < s.tables.size(); ++b)
                if (s.tables[a].table == s.tables[b].table)
                    throw MetadataError("parse-failed", "table \"" + s.tables[b].table.display() + "\" appears twice",
                                        index_path(source.path_of("tables"), b));
        for (const SourceDocument& other : out.sources)
            if (other.name == s.name)
                throw MetadataError("parse-failed", "source \"" + s.name + "\" appears twice", path);
        out.sources.push_back(std::move(s));
    }
    return out;
}

Json to_json(const MetadataDocument& doc) {
    Json sources = Json::array();
    for (const SourceDocument& s : doc.sources) {
        Json source = Json::object();
        source["name"] = s.name;
        source["kind"] = "postgres";
        Json tables = Json::array();
        for (const TableDocument& t : s.tables) {
            Json table = Json::object();
            table["table"] = table_json(t.table);
            if (t.is_enum) table["is_enum"] = true;
            if (!t.configuration.empty()) table["configuration"] = sorted_keys(t.configuration);
            auto list = [](const std::vector<CreateRelationship>& rels) {
                Json out = Json::array();
                for (const auto& r : rels) out.push_back(local_relationship_json(r));
                return out;
            };
            if (!t.object_relationships.empty()) table["object_relationships"] = list(t.object_relationships);
            if (!t.array_relationships.empty()) table["array_relationships"] = list(t.array_relationships);
            if (!t.remote_relationships.empty()) {
                Json remotes = Json::array();
                for (const auto& r : t.remote_relationships)
                    remotes.push_back({{"name", r.name}, {"definition", remote_definition_json(r)}});
                table["remote_relationships"] = remotes;
            }
            if (!t.computed_fields.empty()) {
                Json computed = Json::array();
                for (const auto& c : t.computed_fields) computed.push_back(computed_field_json(c));
                table["computed_fields"] = computed;
            }
            tables.push_back(table);
        }
        source["tables"] = tables;
        if (!s.functions.empty()) {
            Json functions = Json::array();
            for (const auto& f : s.functions) functions.push_back(tracked_function_json(f));
            source["functions"] = functions;
        }
        if (s.connection) {
            source["configuration"] = {{"connection_info", {{"database_url", *s.connection}}}};
        } else if (s.server) {
            source["configuration"] = {{"foreign_server", *s.server}};
        }
        if (!s.customization.empty()) source["customization"] = sorted_keys(s.customization);
        sources.push_back(source);
    }
    return {{"version", 3}, {"sources", sources}};
}

}  // namespace graphgate
