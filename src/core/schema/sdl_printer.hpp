#pragma once
// The schema as SDL, laid out exactly as graphql-js 16's printSchema() lays it out: built-in
// scalars, specified directives and introspection types left out; "schema { query: query_root }"
// first because the root is not named Query; descriptions as block strings; types in the order
// introspection lists them, so that printSchema(buildClientSchema(<our introspection>)) gives
// the same text.  No trailing newline, as graphql-js.
#include <string>

#include "core/graphql/schema_interface.hpp"
#include "core/schema/graphql_schema.hpp"

namespace graphgate::schema {

std::string print_sdl(const GraphQLSchema& schema);
std::string print_sdl(const graphql::Schema& schema);

}  // namespace graphgate::schema
