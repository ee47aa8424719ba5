#include "core/graphql/validation.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <type_traits>

#include "core/graphql/document_limits.hpp"
#include "core/graphql/leaf_values.hpp"
#include "core/graphql/overlapping_fields.hpp"
#include "core/graphql/printer.hpp"
#include "core/graphql/validation_context.hpp"

namespace graphgate::graphql {

namespace {

using validation::Abort;
using validation::FieldEntry;
using validation::in_quotes;
using validation::Offset;


struct VariableUsage {
    std::string_view name;
    Offset loc;
    TypeView type;             // the type the position expects; unknown if none
    bool location_has_default;  // an argument or input field with a default value
};

// What one definition (operation or fragment) contains that rules spanning definitions need.
struct DefinitionFacts {
    std::vector<VariableUsage> usages;
    std::vector<const ast::Selection*> spreads;  // every fragment spread, nested ones included
};

// Names given more than once in a list (variables, arguments): for the first item of each such
// name, the locations of all its items - what graphql-js' unique-name rules report - found in
// one pass, with the names hashed.
class DuplicateNames {
public:
    template <typename T>
    explicit DuplicateNames(const std::vector<T>& items) {
        constexpr size_t scan_up_to = 8;  // short lists (the usual ones) are scanned, not hashed
        if (items.size() <= scan_up_to) {
            for (size_t i = 1; i < items.size(); ++i) {
                for (size_t j = 0; j < i; ++j) {
                    if (items[j].name != items[i].name) continue;
                    add(items, j, i);
                    break;
                }
            }
            return;
        }
        std::unordered_map<std::string_view, size_t> first;
        for (size_t i = 0; i < items.size(); ++i) {
            auto [it, fresh] = first.emplace(items[i].name, i);
            if (!fresh) add(items, it->second, i);
        }
    }

    // The locations if items[i] is the first of several with its name, else null.
    const std::vector<Offset>* first_of_several(size_t i) const {
        auto it = groups_.find(i);
        return it == groups_.end() ? nullptr : &it->second;
    }

private:
    template <typename T>
    void add(const std::vector<T>& items, size_t first, size_t again) {
        std::vector<Offset>& locations = groups_[first];
        if (locations.empty()) locations.push_back(items[first].loc);
        locations.push_back(items[again].loc);
    }

    std::unordered_map<size_t, std::vector<Offset>> groups_;
};

class Validator : private validation::Context {
public:
    Validator(const Schema& schema, const ast::Document& document, const Limits& limits)
        : Context(schema, document, limits), merging_(*this) {}

    std::vector<GraphQLError> run() {
        try {
            index_definitions();
            if (validation::DocumentLimits(*this).check()) merging_.skip_all();
            operation_facts_.resize(document().operations.size());
            fragment_facts_.resize(document().fragments.size());
            for (size_t i = 0; i < document().operations.size(); ++i) check_operation(i);
            for (size_t i = 0; i < document().fragments.size(); ++i) check_fragment_definition(i);
            check_fragment_cycles();
            check_unused_fragments();
            for (size_t i = 0; i < document().operations.size(); ++i) check_operation_variables(i);
        } catch (const Abort&) {
        }
        return take_errors();
    }

private:
    // --- document-level rules --------------------------------------------------------------

    void index_definitions() {
        const auto& ops = document().operations;
        std::unordered_map<std::string_view, size_t> op_names;
        size_t anonymous = 0;
        for (const ast::OperationDefinition& op : ops) {
            if (op.name.empty()) {
                ++anonymous;
                continue;
            }
            auto [it, fresh] = op_names.emplace(op.name, &op - ops.data());
            if (!fresh) {
                report("There can be only one operation named " + in_quotes(op.name) + ".",
                       {ops[it->second].name_loc, op.name_loc});
            }
        }
        if (anonymous > 0 && ops.size() > 1) {
            for (const ast::OperationDefinition& op : ops) {
                if (op.name.empty()) report("This anonymous operation must be the only defined operation.", {op.loc});
            }
        }
        for (size_t i = 0; i < document().fragments.size(); ++i) {
            const ast::FragmentDefinition& fragment = document().fragments[i];
            size_t earlier = add_fragment(fragment.name, i);
            if (earlier != no_fragment) {
                report("There can be only one fragment named " + in_quotes(fragment.name) + ".",
                       {document().fragments[earlier].name_loc, fragment.name_loc});
            }
        }
    }


