#include "core/compile/plan_inputs.hpp"

#include "core/graphql/coercion.hpp"

namespace graphgate::compile {

using graphql::ast::ValueKind;

namespace {
const Json null_json;
}

Input PlanInputs::null_input() { return Input{&null_json, nullptr}; }

Input PlanInputs::arguments(const graphql::CollectedField& f, const graphql::FieldDef& def) {
    const auto& node = f.first();
    storage_.push_back(graphql::coerce_argument_values(def.args, node.arguments, node.loc, in_.variables, in_.document));
    return Input{&storage_.back(), nullptr};
}

Input PlanInputs::argument(const Input& args, const graphql::CollectedField& f, const std::string& name) {
    const graphql::ast::Value* node = nullptr;
    for (const auto& a : f.first().arguments)
        if (a.name == name) node = &a.value;
    auto it = args.value->find(name);
    return Input{it == args.value->end() ? &null_json : &*it, node};
}

Input PlanInputs::child(const Input& in, const std::string& key) {
    const graphql::ast::Value* node = nullptr;
    if (in.node && in.node->kind == ValueKind::Variable) {
        mark_structural(in.node);
    } else if (in.node && in.node->kind == ValueKind::Object) {
        for (const auto& f : in.node->fields)
            if (f.name == key) node = &f.value;
    }
    auto it = in.value->is_object() ? in.value->find(key) : in.value->end();
    return Input{it == in.value->end() ? &null_json : &*it, node};
}

std::vector<Input> PlanInputs::elements(const Input& in) {
    std::vector<Input> out;
    if (!in.value->is_array()) return out;
    if (in.node && in.node->kind == ValueKind::Variable) mark_structural(in.node);
    bool literal_list = in.node && in.node->kind == ValueKind::List;
    for (size_t i = 0; i < in.value->size(); ++i) {
        const graphql::ast::Value* node = nullptr;
        if (literal_list && i < in.node->list.size()) node = &in.node->list[i];
        else if (!literal_list && in.node && in.node->kind != ValueKind::Variable && i == 0) node = in.node;
        out.push_back(Input{&(*in.value)[i], node});
    }
    return out;
}

void PlanInputs::mark_structural(const graphql::ast::Value* node) {
    if (!node) return;
    if (node->kind == ValueKind::Variable) plan_.structural_variables.insert(std::string(node->text));
    for (const graphql::ast::Value& v : node->list) mark_structural(&v);
    for (const auto& f : node->fields) mark_structural(&f.value);
}

void PlanInputs::mark_if_variable(const Input& in) {
    if (in.node && in.node->kind == ValueKind::Variable) mark_structural(in.node);
}

const Json& PlanInputs::structural(const Input& in) {
    mark_structural(in.node);
    return *in.value;
}

BoundValue PlanInputs::add(Param p, const std::string& pg_type, bool list) {
    p.is_list = list;
    plan_.params.push_back(std::move(p));
    return BoundValue{plan_.params.size() - 1, pg_type, list};
}

BoundValue PlanInputs::bind(const Input& in, const std::string& pg_type, bool list) {
    Param p;
    bool json_type = pg_type == "json" || pg_type == "jsonb";
    if (in.node && in.node->kind == ValueKind::Variable && !in.is_null() && !json_type) {
        p.from_variable = true;
        p.variable = std::string(in.node->text);
    } else {
        mark_structural(in.node);
        p.constant = json_type ? Json(in.value->dump()) : *in.value;
    }
    return add(std::move(p), pg_type, list);
}

BoundValue PlanInputs::bind_variable(const std::string& name, const std::string& pg_type) {
    Param p;
    p.from_variable = true;
    p.variable = name;
    return add(std::move(p), pg_type, false);
}

BoundValue PlanInputs::bind_json(const Input& in, const std::string& pg_type) {
    Param p;
    p.json_text = true;
    if (in.node && in.node->kind == ValueKind::Variable && !in.is_null()) {
        p.from_variable = true;
        p.variable = std::string(in.node->text);
    } else {
        mark_structural(in.node);
        p.constant = *in.value;
    }
    return add(std::move(p), pg_type, false);
}

BoundValue PlanInputs::bind_param(Param p, const std::string& pg_type, bool list) { return add(std::move(p), pg_type, list); }

BoundValue PlanInputs::bind_constant(const Json& value, const std::string& pg_type, bool list) {
    Param p;
    p.constant = (pg_type == "json" || pg_type == "jsonb") ? Json(value.dump()) : value;
    return add(std::move(p), pg_type, list);
}

BoundValue PlanInputs::bind_count(const Input& in, std::vector<PathSegment> path) {
    BoundValue v = bind(in, "bigint");
    Param& p = plan_.params[v.param];
    p.count = true;
    p.path = std::move(path);
    if (!p.from_variable) param_text(p, Json());  // a literal is refused now, before anything runs
    return v;
}

}  // namespace graphgate::compile
