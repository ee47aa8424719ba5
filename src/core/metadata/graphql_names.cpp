#include "core/metadata/graphql_names.hpp"

#include <algorithm>
#include <map>

#include "core/metadata/error.hpp"
#include "core/schema/type_names.hpp"

namespace graphgate {
namespace {

using schema::is_valid_graphql_name;

// Hasura's wording, so that users find its documentation and issues.
MetadataError not_a_graphql_name(const std::string& name) {
    return MetadataError("validation-failed",
                         "cannot include \"" + name + "\" in the GraphQL schema because it is not a valid GraphQL identifier");
}

// A valid GraphQL name close to `name`, or empty: runs of other characters become one '_'.
std::string suggested_name(const std::string& name) {
    std::string out;
    for (char c : name) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        if (ok) out += c;
        else if (!out.empty() && out.back() != '_') out += '_';
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    if (!out.empty() && out[0] >= '0' && out[0] <= '9') out = "_" + out;
    return is_valid_graphql_name(out) ? out : std::string();
}

// Errors point at the request's args (the executor puts them there); the message names the key.
const Json* string_entry(const Json& object, const std::string& key, const std::string& label) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return nullptr;
    if (!it->is_string()) throw MetadataError("parse-failed", "configuration: " + label + " must be a string");
    return &*it;
}

// configuration.<key> as an object keyed by column names, each of which the table has.
const Json* column_map(const Json& configuration, const std::string& key, const TableName& table,
                                 const std::vector<std::string>& columns) {
    auto it = configuration.find(key);
    if (it == configuration.end() || it->is_null()) return nullptr;
    if (!it->is_object()) throw MetadataError("parse-failed", "configuration: " + key + " must be an object");
    for (auto c = it->begin(); c != it->end(); ++c)
        if (std::find(columns.begin(), columns.end(), c.key()) == columns.end())
            throw MetadataError("not-exists", "configuration: " + key + " names column \"" + c.key() +
                                                  "\", which table \"" + table.display() + "\" does not have");
    return &*it;
}

const Json* column_entry(const Json& configuration, const std::string& key,
                                   const std::string& column) {
    auto map = configuration.find(key);
    if (map == configuration.end() || !map->is_object()) return nullptr;
    auto it = map->find(column);
    return it == map->end() ? nullptr : &*it;
}

}  // namespace

std::string column_graphql_name(const Json& configuration, const std::string& column) {
    if (const Json* config = column_entry(configuration, "column_config", column); config && config->is_object()) {
        auto name = config->find("custom_name");
        if (name != config->end() && name->is_string()) return name->get<std::string>();
    }
    if (const Json* name = column_entry(configuration, "custom_column_names", column); name && name->is_string())
        return name->get<std::string>();
    return column;
}

const Json* column_comment(const Json& configuration, const std::string& column) {
    const Json* config = column_entry(configuration, "column_config", column);
    if (!config || !config->is_object()) return nullptr;
    auto comment = config->find("comment");
    return comment != config->end() && comment->is_string() ? &*comment : nullptr;
}

std::string table_graphql_name(const TableName& table, const Json& configuration) {
    auto custom = configuration.find("custom_name");
    if (custom != configuration.end() && custom->is_string()) return custom->get<std::string>();
    return table.schema == "public" ? table.name : table.schema + "_" + table.name;
}

