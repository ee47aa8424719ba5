#pragma once
// Which types a schema shows to introspection and SDL, and in what order.  graphql-js lists the
// types reachable from the root types, the introspection types and the directives' arguments
// (a built-in scalar nobody uses, like ID, is not there); so do we, sorted by name so that the
// output is stable whatever order the schema was built in.
#include <vector>

#include "core/graphql/schema_interface.hpp"

namespace graphgate::schema {

std::vector<const graphql::TypeDef*> visible_types(const graphql::Schema& schema);

}  // namespace graphgate::schema
