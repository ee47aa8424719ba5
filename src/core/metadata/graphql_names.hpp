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

// Throws MetadataError (validation-failed) if the configuration's names are not strings, or if
// the table's GraphQL name, one of its custom root fields or one of its columns is not a valid
// GraphQL name.
void check_graphql_names(const TableName& table, const Json& configuration,
                         const std::vector<std::string>& columns);

}  // namespace graphgate
