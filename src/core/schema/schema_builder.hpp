#pragma once
// Builds Hasura's GraphQL schema for the query root from a catalog snapshot: per table the
// object type, its aggregate types, <t>_bool_exp, <t>_order_by, <t>_select_column, and the
// root fields <t>, <t>_aggregate and <t>_by_pk; per scalar <scalar>_comparison_exp; the
// order_by enum.  Names, argument lists and descriptions are Hasura's, so that queries written
// for Hasura validate unchanged and introspection looks the same to its users.
//
// Like Hasura (and graphql-js) the schema holds only the types reachable from its root: a
// <t>_aggregate_order_by, say, exists only where an array relationship leads to <t>.  Fields
// are in alphabetical order, as Hasura lists them.
#include <memory>

#include "core/graphql/schema_interface.hpp"
#include "core/schema/catalog_snapshot.hpp"

namespace graphgate::schema {

// The one field of the query root when no table is in the schema (Hasura's name).  Hasura
// answers it with no_queries_message.
inline constexpr const char* no_queries_field = "no_queries_available";
inline constexpr const char* no_queries_message =
    "There are no queries available to the current role. Either there are no sources or remote schemas "
    "configured, or the current role doesn't have the required permissions.";

// Any snapshot: builds from a prepared copy (see prepare_snapshot; what fails its checks is
// left out).  The result is finalized.
std::unique_ptr<graphql::Schema> build_schema(const CatalogSnapshot& snapshot);

// A snapshot that prepare_snapshot() has already been applied to.  Throws std::invalid_argument
// if it breaks the rules prepare_snapshot() enforces.
std::unique_ptr<graphql::Schema> build_schema_from_prepared(const CatalogSnapshot& prepared);

}  // namespace graphgate::schema
