#include "core/graphql/collect_fields.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "core/graphql/coercion.hpp"

namespace graphgate::graphql {
namespace {

const ast::FragmentDefinition* find_fragment(const ast::Document& document, std::string_view name) {
    for (const auto& f : document.fragments)
        if (f.name == name) return &f;
    return nullptr;
}

bool applies(const Schema& schema, std::string_view type_condition, const TypeDef& object_type) {
    if (type_condition.empty() || type_condition == object_type.name) return true;
    const TypeDef* condition = schema.type(type_condition);
    if (!condition || !condition->is_abstract()) return false;
    for (const TypeDef* t : condition->possible_types)
        if (t == &object_type) return true;
    return false;
}

void collect(const Schema& schema, const ast::Document& document, const TypeDef& object_type,
             const std::vector<ast::Selection>& selections, const Json& variables,
             std::vector<CollectedField>& out, std::set<std::string_view>& visited_fragments) {
    for (const ast::Selection& selection : selections) {
        if (!should_include(schema, document, selection.directives, variables)) continue;
        switch (selection.kind) {
            case ast::SelectionKind::Field: {
                std::string_view key = selection.response_name();
                auto it = std::find_if(out.begin(), out.end(), [&](const CollectedField& f) { return f.response_name == key; });
                if (it == out.end()) out.push_back(CollectedField{key, {&selection}});
                else it->nodes.push_back(&selection);
                break;
            }
            case ast::SelectionKind::FragmentSpread: {
                if (!visited_fragments.insert(selection.name).second) break;
                const ast::FragmentDefinition* fragment = find_fragment(document, selection.name);
                if (!fragment || !applies(schema, fragment->type_condition, object_type)) break;
                collect(schema, document, object_type, fragment->selection_set, variables, out, visited_fragments);
                break;
            }
            case ast::SelectionKind::InlineFragment:
                if (!applies(schema, selection.name, object_type)) break;
                collect(schema, document, object_type, selection.selection_set, variables, out, visited_fragments);
                break;
        }
    }
}

}  // namespace

bool should_include(const Schema& schema, const ast::Document& document,
                    const std::vector<ast::Directive>& directives, const Json& variables) {
    for (const ast::Directive& d : directives) {
        if (d.name != "skip" && d.name != "include") continue;
        const DirectiveDef* def = schema.directive(d.name);
        if (!def) continue;
        Json args = coerce_argument_values(def->args, d.arguments, d.loc, variables, document);
        bool value = args.value("if", false);
        if (d.name == "skip" && value) return false;
        if (d.name == "include" && !value) return false;
    }
    return true;
}

std::vector<CollectedField> collect_fields(const Schema& schema, const ast::Document& document,
                                           const TypeDef& object_type,
                                           const std::vector<ast::Selection>& selection_set, const Json& variables) {
    std::vector<CollectedField> out;
    std::set<std::string_view> visited;
    collect(schema, document, object_type, selection_set, variables, out, visited);
    return out;
}

std::vector<CollectedField> collect_subfields(const Schema& schema, const ast::Document& document,
                                              const TypeDef& object_type, const CollectedField& field,
                                              const Json& variables) {
    std::vector<CollectedField> out;
    std::set<std::string_view> visited;
    for (const ast::Selection* node : field.nodes)
        collect(schema, document, object_type, node->selection_set, variables, out, visited);
    return out;
}

}  // namespace graphgate::graphql