void check_graphql_names(const TableName& table, const Json& configuration,
                         const std::vector<std::string>& columns) {
    string_entry(configuration, "custom_name", "custom_name");
    std::string name = table_graphql_name(table, configuration);
    if (!is_valid_graphql_name(name)) {
        std::string suggestion = suggested_name(name);
        std::string custom = suggestion.empty() ? "a valid GraphQL name" : "\"" + suggestion + "\"";
        throw not_a_graphql_name(name)
            .with_detail("GraphQL names are letters, digits and underscores, not starting with a digit or \"__\".")
            .with_hint("Track the table with a custom name, e.g. the configuration {\"custom_name\": " + custom +
                       "} (in SQL: graphgate.track_table(source, table, configuration => ...)), or rename it.");
    }
    auto roots = configuration.find("custom_root_fields");
    if (roots != configuration.end() && !roots->is_null()) {
        if (!roots->is_object())
            throw MetadataError("parse-failed", "configuration: custom_root_fields must be an object");
        for (auto it = roots->begin(); it != roots->end(); ++it) {
            // A name, or Hasura's {"name": ..., "comment": ...} (either may be left out or null).
            const std::string label = "custom_root_fields." + it.key();
            const Json* field = nullptr;
            if (it->is_object()) {
                for (auto key = it->begin(); key != it->end(); ++key)
                    if (key.key() != "name" && key.key() != "comment")
                        throw MetadataError("parse-failed", "configuration: " + label + " has unknown key \"" +
                                                                key.key() + "\" (name and comment are known)");
                field = string_entry(*it, "name", label + ".name");
                string_entry(*it, "comment", label + ".comment");
            } else if (!it->is_null() && !it->is_string()) {
                throw MetadataError("parse-failed", "configuration: " + label + " must be a string or an object");
            } else {
                field = string_entry(*roots, it.key(), label);
            }
            if (field && !is_valid_graphql_name(field->get<std::string>()))
                throw not_a_graphql_name(field->get<std::string>())
                    .with_detail("It is custom_root_fields." + it.key() + " of table \"" + table.display() + "\".")
                    .with_hint("Choose a custom root field name of letters, digits and underscores.");
        }
    }
    if (const Json* config = column_map(configuration, "column_config", table, columns)) {
        for (auto it = config->begin(); it != config->end(); ++it) {
            if (!it->is_object())
                throw MetadataError("parse-failed", "configuration: column_config." + it.key() + " must be an object");
            for (auto key = it->begin(); key != it->end(); ++key) {
                if (key.key() != "custom_name" && key.key() != "comment")
                    throw MetadataError("parse-failed", "configuration: column_config." + it.key() + " has unknown key \"" +
                                                            key.key() + "\" (custom_name and comment are known)");
                string_entry(*it, key.key(), "column_config." + it.key() + "." + key.key());
            }
        }
    }
    if (const Json* names = column_map(configuration, "custom_column_names", table, columns))
        for (auto it = names->begin(); it != names->end(); ++it)
            string_entry(*names, it.key(), "custom_column_names." + it.key());

    std::map<std::string, std::string> fields;  // GraphQL name -> column
    for (const std::string& column : columns) {
        std::string field = column_graphql_name(configuration, column);
        bool renamed = field != column;
        std::string what = "Column \"" + column + "\" of table \"" + table.display() + "\"" +
                           (renamed ? ", named \"" + field + "\" in GraphQL," : "");
        bool enum_word = field == "true" || field == "false" || field == "null";
        if (!is_valid_graphql_name(field) || enum_word) {
            std::string suggestion = suggested_name(column);
            throw not_a_graphql_name(field)
                .with_detail(what + (enum_word ? " cannot be a value of the GraphQL enum of the table's columns."
                                               : ": GraphQL names are letters, digits and underscores, not starting "
                                                 "with a digit or \"__\"."))
                .with_hint("Give the column a custom name, e.g. the configuration {\"column_config\": {\"" + column +
                           "\": {\"custom_name\": \"" + (suggestion.empty() || enum_word ? column + "_" : suggestion) +
                           "\"}}}, or rename it.");
        }
        auto [at, fresh] = fields.emplace(field, column);
        if (!fresh)
            throw MetadataError("validation-failed", "columns \"" + at->second + "\" and \"" + column + "\" of table \"" +
                                                         table.display() + "\" would both be the GraphQL field \"" +
                                                         field + "\"")
                .with_hint("Give them different custom names in column_config.");
    }
}

}  // namespace graphgate
