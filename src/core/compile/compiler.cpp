#include "core/compile/compiler.hpp"

#include "core/compile/planner.hpp"
#include "core/compile/printer.hpp"

namespace graphgate::compile {

CompiledQuery compile_query(const CompileInput& input) { return print_plan(plan_query(input), input.first_remote_id); }

}  // namespace graphgate::compile
