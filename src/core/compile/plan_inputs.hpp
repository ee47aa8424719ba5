#pragma once
// How the planner reads argument values and turns them into parameters.  An argument value is
// read as the coerced value together with the document node it came from (null inside a
// variable's value and for defaults), so that a value written as a single variable can stay a
// variable parameter of the cached statement, and every other variable the value depends on is
// recorded as structural (it shaped the plan: a cached statement may only be reused for the same
// value).
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "core/compile/compiler.hpp"
#include "core/compile/plan.hpp"

namespace graphgate::compile {

struct Input {
    const Json* value;
    const graphql::ast::Value* node;

    bool is_null() const { return value->is_null(); }
};

class PlanInputs {
public:
    PlanInputs(const CompileInput& input, Plan& plan) : in_(input), plan_(plan) {}

    // The coerced arguments of a field, and one argument of them.
    Input arguments(const graphql::CollectedField& f, const graphql::FieldDef& def);
    Input argument(const Input& args, const graphql::CollectedField& f, const std::string& name);
    // A key of an input object value, the elements of a list value (a single value where a list
    // is expected was coerced into a one-element list).
    Input child(const Input& in, const std::string& key);
    std::vector<Input> elements(const Input& in);
    static Input null_input();

    // A value the statement compares or limits with: a single non-null variable stays a variable
    // parameter; anything else is bound as the constant it is.
    BoundValue bind(const Input& in, const std::string& pg_type, bool list = false);
    // A variable the caller sets that no document can name (a stream's cursor).
    BoundValue bind_variable(const std::string& name, const std::string& pg_type);
    // A json or jsonb value: bound as its JSON text, so a single variable stays a parameter too.
    BoundValue bind_json(const Input& in, const std::string& pg_type);
    // A parameter the caller made (one whose value comes from elsewhere than the request).
    BoundValue bind_param(Param p, const std::string& pg_type, bool list = false);
    // A value known to the planner (introspection's answer, a json path).
    BoundValue bind_constant(const Json& value, const std::string& pg_type, bool list = false);
    // limit and offset: counts, which must not be negative; checked now for a literal and for
    // every request's variables when bound (`path` names the argument in the error).
    BoundValue bind_count(const Input& in, std::vector<PathSegment> path);

    // A value that decides the statement's shape (an enum, a boolean, a list of columns).
    const Json& structural(const Input& in);
    // The variables a node mentions shape the statement.
    void mark_structural(const graphql::ast::Value* node);
    // Marks the node structural when it is a variable (an object read key by key).
    void mark_if_variable(const Input& in);

private:
    BoundValue add(Param p, const std::string& pg_type, bool list);

    const CompileInput& in_;
    Plan& plan_;
    std::deque<Json> storage_;  // coerced argument objects the Inputs point into
};

}  // namespace graphgate::compile
