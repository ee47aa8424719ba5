#pragma once
// Hasura's enum tables (is_enum): a table whose rows are the values of a GraphQL enum.  It must
// have a single-column text primary key (the values), at most one other column, of type text
// (their descriptions), and at least one row, every value a GraphQL enum value name.  These
// checks, and Hasura's wording for what fails them; reading the table is the caller's.
#include <optional>
#include <string>
#include <vector>

namespace graphgate {

struct EnumTableColumn {
    std::string name;
    std::string type;  // format_type() without typmod: "text", "integer"
};

// The table's shape: the reasons it cannot be an enum table, in Hasura's order.  `value_column`
// is set when the primary key is usable (the values can be read), `comment_column` when there
// is a usable comment column.
struct EnumTableShape {
    std::vector<std::string> problems;
    std::optional<std::string> value_column;
    std::optional<std::string> comment_column;
};
EnumTableShape check_enum_table_shape(const std::vector<std::string>& primary_key,
                                      const std::vector<EnumTableColumn>& columns);

// The reasons the values read cannot be an enum's (none, or names that are not GraphQL enum
// value names), appended to `problems`.
void check_enum_values(const std::vector<std::string>& values, std::vector<std::string>& problems);

// Hasura's message: 'the table "colors" cannot be used as an enum because ...' (one reason) or
// '... for the following reasons:\n  • ...\n' (several).  `table` as Hasura shows it: the name
// alone in schema public, "schema.name" elsewhere.
std::string enum_table_error(const std::string& table, const std::vector<std::string>& problems);

}  // namespace graphgate
