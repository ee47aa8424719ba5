#include "core/metadata/relationships.hpp"

#include <algorithm>

#include "core/metadata/error.hpp"
#include "core/metadata/json_reader.hpp"

namespace graphgate {
namespace {

std::vector<std::string> column_list(const Json& value, const std::string& path) {
    std::vector<std::string> out;
    if (value.is_string()) {
        out.push_back(value.get<std::string>());
    } else if (value.is_array()) {
        for (size_t i = 0; i < value.size(); ++i) {
            if (!value[i].is_string())
                throw MetadataError("parse-failed", "expected a column name, found " + json_kind(value[i]),
                                    path + "[" + std::to_string(i) + "]");
            out.push_back(value[i].get<std::string>());
        }
    } else {
        throw MetadataError("parse-failed", "expected a column name or a list of them, found " + json_kind(value), path);
    }
    if (out.empty()) throw MetadataError("parse-failed", "the list of columns must not be empty", path);
    return out;
}

}  // namespace

const char* to_string(RelationshipKind kind) { return kind == RelationshipKind::Object ? "object" : "array"; }

RelationshipKind parse_relationship_type(const Json& value, const std::string& path) {
    if (value.is_string()) {
        const std::string& s = value.get_ref<const std::string&>();
        if (s == "object") return RelationshipKind::Object;
        if (s == "array") return RelationshipKind::Array;
        throw MetadataError("parse-failed", "relationship_type must be \"object\" or \"array\", found \"" + s + "\"", path);
    }
    throw MetadataError("parse-failed", "relationship_type must be \"object\" or \"array\", found " + json_kind(value), path);
}

ColumnMapping parse_column_mapping(const Json& value, const std::string& path, const char* what) {
    if (!value.is_object())
        throw MetadataError("parse-failed", std::string(what) + " must be an object of column names, found " +
                                                json_kind(value), path);
    if (value.empty())
        throw MetadataError("parse-failed", std::string(what) + " must map at least one column", path);
    ColumnMapping out;
    for (auto it = value.begin(); it != value.end(); ++it) {
        if (!it.value().is_string())
            throw MetadataError("parse-failed", "expected a column name, found " + json_kind(it.value()),
                                path + "." + it.key());
        out.emplace_back(it.key(), it.value().get<std::string>());
    }
    // By source column, whatever order the request wrote them in: the batch function's
    // parameters follow this order.
    std::sort(out.begin(), out.end());
    return out;
}

RelationshipUsing parse_relationship_using(RelationshipKind kind, const Json& value, const std::string& path) {
    JsonReader using_clause(value, path);
    const Json* fk = using_clause.optional("foreign_key_constraint_on");
    const Json* manual = using_clause.optional("manual_configuration");
    using_clause.reject_unknown_keys();
    if ((fk != nullptr) == (manual != nullptr))
        throw MetadataError("parse-failed", "using must have exactly one of foreign_key_constraint_on and manual_configuration", path);
    if (manual) {
        JsonReader m(*manual, path + ".manual_configuration");
        ManualConfiguration out;
        out.remote_table = parse_table_name(m.required("remote_table"), m.path_of("remote_table"));
        out.mapping = parse_column_mapping(m.required("column_mapping"), m.path_of("column_mapping"), "column_mapping");
        m.optional("insertion_order");
        m.reject_unknown_keys();
        return out;
    }
    std::string fk_path = path + ".foreign_key_constraint_on";
    if (fk->is_object()) {
        JsonReader r(*fk, fk_path);
        ForeignKeyOnOtherTable out;
        out.table = parse_table_name(r.required("table"), r.path_of("table"));
        const Json* column = r.optional("column");
        const Json* columns = r.optional("columns");
        r.reject_unknown_keys();
        if ((column != nullptr) == (columns != nullptr))
            throw MetadataError("parse-failed", "give exactly one of column and columns", fk_path);
        out.columns = column_list(column ? *column : *columns, r.path_of(column ? "column" : "columns"));
        return out;
    }
    if (kind == RelationshipKind::Array)
        throw MetadataError("parse-failed",
                            "an array relationship's foreign_key_constraint_on names the other table: "
                            "{\"table\": ..., \"columns\": [...]}",
                            fk_path);
    return ForeignKeyOnThisTable{column_list(*fk, fk_path)};
}

namespace {

void parse_target(JsonReader& target, CreateRemoteRelationship& rel) {
    rel.kind = parse_relationship_type(target.required("relationship_type"), target.path_of("relationship_type"));
    rel.target_source = target.required_string("source");
    rel.target_table = parse_table_name(target.required("table"), target.path_of("table"));
    rel.mapping = parse_column_mapping(target.required("field_mapping"), target.path_of("field_mapping"), "field_mapping");
    target.reject_unknown_keys();
}

}  // namespace

void parse_remote_source(const Json& remote_source, const std::string& path, CreateRemoteRelationship& rel) {
    JsonReader target(remote_source, path);
    parse_target(target, rel);
}

void parse_remote_definition(const Json& definition, const std::string& path, CreateRemoteRelationship& rel) {
    JsonReader def(definition, path);
    if (def.has("to_remote_schema"))
        throw MetadataError("not-supported", "remote schema relationships are not supported: graphgate joins databases",
                            def.path_of("to_remote_schema"));
    JsonReader target(def.required("to_source"), def.path_of("to_source"));
    def.reject_unknown_keys();
    parse_target(target, rel);
}

Json remote_definition_json(const CreateRemoteRelationship& rel) {
    Json mapping = Json::object();
    for (const auto& [from, to] : rel.mapping) mapping[from] = to;
    Json to_source = Json::object();
    to_source["relationship_type"] = to_string(rel.kind);
    to_source["source"] = rel.target_source;
    to_source["table"] = {{"name", rel.target_table.name}, {"schema", rel.target_table.schema}};
    to_source["field_mapping"] = mapping;
    return {{"to_source", to_source}};
}

}  // namespace graphgate
