#include "core/metadata/graphql_names.hpp"

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

}  // namespace

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
            const Json* field = string_entry(*roots, it.key(), "custom_root_fields." + it.key());
            if (field && !is_valid_graphql_name(field->get<std::string>()))
                throw not_a_graphql_name(field->get<std::string>())
                    .with_detail("It is custom_root_fields." + it.key() + " of table \"" + table.display() + "\".")
                    .with_hint("Choose a custom root field name of letters, digits and underscores.");
        }
    }
    for (const std::string& column : columns) {
        bool enum_word = column == "true" || column == "false" || column == "null";
        if (is_valid_graphql_name(column) && !enum_word) continue;
        throw not_a_graphql_name(column)
            .with_detail("Column \"" + column + "\" of table \"" + table.display() + "\"" +
                         (enum_word ? " cannot be a value of the GraphQL enum of the table's columns."
                                    : ": GraphQL names are letters, digits and underscores, not starting with a "
                                      "digit or \"__\"."))
            .with_hint("graphgate has no custom column names: rename the column, or track a view that renames it.");
    }
}

}  // namespace graphgate
