#pragma once
// Small helpers both schema builders (queries and mutations) use to write Hasura's definitions:
// descriptions are Hasura's word for word (clients show them, and users diff schemas), and
// Hasura quotes table and type names in them; fields, arguments and values are listed by name.
#include <algorithm>
#include <string>
#include <vector>

#include "core/graphql/schema_interface.hpp"

namespace graphgate::schema {

inline std::string in_quotes(const std::string& text) { return "\"" + text + "\""; }

inline graphql::InputValueDef described(graphql::InputValueDef value, std::string description) {
    value.description = std::move(description);
    return value;
}

inline graphql::FieldDef described(graphql::FieldDef field, std::string description) {
    field.description = std::move(description);
    return field;
}

template <typename T>
void sort_by_name(std::vector<T>& items) {
    std::sort(items.begin(), items.end(), [](const T& a, const T& b) { return a.name < b.name; });
}

}  // namespace graphgate::schema
