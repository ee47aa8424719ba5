#pragma once
// Makes a catalog snapshot fit for a GraphQL schema before anything is built from it.  Hasura
// marks what it cannot expose as an inconsistent object and serves the rest; so do we: a table,
// column or relationship whose names are not valid GraphQL names, or that would clash with
// something already in the schema, is left out (first come, first served, in snapshot order),
// with a message saying why.  The compiler then works from the same prepared snapshot, so that
// whatever a validated query names is there.
#include <string>
#include <vector>

#include "core/schema/catalog_snapshot.hpp"

namespace graphgate::schema {

// In place:
//  - fills empty root field names with Hasura's defaults (<t>, <t>_by_pk, <t>_aggregate,
//    insert_<t>, ...);
//  - drops columns (selected, inserted or updated) with an invalid or duplicate name or an
//    invalid scalar name, clears a primary key that names a dropped or unknown column (no _by_pk
//    fields then), and drops unique keys whose names cannot be enum values (no upserts on them);
//  - drops tables with an invalid type or root field name, the role may neither read nor write,
//    or whose type or (query or mutation) root field names clash with an earlier table's, a
//    scalar's or a built-in name;
//  - drops relationships with an invalid name, a name (or "<name>_aggregate") that clashes with
//    a field of the table, or a target that is out of range or dropped; renumbers the targets.
// Returns one message per thing dropped.
std::vector<std::string> prepare_snapshot(CatalogSnapshot& snapshot);

// Every type name a table may give rise to (whether it does depends on its columns), the
// table's own first.
std::vector<std::string> table_type_names(const std::string& graphql_name);

}  // namespace graphgate::schema
