#pragma once
// Reads the catalog snapshot the GraphQL layer works from: the tracked tables, columns and
// relationships that one role may see (its SELECT privileges on tables and columns decide).
#include "core/schema/catalog_snapshot.hpp"
#include "pg/spi.hpp"

namespace graphgate::pg {

// `role` is the OID of the role the queries will run as.  Throws MetadataError when two
// tables would get the same GraphQL name.
schema::CatalogSnapshot read_snapshot(Spi& spi, unsigned int role);

}  // namespace graphgate::pg
