#pragma once
// The part of prepare_snapshot (snapshot_checks.hpp) that concerns SQL functions: computed
// fields and tracked functions whose names are not GraphQL names or clash with what the schema
// has already, or whose table was left out, are left out too, with a message; the kept ones'
// table indexes follow the kept tables.
#include <string>
#include <unordered_set>
#include <vector>

#include "core/schema/catalog_snapshot.hpp"

namespace graphgate::schema {

// `new_index`: for each table of the snapshot before prepare_snapshot dropped any, its index
// now (or -1).  `root_fields` and `mutation_fields`: the root field names taken by tables.
void prepare_functions(CatalogSnapshot& snapshot, const std::vector<long>& new_index,
                       std::unordered_set<std::string>& root_fields, std::unordered_set<std::string>& mutation_fields,
                       std::vector<std::string>& problems);

}  // namespace graphgate::schema
