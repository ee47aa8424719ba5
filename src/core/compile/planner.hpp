#pragma once
// The planner: reads a validated operation against the role's schema, with its coerced
// variables, and decides everything the statement will do (plan.hpp).  Throws GraphQLError
// (validation-failed) for what the schema cannot express but SQL refuses, e.g. distinct_on
// columns that do not lead order_by, or a negative limit.
#include "core/compile/compiler.hpp"
#include "core/compile/plan.hpp"

namespace graphgate::compile {

Plan plan_query(const CompileInput& input);

// Hooks for the mutation planner, which plans `returning` as the query planner plans rows:
// the fields `f` selects of rows of `t` (its parameters added to `plan`; `path` names `f` for
// errors on the arguments below it), and the variables @skip/@include read (structural).
class PlanInputs;
std::vector<Field> plan_row_fields(const CompileInput& input, Plan& plan, const TableInfo& t,
                                   const graphql::CollectedField& f, std::vector<PathSegment> path);
void mark_directive_variables(const CompileInput& input, PlanInputs& inputs);

}  // namespace graphgate::compile