    // --- definitions -------------------------------------------------------------------------

    void check_operation(size_t index) {
        const ast::OperationDefinition& op = document().operations[index];
        facts_ = &operation_facts_[index];
        const TypeDef* root = schema().root_type(op.operation);
        if (!root) {
            report(std::string("Schema is not configured to execute ") + ast::operation_type_name(op.operation) +
                       " operation.",
                   {op.loc});
        }
        check_variable_definitions(op);
        static const DirectiveLocation locations[] = {DirectiveLocation::Query, DirectiveLocation::Mutation,
                                                      DirectiveLocation::Subscription};
        check_directives(op.directives, locations[static_cast<int>(op.operation)]);
        walk_selection_set(op.selection_set, root);
        if (op.operation == ast::OperationType::Subscription && root) check_single_root_field(op, root);
    }

    void check_fragment_definition(size_t index) {
        const ast::FragmentDefinition& fragment = document().fragments[index];
        facts_ = &fragment_facts_[index];
        const TypeDef* type = schema().type(fragment.type_condition);
        if (!type) {
            report("Unknown type " + in_quotes(fragment.type_condition) + ".", {fragment.type_condition_loc});
        } else if (!type->is_composite()) {
            report("Fragment " + in_quotes(fragment.name) + " cannot condition on non composite type " +
                       in_quotes(fragment.type_condition) + ".",
                   {fragment.type_condition_loc});
            type = nullptr;
        }
        check_directives(fragment.directives, DirectiveLocation::FragmentDefinition);
        walk_selection_set(fragment.selection_set, type);
    }

    void check_variable_definitions(const ast::OperationDefinition& op) {
        const auto& defs = op.variable_definitions;
        DuplicateNames duplicates(defs);
        for (size_t i = 0; i < defs.size(); ++i) {
            const ast::VariableDefinition& def = defs[i];
            if (const std::vector<Offset>* locations = duplicates.first_of_several(i)) {
                report("There can be only one variable named \"$" + std::string(def.name) + "\".", *locations);
            }

            const TypeDef* type = schema().type(def.type.name);
            if (!type) {
                report("Unknown type " + in_quotes(def.type.name) + ".", {def.type.loc});
            } else if (!type->is_input()) {
                report("Variable \"$" + std::string(def.name) + "\" cannot be non-input type " + in_quotes(print(def.type)) + ".",
                       {def.type.loc});
            } else if (def.has_default_value) {
                check_value(def.default_value, TypeView(type, def.type.wrappers), false, TypeView(type, def.type.wrappers));
            }
            check_directives(def.directives, DirectiveLocation::VariableDefinition);
        }
    }


    void walk_selection_set(const std::vector<ast::Selection>& set, const TypeDef* parent) {
        limits().enter_recursion();
        tick();
        merging_.check(set, parent);
        for (const ast::Selection& sel : set) {
            switch (sel.kind) {
                case ast::SelectionKind::Field: walk_field(sel, parent); break;
                case ast::SelectionKind::FragmentSpread: walk_fragment_spread(sel, parent); break;
                case ast::SelectionKind::InlineFragment: walk_inline_fragment(sel, parent); break;
            }
        }
    }

    void walk_field(const ast::Selection& sel, const TypeDef* parent) {
        tick();
        const FieldDef* def = parent ? lookup_field(parent, sel.name) : nullptr;
        if (parent && !def) {
            report("Cannot query field " + in_quotes(sel.name) + " on type " + in_quotes(parent->name) + ".", {sel.loc});
        }
        if (def) {
            check_arguments(sel.arguments, &def->args, sel.loc, [&] { return "field \"" + parent->name + "." + def->name + "\""; },
                            [&] { return "Field " + in_quotes(def->name); });
        } else {
            check_arguments(sel.arguments, nullptr, sel.loc, nullptr, nullptr);
        }
        check_directives(sel.directives, DirectiveLocation::Field);
        const TypeDef* sub_parent = nullptr;
        if (def) {
            const TypeDef* named = def->type.def;
            if (named->is_leaf()) {
                if (!sel.selection_set.empty()) {
                    report("Field " + in_quotes(sel.name) + " must not have a selection since type " +
                               in_quotes(def->type.to_string()) + " has no subfields.",
                           {sel.selection_set_loc});
                }
            } else {
                if (sel.selection_set.empty()) {
                    report("Field " + in_quotes(sel.name) + " of type " + in_quotes(def->type.to_string()) +
                               " must have a selection of subfields. Did you mean \"" + std::string(sel.name) +
                               " { ... }\"?",
                           {sel.loc});
                }
                sub_parent = named;
            }
        }
        if (!sel.selection_set.empty()) walk_selection_set(sel.selection_set, sub_parent);
    }

