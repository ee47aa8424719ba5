#include "core/graphql/collect_fields.hpp"

#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/graphql/coercion.hpp"

namespace graphgate::graphql {
namespace {

bool applies(const Schema& schema, std::string_view type_condition, const TypeDef& object_type) {
    if (type_condition.empty() || type_condition == object_type.name) return true;
    const TypeDef* condition = schema.type(type_condition);
    if (!condition || !condition->is_abstract()) return false;
    for (const TypeDef* t : condition->possible_types)
        if (t == &object_type) return true;
    return false;
}

// One CollectFields run: the fields so far, where each response name is among them (hashed: a
// selection set may hold thousands of fields), and the fragments already spread.
class Collector {
public:
    Collector(const Schema& schema, const ast::Document& document, const TypeDef& object_type, const Json& variables)
        : schema_(schema), document_(document), object_type_(object_type), variables_(variables) {}

    void collect(const std::vector<ast::Selection>& selections) {
        for (const ast::Selection& selection : selections) {
            if (!should_include(schema_, document_, selection.directives, variables_)) continue;
            switch (selection.kind) {
                case ast::SelectionKind::Field: {
                    auto [it, fresh] = positions_.emplace(selection.response_name(), out_.size());
                    if (fresh) out_.push_back(CollectedField{selection.response_name(), {&selection}});
                    else out_[it->second].nodes.push_back(&selection);
                    break;
                }
                case ast::SelectionKind::FragmentSpread: {
                    if (!visited_fragments_.insert(selection.name).second) break;
                    const ast::FragmentDefinition* fragment = document_.fragment(selection.name);
                    if (!fragment || !applies(schema_, fragment->type_condition, object_type_)) break;
                    collect(fragment->selection_set);
                    break;
                }
                case ast::SelectionKind::InlineFragment:
                    if (!applies(schema_, selection.name, object_type_)) break;
                    collect(selection.selection_set);
                    break;
            }
        }
    }

    std::vector<CollectedField> take() { return std::move(out_); }

private:
    const Schema& schema_;
    const ast::Document& document_;
    const TypeDef& object_type_;
    const Json& variables_;
    std::vector<CollectedField> out_;
    std::unordered_map<std::string_view, size_t> positions_;
    std::unordered_set<std::string_view> visited_fragments_;
};

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
    Collector collector(schema, document, object_type, variables);
    collector.collect(selection_set);
    return collector.take();
}

std::vector<CollectedField> collect_subfields(const Schema& schema, const ast::Document& document,
                                              const TypeDef& object_type, const CollectedField& field,
                                              const Json& variables) {
    Collector collector(schema, document, object_type, variables);
    for (const ast::Selection* node : field.nodes) collector.collect(node->selection_set);
    return collector.take();
}

}  // namespace graphgate::graphql
