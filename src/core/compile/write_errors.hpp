#pragma once
// Hasura's GraphQL error for a Postgres error that a mutation's write raised (design §11, the
// research note's A2.8): integrity violations are `constraint-violation` with Hasura's message
// prefixes, a row-level security WITH CHECK failure is `permission-error`, data exceptions are
// `data-exception`, a conflict target Postgres cannot use is `constraint-error`; anything else
// is `postgres-error`.  Never a raw SQL error: the caller adds Postgres' detail only for admin.
#include <string>
#include <vector>

#include "core/graphql/error.hpp"

namespace graphgate::compile {

// `sqlstate`: five characters; `argument`: the path of the argument that carried the rows
// (insert: ...args.objects), where Hasura reports integrity and data errors of an insert.
GraphQLError write_error(const std::string& sqlstate, const std::string& message,
                         const std::vector<PathSegment>& argument);

}  // namespace graphgate::compile
