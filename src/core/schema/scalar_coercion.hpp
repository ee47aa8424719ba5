#pragma once
// How the custom scalars of a catalog (bigint, numeric, uuid, timestamptz, jsonb, ...) accept
// input.  Hasura is lenient here and leaves the final word to Postgres' input functions; so are
// we, refusing only what no Postgres input function of the kind could take, so that the mistake
// is reported as a GraphQL error naming the scalar rather than as an SQL error.
#include <string_view>

#include "core/graphql/schema_interface.hpp"
#include "core/schema/catalog_snapshot.hpp"

namespace graphgate::schema {

// The input hook of the custom scalar `name` whose columns are of `kind`:
//   Int, Float, Numeric  JSON numbers and strings holding a number ("12", "-1.5e3", "NaN")
//   String, Other        strings, numbers and booleans (Postgres parses their text); lists too
//                        for array types (names starting with '_', Hasura's "_text")
//   Json                 anything
// Values are passed on unchanged.
graphql::ScalarCoercer scalar_coercer(std::string_view name, ScalarKind kind);

// Whether text is a number as Postgres' numeric input reads one (surrounding spaces allowed).
bool is_numeric_text(std::string_view text);

}  // namespace graphgate::schema
