#pragma once
// The mutation planner: reads a validated mutation against the role's schema, with its coerced
// variables, and decides everything its statements will do (plan_mutation.hpp).  Throws
// GraphQLError for what the schema cannot express but the write refuses: Hasura's nested-insert
// validations, a column in two update operators, an upsert whose rows cannot be matched to the
// objects that nested rows hang from.
#include "core/compile/compiler.hpp"
#include "core/compile/plan_mutation.hpp"

namespace graphgate::compile {

MutationPlan plan_mutation(const CompileInput& input);

}  // namespace graphgate::compile