    void walk_fragment_spread(const ast::Selection& sel, const TypeDef* parent) {
        check_directives(sel.directives, DirectiveLocation::FragmentSpread);
        facts_->spreads.push_back(&sel);
        const ast::FragmentDefinition* frag = fragment(sel.name);
        if (!frag) {
            report("Unknown fragment " + in_quotes(sel.name) + ".", {sel.name_loc});
            return;
        }
        const TypeDef* frag_type = schema().type(frag->type_condition);
        if (parent && frag_type && frag_type->is_composite() && parent->is_composite() &&
            !schema().types_overlap(frag_type, parent)) {
            report("Fragment " + in_quotes(sel.name) + " cannot be spread here as objects of type " + in_quotes(parent->name) +
                       " can never be of type " + in_quotes(frag_type->name) + ".",
                   {sel.loc});
        }
    }

    void walk_inline_fragment(const ast::Selection& sel, const TypeDef* parent) {
        const TypeDef* type = parent;
        if (!sel.name.empty()) {
            type = schema().type(sel.name);
            if (!type) {
                report("Unknown type " + in_quotes(sel.name) + ".", {sel.name_loc});
            } else if (!type->is_composite()) {
                report("Fragment cannot condition on non composite type " + in_quotes(sel.name) + ".", {sel.name_loc});
                type = nullptr;
            } else if (parent && parent->is_composite() && !schema().types_overlap(type, parent)) {
                report("Fragment cannot be spread here as objects of type " + in_quotes(parent->name) +
                           " can never be of type " + in_quotes(type->name) + ".",
                       {sel.loc});
            }
        }
        check_directives(sel.directives, DirectiveLocation::InlineFragment);
        walk_selection_set(sel.selection_set, type);
    }

    void check_single_root_field(const ast::OperationDefinition& op, const TypeDef* root) {
        std::vector<FieldEntry> fields;
        std::unordered_set<size_t> visited;
        collect_fields(*this, op.selection_set, root, fields, visited, false);
        std::vector<std::string_view> names;
        std::vector<Offset> extra;
        for (const FieldEntry& entry : fields) {
            std::string_view name = entry.node->response_name();
            if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
            if (name != names.front()) extra.push_back(entry.node->loc);
        }
        std::string who = op.name.empty() ? "Anonymous Subscription" : "Subscription " + in_quotes(op.name);
        if (names.size() > 1) report(who + " must select only one top level field.", extra);
        for (std::string_view name : names) {
            std::vector<Offset> locs;
            bool introspection = false;
            for (const FieldEntry& entry : fields) {
                if (entry.node->response_name() != name) continue;
                if (locs.empty()) introspection = entry.node->name.substr(0, 2) == "__";
                locs.push_back(entry.node->loc);
            }
            if (introspection) report(who + " must not select an introspection top level field.", locs);
        }
    }

    // --- arguments and directives ----------------------------------------------------------

