#include "core/metadata/enum_tables.hpp"

#include <algorithm>

#include "core/schema/type_names.hpp"

namespace graphgate {
namespace {

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

std::string sorted_list(std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::string type_mismatch(const char* what, const EnumTableColumn& column) {
    return std::string("the table\u2019s ") + what + " (" + quoted(column.name) + ") must have type \"text\", not type " +
           quoted(column.type);
}

bool is_enum_value_name(const std::string& name) {
    return schema::is_valid_graphql_name(name) && name != "true" && name != "false" && name != "null";
}

}  // namespace

EnumTableShape check_enum_table_shape(const std::vector<std::string>& primary_key,
                                      const std::vector<EnumTableColumn>& columns) {
    EnumTableShape shape;
    const EnumTableColumn* key = nullptr;
    if (primary_key.empty()) {
        shape.problems.push_back("the table must have a primary key");
    } else if (primary_key.size() > 1) {
        shape.problems.push_back("the table\u2019s primary key must not span multiple columns (" +
                                 sorted_list(primary_key) + ")");
    } else {
        for (const EnumTableColumn& c : columns)
            if (c.name == primary_key[0]) key = &c;
        if (key && key->type != "text") {
            shape.problems.push_back(type_mismatch("primary key", *key));
            key = nullptr;
        }
    }
    // As Hasura: with no usable key, every column counts as one too many.
    std::vector<const EnumTableColumn*> others;
    for (const EnumTableColumn& c : columns)
        if (&c != key) others.push_back(&c);
    if (others.size() == 1) {
        if (others[0]->type == "text") shape.comment_column = others[0]->name;
        else shape.problems.push_back(type_mismatch("comment column", *others[0]));
    } else if (others.size() > 1) {
        std::vector<std::string> names;
        for (const EnumTableColumn* c : others) names.push_back(c->name);
        shape.problems.push_back("the table must have exactly one primary key and optionally one comment column, not " +
                                 std::to_string(names.size()) + " columns (" + sorted_list(names) + ")");
    }
    if (key) shape.value_column = key->name;
    return shape;
}

void check_enum_values(const std::vector<std::string>& values, std::vector<std::string>& problems) {
    if (values.empty()) problems.push_back("the table must have at least one row");
    std::vector<std::string> bad;
    for (const std::string& v : values)
        if (!is_enum_value_name(v)) bad.push_back(v);
    if (bad.empty()) return;
    std::sort(bad.begin(), bad.end());
    if (bad.size() == 1) {
        problems.push_back("the value " + quoted(bad[0]) + " is not a valid GraphQL enum value name");
        return;
    }
    std::string list;
    if (bad.size() == 2) {
        list = quoted(bad[0]) + " and " + quoted(bad[1]);
    } else {
        for (size_t i = 0; i + 1 < bad.size(); ++i) list += bad[i] + ", ";
        list += "and " + quoted(bad.back());
    }
    problems.push_back("the values " + list + " are not valid GraphQL enum value names");
}

std::string enum_table_error(const std::string& table, const std::vector<std::string>& problems) {
    std::string out = "the table " + quoted(table) + " cannot be used as an enum ";
    if (problems.size() == 1) return out + "because " + problems[0];
    out += "for the following reasons:\n";
    for (const std::string& p : problems) out += "  \u2022 " + p + "\n";
    return out;
}

}  // namespace graphgate
