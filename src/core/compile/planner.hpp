#pragma once
// The planner: reads a validated operation against the role's schema, with its coerced
// variables, and decides everything the statement will do (plan.hpp).  Throws GraphQLError
// (validation-failed) for what the schema cannot express but SQL refuses, e.g. distinct_on
// columns that do not lead order_by, or a negative limit.
#include "core/compile/compiler.hpp"
#include "core/compile/plan.hpp"

namespace graphgate::compile {

Plan plan_query(const CompileInput& input);

}  // namespace graphgate::compile