    template <typename Unknown, typename Required>
    void check_arguments(const std::vector<ast::Argument>& args, const std::vector<InputValueDef>* defs, Offset node_loc,
                         Unknown unknown_owner, Required required_owner) {
        DuplicateNames duplicates(args);
        for (size_t i = 0; i < args.size(); ++i) {
            const ast::Argument& arg = args[i];
            if (const std::vector<Offset>* locations = duplicates.first_of_several(i)) {
                report("There can be only one argument named " + in_quotes(arg.name) + ".", *locations);
            }

            const InputValueDef* def = nullptr;
            if (defs) {
                for (const InputValueDef& d : *defs) {
                    if (d.name == arg.name) {
                        def = &d;
                        break;
                    }
                }
                if (!def) {
                    if constexpr (!std::is_same_v<Unknown, std::nullptr_t>) {
                        report("Unknown argument " + in_quotes(arg.name) + " on " + unknown_owner() + ".", {arg.loc});
                    }
                }
            }
            if (def) {
                TypeView type(def->type);
                check_value(arg.value, type, def->default_value.has_value(), type);
            } else {
                record_variables(arg.value);
            }
        }
        if (!defs) return;
        if constexpr (!std::is_same_v<Required, std::nullptr_t>) {
            for (const InputValueDef& def : *defs) {
                if (!TypeView(def.type).is_non_null() || def.default_value) continue;
                bool provided = std::any_of(args.begin(), args.end(), [&](const ast::Argument& a) { return a.name == def.name; });
                if (!provided) {
                    report(required_owner() + " argument " + in_quotes(def.name) + " of type " + in_quotes(def.type.to_string()) +
                               " is required, but it was not provided.",
                           {node_loc});
                }
            }
        }
    }

    void check_directives(const std::vector<ast::Directive>& directives, DirectiveLocation location) {
        for (size_t i = 0; i < directives.size(); ++i) {
            const ast::Directive& directive = directives[i];
            const DirectiveDef* def = schema().directive(directive.name);
            std::string at_name = "\"@" + std::string(directive.name) + "\"";
            if (!def) {
                report("Unknown directive " + at_name + ".", {directive.loc});
                check_arguments(directive.arguments, nullptr, directive.loc, nullptr, nullptr);
                continue;
            }
            if (!def->allowed_at(location)) {
                report("Directive " + at_name + " may not be used on " + directive_location_name(location) + ".",
                       {directive.loc});
            }
            if (!def->repeatable) {
                for (size_t j = 0; j < i; ++j) {
                    if (directives[j].name == directive.name) {
                        report("The directive " + at_name + " can only be used once at this location.",
                               {directives[j].loc, directive.loc});
                        break;
                    }
                }
            }
            check_arguments(directive.arguments, &def->args, directive.loc,
                            [&] { return "directive " + at_name; }, [&] { return "Directive " + at_name; });
        }
    }

    // --- values ----------------------------------------------------------------------------------

    // Variables inside a value whose position has no known input type.
    void record_variables(const ast::Value& value) {
        limits().enter_recursion();
        switch (value.kind) {
            case ast::ValueKind::Variable:
                facts_->usages.push_back(VariableUsage{value.text, value.loc, TypeView(), false});
                return;
            case ast::ValueKind::List:
                for (const ast::Value& item : value.list) record_variables(item);
                return;
            case ast::ValueKind::Object:
                check_unique_input_fields(value);
                for (const ast::ObjectField& field : value.fields) record_variables(field.value);
                return;
            default: return;
        }
    }

    void check_unique_input_fields(const ast::Value& value) {
        const auto& fields = value.fields;
        if (fields.size() < 2) return;
        std::unordered_map<std::string_view, Offset> first;
        for (const ast::ObjectField& field : fields) {
            auto [it, fresh] = first.emplace(field.name, field.loc);
            if (!fresh) report("There can be only one input field named " + in_quotes(field.name) + ".", {it->second, field.loc});
        }
    }

