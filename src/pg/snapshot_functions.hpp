#pragma once
// The part of a role's catalog snapshot that SQL functions make: computed fields of the tables
// and tracked functions (snapshot_reader.cpp reads the rest first).
#include <map>
#include <string>
#include <tuple>

#include "core/schema/catalog_snapshot.hpp"
#include "pg/spi.hpp"

namespace graphgate::pg {

// `tables`: the snapshot's tables by catalog key (source, schema, name).  A role sees a
// function of this database it may EXECUTE (a remote source's checks its own privileges when
// the call runs there), and a computed field only where it may also read every column of the
// table, which a whole-row reference needs.
void read_sql_functions(Spi& spi, const std::string& role, schema::CatalogSnapshot& snapshot,
                        const std::map<std::tuple<std::string, std::string, std::string>, size_t>& tables);

}  // namespace graphgate::pg
