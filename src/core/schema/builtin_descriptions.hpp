#pragma once
// graphql-js' words for what every schema has.  The GraphQL front end defines the introspection
// types and the specified directives (core/graphql/builtin_types) for validation, where only
// their shape matters; introspection also shows their descriptions and field order, and GraphiQL
// and schema diffs against graphql-js see them.  This adds graphql-js 16's descriptions and puts
// __Type.isOneOf last, where graphql-js has it.
#include "core/graphql/schema_interface.hpp"

namespace graphgate::schema {

// Before Schema::finalize: adds the built-in definitions (as finalize would) and describes them.
void add_described_builtins(graphql::Schema& schema);

}  // namespace graphgate::schema