    // `shown` is the type messages name: the list type when a single value stands for a list.
    void check_value(const ast::Value& value, TypeView type, bool location_has_default, TypeView shown) {
        limits().enter_recursion();
        if (value.kind == ast::ValueKind::Variable) {
            facts_->usages.push_back(VariableUsage{value.text, value.loc, type, location_has_default});
            return;
        }
        if (!type.known()) {
            record_variables(value);
            return;
        }
        if (value.kind == ast::ValueKind::Null) {
            if (type.is_non_null()) {
                report("Expected value of type " + in_quotes(shown.to_string()) + ", found null.", {value.loc});
            }
            return;
        }
        TypeView inner = type.nullable();
        if (inner.is_list()) {
            TypeView item = inner.of_type();
            if (value.kind == ast::ValueKind::List) {
                for (const ast::Value& v : value.list) check_value(v, item, false, item);
            } else {
                check_value(value, item, false, shown);
            }
            return;
        }
        const TypeDef& named = *inner.def;
        if (named.kind == TypeKind::InputObject) {
            if (value.kind != ast::ValueKind::Object) {
                report("Expected value of type " + in_quotes(shown.to_string()) + ", found " + print(value) + ".", {value.loc});
                record_variables(value);
                return;
            }
            check_unique_input_fields(value);
            for (const ast::ObjectField& field : value.fields) {
                const InputValueDef* def = named.input_field(field.name);
                if (!def) {
                    report("Field " + in_quotes(field.name) + " is not defined by type " + in_quotes(named.name) + ".", {field.loc});
                    record_variables(field.value);
                    continue;
                }
                TypeView field_type(def->type);
                check_value(field.value, field_type, def->default_value.has_value(), field_type);
            }
            for (const InputValueDef& def : named.input_fields) {
                if (!TypeView(def.type).is_non_null() || def.default_value) continue;
                bool provided = std::any_of(value.fields.begin(), value.fields.end(),
                                            [&](const ast::ObjectField& f) { return f.name == def.name; });
                if (!provided) {
                    report("Field \"" + named.name + "." + def.name + "\" of required type " +
                               in_quotes(def.type.to_string()) + " was not provided.",
                           {value.loc});
                }
            }
            return;
        }
        if (std::optional<std::string> error = coerce_leaf_literal(named, value, nullptr, nullptr)) {
            report("Expected value of type " + in_quotes(shown.to_string()) + ", found " + print(value) + "; " + *error,
                   {value.loc});
        }
        if (value.kind == ast::ValueKind::Object) check_unique_input_fields(value);  // any object value, as graphql-js
        if (value.kind == ast::ValueKind::List || value.kind == ast::ValueKind::Object) record_variables_nested(value);
    }

    // Variables nested in a list or object at a leaf position (a custom scalar's literal).
    void record_variables_nested(const ast::Value& value) {
        for (const ast::Value& item : value.list) record_variables(item);
        for (const ast::ObjectField& field : value.fields) record_variables(field.value);
    }


    // --- fragments across the document ------------------------------------------------------

    void check_fragment_cycles() {
        std::vector<bool> visited(document().fragments.size(), false);
        std::vector<const ast::Selection*> path;
        std::unordered_map<std::string_view, size_t> path_index;
        for (size_t i = 0; i < document().fragments.size(); ++i) detect_cycle(i, visited, path, path_index);
    }

    void detect_cycle(size_t index, std::vector<bool>& visited, std::vector<const ast::Selection*>& path,
                      std::unordered_map<std::string_view, size_t>& path_index) {
        if (visited[index]) return;
        limits().enter_recursion();
        visited[index] = true;
        const ast::FragmentDefinition& frag = document().fragments[index];
        const auto& spreads = fragment_facts_[index].spreads;
        if (spreads.empty()) return;
        path_index[frag.name] = path.size();
        for (const ast::Selection* spread : spreads) {
            path.push_back(spread);
            auto it = path_index.find(spread->name);
            if (it == path_index.end()) {
                size_t target = fragment_index(spread->name);
                if (target != no_fragment) detect_cycle(target, visited, path, path_index);
            } else {
                std::string via;
                std::vector<Offset> locs;
                for (size_t k = it->second; k < path.size(); ++k) {
                    locs.push_back(path[k]->loc);
                    if (k + 1 < path.size()) via += (via.empty() ? "" : ", ") + in_quotes(path[k]->name);
                }
                report("Cannot spread fragment " + in_quotes(spread->name) + " within itself" +
                           (via.empty() ? "." : " via " + via + "."),
                       locs);
            }
            path.pop_back();
        }
        path_index.erase(frag.name);
    }

    // Fragments reachable from a definition's spreads, transitively, in discovery order.
    std::vector<size_t> reachable_fragments(const DefinitionFacts& facts) {
        std::vector<size_t> order;
        std::vector<bool> seen(document().fragments.size(), false);
        std::vector<const DefinitionFacts*> stack{&facts};
        while (!stack.empty()) {
            const DefinitionFacts* current = stack.back();
            stack.pop_back();
            for (const ast::Selection* spread : current->spreads) {
                size_t index = fragment_index(spread->name);
                if (index == no_fragment || seen[index]) continue;
                seen[index] = true;
                order.push_back(index);
                stack.push_back(&fragment_facts_[index]);
            }
        }
        return order;
    }

