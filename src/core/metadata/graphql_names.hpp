#pragma once
// The GraphQL names a tracked table gets, and the check that tracking makes of them: a table
// whose names cannot be in the GraphQL schema is refused when it is tracked, with a message that
// says what to do, rather than tracked and then silently left out of the schema (Hasura's
// issue #8892 asks for the same).
#include "core/json.hpp"
#include <string>
#include <vector>

#include "core/metadata/table_name.hpp"

namespace graphgate {

// configuration.custom_name, or Hasura's default: the table's name in schema public,
// "<schema>_<name>" elsewhere.  Source customization (prefixes) comes on top.
std::string table_graphql_name(const TableName& table, const Json& configuration);

// A column's GraphQL name: configuration.column_config.<column>.custom_name, else Hasura's older
// configuration.custom_column_names.<column>, else the column's own name.
std::string column_graphql_name(const Json& configuration, const std::string& column);
// configuration.column_config.<column>.comment: the column's description in the schema, if set.
const Json* column_comment(const Json& configuration, const std::string& column);

// Throws MetadataError if the configuration is malformed (parse-failed: names that are not
// strings, column_config entries that are not objects), names a column the table does not have
// (not-exists), or gives the table, one of its custom root fields or one of its columns a name
// that is not a valid GraphQL name or that two columns share (validation-failed).
void check_graphql_names(const TableName& table, const Json& configuration,
                         const std::vector<std::string>& columns);

}  // namespace graphgate
