// graphgate's configuration parameters (GUCs), defined when the library loads.
#pragma once

namespace graphgate::pg {

// Called once, from _PG_init.
void define_settings();

// graphgate.stringify_numeric_types: bigint, numeric and double precision values answered as
// JSON strings (Hasura's HASURA_GRAPHQL_STRINGIFY_NUMERIC_TYPES); graphgate-server sets it on
// its connections when started with --stringify-numeric-types.
bool stringify_numeric_types();

}  // namespace graphgate::pg