    void check_unused_fragments() {
        // By name, as graphql-js does: a second definition of a used name is reported as a
        // duplicate, not as unused.
        std::vector<bool> used(document().fragments.size(), false);
        for (const DefinitionFacts& facts : operation_facts_) {
            for (size_t index : reachable_fragments(facts)) used[index] = true;
        }
        for (size_t i = 0; i < document().fragments.size(); ++i) {
            if (!used[fragment_index(document().fragments[i].name)]) report("Fragment " + in_quotes(document().fragments[i].name) + " is never used.", {document().fragments[i].loc});
        }
    }

    // --- variables ---------------------------------------------------------------------------

    // graphql-js' isTypeSubTypeOf, for the input types variables have.
    bool is_sub_type_of(TypeView maybe, TypeView super) const {
        if (maybe == super) return true;
        if (super.is_non_null()) return maybe.is_non_null() && is_sub_type_of(maybe.of_type(), super.of_type());
        if (maybe.is_non_null()) return is_sub_type_of(maybe.of_type(), super);
        if (super.is_list()) return maybe.is_list() && is_sub_type_of(maybe.of_type(), super.of_type());
        if (maybe.is_list()) return false;
        return super.def->is_abstract() && maybe.def->is_composite() && schema().is_sub_type(super.def, maybe.def);
    }

    void check_operation_variables(size_t index) {
        const ast::OperationDefinition& op = document().operations[index];
        const DefinitionFacts& facts = operation_facts_[index];
        std::vector<const VariableUsage*> usages;
        for (const VariableUsage& usage : facts.usages) usages.push_back(&usage);
        for (size_t frag : reachable_fragments(facts)) {
            for (const VariableUsage& usage : fragment_facts_[frag].usages) usages.push_back(&usage);
        }
        std::unordered_map<std::string_view, const ast::VariableDefinition*> definitions;
        for (const ast::VariableDefinition& def : op.variable_definitions) definitions[def.name] = &def;  // the last, like graphql-js
        for (const VariableUsage* usage : usages) {
            tick();
            auto found = definitions.find(usage->name);
            const ast::VariableDefinition* def = found == definitions.end() ? nullptr : found->second;
            std::string var = "\"$" + std::string(usage->name) + "\"";
            if (!def) {
                report("Variable " + var + " is not defined" + (op.name.empty() ? "" : " by operation " + in_quotes(op.name)) + ".",
                       {usage->loc, op.loc});
                continue;
            }
            const TypeDef* var_named = schema().type(def->type.name);
            if (!usage->type.known() || !var_named || !var_named->is_input()) continue;
            TypeView var_type(var_named, def->type.wrappers);
            TypeView location = usage->type;
            bool allowed;
            if (location.is_non_null() && !var_type.is_non_null()) {
                bool non_null_default = def->has_default_value && def->default_value.kind != ast::ValueKind::Null;
                allowed = (non_null_default || usage->location_has_default) && is_sub_type_of(var_type, location.of_type());
            } else {
                allowed = is_sub_type_of(var_type, location);
            }
            if (!allowed) {
                report("Variable " + var + " of type " + in_quotes(print(def->type)) + " used in position expecting type " +
                           in_quotes(location.to_string()) + ".",
                       {def->loc, usage->loc});
            }
        }
        // graphql-js' NoUnusedVariablesRule is left out on purpose: Hasura accepts a declared
        // variable the operation does not use, and so does graphgate (design §14).
    }

    validation::OverlappingFields merging_;
    std::vector<DefinitionFacts> operation_facts_;
    std::vector<DefinitionFacts> fragment_facts_;
    DefinitionFacts* facts_ = nullptr;
};

}  // namespace

std::vector<GraphQLError> validate(const Schema& schema, const ast::Document& document, const Limits& limits) {
    return Validator(schema, document, limits).run();
}

}  // namespace graphgate::graphql
