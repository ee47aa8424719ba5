#include "core/graphql/validation.hpp"

#include <algorithm>
#include <deque>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <type_traits>

#include "core/graphql/leaf_values.hpp"
#include "core/graphql/printer.hpp"

namespace graphgate::graphql {

namespace {

using ast::Offset;

constexpr size_t interrupt_interval = 1024;
constexpr size_t saturated = static_cast<size_t>(-1) / 4;

std::string in_quotes(std::string_view name) { return "\"" + std::string(name) + "\""; }

// Combines two hashes (boost's hash_combine).
size_t mix(size_t seed, size_t value) { return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2)); }

// Thrown to stop validation: error limit reached, or a limit that makes further work unsafe.
struct Abort {};

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

struct FieldEntry {
    const TypeDef* parent;
    const ast::Selection* node;
    uint32_t origin;  // 0: written in the selection set itself; n: came through its n-th spread
    uint32_t order;   // position in the collection, to keep sorting stable
};

struct Conflict {
    std::string_view response_name;
    std::string reason;
    std::vector<Conflict> subconflicts;
    std::vector<Offset> fields1, fields2;
};

std::string reason_message(const Conflict& conflict) {
    if (conflict.subconflicts.empty()) return conflict.reason;
    std::string out;
    for (const Conflict& sub : conflict.subconflicts) {
        if (!out.empty()) out += " and ";
        out += "subfields \"" + std::string(sub.response_name) + "\" conflict because " + reason_message(sub);
    }
    return out;
}

bool same_value(const ast::Value& a, const ast::Value& b);

// Whether two lists of named values (arguments, object fields) pair up by name with the same
// values, in any order.  Long lists are matched through a hash of one side: a scan per item
// would make two 30,000-field literals cost 900 million comparisons.
template <typename T>
bool same_named_values(const std::vector<T>& a, const std::vector<T>& b) {
    if (a.size() != b.size()) return false;
    constexpr size_t scan_up_to = 8;
    if (a.size() <= scan_up_to) {
        for (const T& x : a) {
            auto it = std::find_if(b.begin(), b.end(), [&](const T& y) { return y.name == x.name; });
            if (it == b.end() || !same_value(x.value, it->value)) return false;
        }
        return true;
    }
    std::unordered_map<std::string_view, const ast::Value*> by_name;
    by_name.reserve(b.size());
    for (const T& y : b) by_name.emplace(y.name, &y.value);  // the first of a name, as a scan finds it
    for (const T& x : a) {
        auto it = by_name.find(x.name);
        if (it == by_name.end() || !same_value(x.value, *it->second)) return false;
    }
    return true;
}

bool same_value(const ast::Value& a, const ast::Value& b) {
    if (a.kind != b.kind) return false;
    switch (a.kind) {
        case ast::ValueKind::Boolean: return a.boolean == b.boolean;
        case ast::ValueKind::Null: return true;
        case ast::ValueKind::List:
            if (a.list.size() != b.list.size()) return false;
            for (size_t i = 0; i < a.list.size(); ++i) {
                if (!same_value(a.list[i], b.list[i])) return false;
            }
            return true;
        case ast::ValueKind::Object: return same_named_values(a.fields, b.fields);
        default: return a.text == b.text;
    }
}

bool same_arguments(const std::vector<ast::Argument>& a, const std::vector<ast::Argument>& b) {
    return same_named_values(a, b);
}

// graphql-js' doTypesConflict: could the two types give differently shaped results?
bool types_conflict(TypeView a, TypeView b) {
    if (a.is_list()) return b.is_list() ? types_conflict(a.of_type(), b.of_type()) : true;
    if (b.is_list()) return true;
    if (a.is_non_null()) return b.is_non_null() ? types_conflict(a.of_type(), b.of_type()) : true;
    if (b.is_non_null()) return true;
    if (a.def->is_leaf() || b.def->is_leaf()) return a.def != b.def;
    return false;
}

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

class Validator {
public:
    Validator(const Schema& schema, const ast::Document& document, const Limits& limits)
        : schema_(schema), document_(document), limits_(limits) {}

    std::vector<GraphQLError> run() {
        try {
            index_definitions();
            check_limits();
            operation_facts_.resize(document_.operations.size());
            fragment_facts_.resize(document_.fragments.size());
            for (size_t i = 0; i < document_.operations.size(); ++i) check_operation(i);
            for (size_t i = 0; i < document_.fragments.size(); ++i) check_fragment_definition(i);
            check_fragment_cycles();
            check_unused_fragments();
            for (size_t i = 0; i < document_.operations.size(); ++i) check_operation_variables(i);
        } catch (const Abort&) {
        }
        return std::move(errors_);
    }

private:
    // --- reporting -------------------------------------------------------------------------

    void report(std::string message, std::initializer_list<Offset> locations) {
        report(std::move(message), std::vector<Offset>(locations));
    }

    void report(std::string message, const std::vector<Offset>& locations) {
        if (errors_.size() >= limits_.max_errors) {
            errors_.emplace_back("Too many validation errors, error limit reached. Validation aborted.",
                                 std::vector<SourceLocation>{}, error_code::validation_failed);
            throw Abort{};
        }
        if (!lines_) lines_.emplace(document_.source());
        std::vector<SourceLocation> locs;
        locs.reserve(locations.size());
        for (Offset offset : locations) locs.push_back(lines_->location(offset));
        errors_.emplace_back(std::move(message), std::move(locs), error_code::validation_failed);
    }

    void tick() {
        if (++work_ % interrupt_interval == 0 && limits_.check_interrupt) limits_.check_interrupt();
    }

    // --- document-level rules --------------------------------------------------------------

    void index_definitions() {
        const auto& ops = document_.operations;
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
        for (size_t i = 0; i < document_.fragments.size(); ++i) {
            const ast::FragmentDefinition& fragment = document_.fragments[i];
            auto [it, fresh] = fragments_.emplace(fragment.name, i);
            if (!fresh) {
                report("There can be only one fragment named " + in_quotes(fragment.name) + ".",
                       {document_.fragments[it->second].name_loc, fragment.name_loc});
            }
        }
    }

    const ast::FragmentDefinition* fragment(std::string_view name) const {
        auto it = fragments_.find(name);
        return it == fragments_.end() ? nullptr : &document_.fragments[it->second];
    }

    size_t fragment_index(std::string_view name) const {
        auto it = fragments_.find(name);
        return it == fragments_.end() ? static_cast<size_t>(-1) : it->second;
    }

    // --- limits through fragments ------------------------------------------------------------
    // Measures every definition with fragments expanded: nesting (a spread or inline fragment is
    // one level) and the number of field selections.  Once this passed, every later recursion
    // that follows fragments is bounded by max_depth.

    struct Extent {
        size_t depth;   // deepest level reached, the measured set being at the level given
        size_t fields;  // field selections, fragments counted at each spread
    };
    enum class MeasureState : uint8_t { Pending, Running, Done };

    [[noreturn]] void depth_exceeded(Offset loc) {
        report("Selection depth exceeds the limit of " + std::to_string(limits_.max_depth) + ".", {loc});
        throw Abort{};
    }

    Extent measure(const std::vector<ast::Selection>& set, size_t level, Offset loc) {
        if (level > limits_.max_depth) depth_exceeded(loc);
        limits_.enter_recursion();
        tick();
        Extent extent{level, 0};
        auto merge = [&](const Extent& sub) {
            extent.depth = std::max(extent.depth, sub.depth);
            extent.fields = std::min(saturated, extent.fields + sub.fields);
        };
        for (const ast::Selection& sel : set) {
            switch (sel.kind) {
                case ast::SelectionKind::Field:
                    extent.fields = std::min(saturated, extent.fields + 1);
                    if (!sel.selection_set.empty()) merge(measure(sel.selection_set, level + 1, sel.selection_set_loc));
                    break;
                case ast::SelectionKind::InlineFragment:
                    merge(measure(sel.selection_set, level + 1, sel.loc));
                    break;
                case ast::SelectionKind::FragmentSpread: {
                    size_t index = fragment_index(sel.name);
                    if (index == static_cast<size_t>(-1)) break;
                    switch (measure_state_[index]) {
                        case MeasureState::Running:  // a cycle: reported by its own rule
                            has_fragment_cycle_ = true;
                            break;
                        case MeasureState::Done: {
                            const Extent& f = fragment_extent_[index];
                            if (level + f.depth > limits_.max_depth) depth_exceeded(sel.loc);
                            merge(Extent{level + f.depth, f.fields});
                            break;
                        }
                        case MeasureState::Pending: {
                            measure_state_[index] = MeasureState::Running;
                            Extent sub = measure(document_.fragments[index].selection_set, level + 1, sel.loc);
                            fragment_extent_[index] = Extent{sub.depth - level, sub.fields};
                            measure_state_[index] = MeasureState::Done;
                            merge(sub);
                            break;
                        }
                    }
                    break;
                }
            }
        }
        return extent;
    }

    void check_limits() {
        measure_state_.assign(document_.fragments.size(), MeasureState::Pending);
        fragment_extent_.assign(document_.fragments.size(), Extent{0, 0});
        for (const ast::OperationDefinition& op : document_.operations) {
            Extent extent = measure(op.selection_set, 1, op.selection_set_loc);
            if (extent.fields > limits_.max_fields) {
                std::string who = op.name.empty() ? "The anonymous operation" : "Operation " + in_quotes(op.name);
                report(who + " selects more than " + std::to_string(limits_.max_fields) +
                           " fields (fragments counted at every spread).",
                       {op.loc});
                throw Abort{};
            }
        }
        for (size_t i = 0; i < document_.fragments.size(); ++i) {
            if (measure_state_[i] != MeasureState::Pending) continue;
            measure_state_[i] = MeasureState::Running;
            Extent sub = measure(document_.fragments[i].selection_set, 1, document_.fragments[i].selection_set_loc);
            fragment_extent_[i] = Extent{sub.depth, sub.fields};
            measure_state_[i] = MeasureState::Done;
        }
    }

    // --- definitions -------------------------------------------------------------------------

    void check_operation(size_t index) {
        const ast::OperationDefinition& op = document_.operations[index];
        facts_ = &operation_facts_[index];
        const TypeDef* root = schema_.root_type(op.operation);
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
        const ast::FragmentDefinition& fragment = document_.fragments[index];
        facts_ = &fragment_facts_[index];
        const TypeDef* type = schema_.type(fragment.type_condition);
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

            const TypeDef* type = schema_.type(def.type.name);
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

    // --- selections ----------------------------------------------------------------------------

    const FieldDef* lookup_field(const TypeDef* parent, std::string_view name) const {
        if (name.size() > 2 && name[0] == '_' && name[1] == '_') {
            if (name == "__typename") return parent->is_composite() ? &schema_.typename_field() : nullptr;
            if (parent == schema_.query_type()) {
                if (name == "__schema") return &schema_.schema_field();
                if (name == "__type") return &schema_.type_field();
            }
        }
        return parent->field(name);
    }

    void walk_selection_set(const std::vector<ast::Selection>& set, const TypeDef* parent) {
        limits_.enter_recursion();
        tick();
        check_field_merging(set, parent);
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
        const TypeDef* frag_type = schema_.type(frag->type_condition);
        if (parent && frag_type && frag_type->is_composite() && parent->is_composite() &&
            !schema_.types_overlap(frag_type, parent)) {
            report("Fragment " + in_quotes(sel.name) + " cannot be spread here as objects of type " + in_quotes(parent->name) +
                       " can never be of type " + in_quotes(frag_type->name) + ".",
                   {sel.loc});
        }
    }

    void walk_inline_fragment(const ast::Selection& sel, const TypeDef* parent) {
        const TypeDef* type = parent;
        if (!sel.name.empty()) {
            type = schema_.type(sel.name);
            if (!type) {
                report("Unknown type " + in_quotes(sel.name) + ".", {sel.name_loc});
            } else if (!type->is_composite()) {
                report("Fragment cannot condition on non composite type " + in_quotes(sel.name) + ".", {sel.name_loc});
                type = nullptr;
            } else if (parent && parent->is_composite() && !schema_.types_overlap(type, parent)) {
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
        collect_fields(op.selection_set, root, fields, visited, false);
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
            const DirectiveDef* def = schema_.directive(directive.name);
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
        limits_.enter_recursion();
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
        limits_.enter_recursion();
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

    // --- overlapping fields can be merged -------------------------------------------------

    void collect_fields(const std::vector<ast::Selection>& set, const TypeDef* parent, std::vector<FieldEntry>& out,
                        std::unordered_set<size_t>& visited, bool tag_origins, uint32_t origin = 0) {
        limits_.enter_recursion();
        for (const ast::Selection& sel : set) {
            switch (sel.kind) {
                case ast::SelectionKind::Field:
                    out.push_back(FieldEntry{parent, &sel, origin, static_cast<uint32_t>(out.size())});
                    break;
                case ast::SelectionKind::InlineFragment: {
                    const TypeDef* type = sel.name.empty() ? parent : schema_.type(sel.name);
                    collect_fields(sel.selection_set, type, out, visited, tag_origins, origin);
                    break;
                }
                case ast::SelectionKind::FragmentSpread: {
                    size_t index = fragment_index(sel.name);
                    if (index == static_cast<size_t>(-1)) break;
                    if (!visited.insert(index).second) break;
                    const ast::FragmentDefinition& frag = document_.fragments[index];
                    uint32_t sub_origin = origin;
                    if (tag_origins && origin == 0) sub_origin = static_cast<uint32_t>(visited.size());
                    collect_fields(frag.selection_set, schema_.type(frag.type_condition), out, visited, tag_origins,
                                   sub_origin);
                    break;
                }
            }
        }
    }

    // Groups fields by response name, keeping document order within a group.
    static void sort_by_response_name(std::vector<FieldEntry>& fields) {
        std::sort(fields.begin(), fields.end(), [](const FieldEntry& a, const FieldEntry& b) {
            int c = a.node->response_name().compare(b.node->response_name());
            return c < 0 || (c == 0 && a.order < b.order);
        });
    }

    const FieldDef* field_def_of(const FieldEntry& entry) const {
        return entry.parent ? lookup_field(entry.parent, entry.node->name) : nullptr;
    }

    void check_field_merging(const std::vector<ast::Selection>& set, const TypeDef* parent) {
        // Comparing fields follows fragments into sub-selections, which a cycle makes endless;
        // such a document is invalid anyway and its cycle is reported.
        if (has_fragment_cycle_) return;
        if (set.size() < 2 && (set.empty() || set[0].kind == ast::SelectionKind::Field)) return;
        std::vector<FieldEntry> fields;
        std::unordered_set<size_t> visited;
        collect_fields(set, parent, fields, visited, true);
        if (fields.size() < 2) return;
        sort_by_response_name(fields);
        for (size_t begin = 0; begin < fields.size();) {
            size_t end = begin + 1;
            std::string_view name = fields[begin].node->response_name();
            while (end < fields.size() && fields[end].node->response_name() == name) ++end;
            if (end - begin < 2) {  // the usual case: nothing to compare
                begin = end;
                continue;
            }
            std::vector<FieldEntry> group = distinct_fields(fields, begin, end);
            for (size_t i = 0; i < group.size(); ++i) {
                for (size_t j = i + 1; j < group.size(); ++j) {
                    // Conflicts within one fragment are reported where the fragment is defined.
                    uint32_t origin = group[i].origin;
                    if (origin != 0 && origin != mixed_origin && origin == group[j].origin) continue;
                    if (const Conflict* conflict = find_conflict(group[i], group[j], false)) {
                        std::vector<Offset> locs = conflict->fields1;
                        locs.insert(locs.end(), conflict->fields2.begin(), conflict->fields2.end());
                        report("Fields " + in_quotes(name) + " conflict because " + reason_message(*conflict) +
                                   ". Use different aliases on the fields to fetch both if this was intentional.",
                               locs);
                    }
                }
            }
            begin = end;
        }
    }

    // Comparing fields of one response name is quadratic in how many there are, as in graphql-js;
    // past this many comparisons (every one of a document's selection sets together) validation
    // stops with an error rather than take minutes.  No document written by hand comes near.
    static constexpr size_t max_merge_comparisons = 100'000;

    void spend_comparisons(size_t n, Offset loc) {
        merge_comparisons_ += n;
        if (merge_comparisons_ <= max_merge_comparisons) return;
        report("Too many fields with the same response name to check that they can be merged (more than " +
                   std::to_string(max_merge_comparisons) + " comparisons). Validation aborted.",
               {loc});
        throw Abort{};
    }

    // A field that stands for alike fields from several fragments: compared with every field.
    static constexpr uint32_t mixed_origin = static_cast<uint32_t>(-1);

    // The fields [begin, end) of one response name that need comparing.  Of fields alike in all
    // the comparison reads (parent type, name, arguments, and sub-selections read the same), the
    // first stands for all: they conflict with another field exactly when the first does, and
    // with each other only where their shared sub-selection conflicts within itself, which is
    // reported there.  So `{ id id id ... }`, or `id` in each of 500 fragments, costs one
    // comparison per field, not one per pair (graphql-js reports each pair; here, once).
    std::vector<FieldEntry> distinct_fields(const std::vector<FieldEntry>& fields, size_t begin, size_t end) {
        constexpr size_t compare_all_up_to = 4;  // a few fields: every pair costs less than sorting them out
        if (end - begin <= compare_all_up_to) return std::vector<FieldEntry>(fields.begin() + begin, fields.begin() + end);
        struct Key {
            const TypeDef* parent;
            std::string_view name;
            bool operator==(const Key& o) const { return parent == o.parent && name == o.name; }
        };
        struct KeyHash {
            size_t operator()(const Key& k) const {
                return mix(std::hash<const void*>()(k.parent), std::hash<std::string_view>()(k.name));
            }
        };
        std::vector<FieldEntry> out;
        std::unordered_map<Key, std::vector<size_t>, KeyHash> alike;  // -> indices into out
        for (size_t i = begin; i < end; ++i) {
            const FieldEntry& field = fields[i];
            std::vector<size_t>& candidates = alike[Key{field.parent, field.node->name}];
            auto same = std::find_if(candidates.begin(), candidates.end(), [&](size_t k) {
                spend_comparisons(1, field.node->loc);
                return same_arguments(out[k].node->arguments, field.node->arguments) &&
                       same_selections(out[k].node->selection_set, field.node->selection_set, field.node->loc);
            });
            if (same != candidates.end()) {
                if (out[*same].origin != field.origin) out[*same].origin = mixed_origin;
                continue;
            }
            candidates.push_back(out.size());
            out.push_back(field);
        }
        return out;
    }

    // Whether two selection sets read the same, selection by selection (directives aside, as the
    // merge rules ignore them).  Each selection compared counts as a comparison.
    bool same_selections(const std::vector<ast::Selection>& a, const std::vector<ast::Selection>& b, Offset loc) {
        if (a.size() != b.size()) return false;
        limits_.enter_recursion();
        for (size_t i = 0; i < a.size(); ++i) {
            spend_comparisons(1, loc);
            const ast::Selection& x = a[i];
            const ast::Selection& y = b[i];
            if (x.kind != y.kind || x.name != y.name || x.alias != y.alias || !same_arguments(x.arguments, y.arguments) ||
                !same_selections(x.selection_set, y.selection_set, loc)) {
                return false;
            }
        }
        return true;
    }

    struct PairKey {
        const ast::Selection* a;
        const ast::Selection* b;
        bool exclusive;
        bool operator==(const PairKey& o) const { return a == o.a && b == o.b && exclusive == o.exclusive; }
    };
    struct PairKeyHash {
        size_t operator()(const PairKey& k) const {
            return mix(mix(std::hash<const void*>()(k.a), std::hash<const void*>()(k.b)), k.exclusive);
        }
    };

    // Compares two fields of one response name; remembered per pair, so that repeated shapes
    // cost one comparison each, not one per path that reaches them.
    const Conflict* find_conflict(const FieldEntry& a, const FieldEntry& b, bool parents_exclusive) {
        if (a.node == b.node) return nullptr;
        PairKey key{a.node, b.node, parents_exclusive};
        auto cached = compared_.find(key);
        if (cached != compared_.end()) return cached->second < 0 ? nullptr : &conflicts_[cached->second];
        limits_.enter_recursion();
        spend_comparisons(1, b.node->loc);
        tick();
        std::optional<Conflict> conflict = compare_fields(a, b, parents_exclusive);
        int32_t index = -1;
        if (conflict) {
            conflicts_.push_back(std::move(*conflict));
            index = static_cast<int32_t>(conflicts_.size() - 1);
        }
        compared_.emplace(key, index);
        return index < 0 ? nullptr : &conflicts_[index];
    }

    std::optional<Conflict> compare_fields(const FieldEntry& a, const FieldEntry& b, bool parents_exclusive) {
        bool exclusive = parents_exclusive || (a.parent != b.parent && a.parent && b.parent &&
                                               a.parent->kind == TypeKind::Object && b.parent->kind == TypeKind::Object);
        std::string_view response_name = a.node->response_name();
        auto simple = [&](std::string reason) {
            return Conflict{response_name, std::move(reason), {}, {a.node->loc}, {b.node->loc}};
        };
        if (!exclusive) {
            if (a.node->name != b.node->name) {
                return simple(in_quotes(a.node->name) + " and " + in_quotes(b.node->name) + " are different fields");
            }
            if (!same_arguments(a.node->arguments, b.node->arguments)) return simple("they have differing arguments");
        }
        const FieldDef* def1 = field_def_of(a);
        const FieldDef* def2 = field_def_of(b);
        TypeView t1 = def1 ? TypeView(def1->type) : TypeView();
        TypeView t2 = def2 ? TypeView(def2->type) : TypeView();
        if (t1.known() && t2.known() && types_conflict(t1, t2)) {
            return simple("they return conflicting types " + in_quotes(t1.to_string()) + " and " + in_quotes(t2.to_string()));
        }
        if (a.node->selection_set.empty() || b.node->selection_set.empty()) return std::nullopt;
        const TypeDef* p1 = t1.known() && t1.def->is_composite() ? t1.def : nullptr;
        const TypeDef* p2 = t2.known() && t2.def->is_composite() ? t2.def : nullptr;
        std::vector<Conflict> subs = conflicts_between(a.node->selection_set, p1, b.node->selection_set, p2, exclusive);
        if (subs.empty()) return std::nullopt;
        Conflict conflict{response_name, {}, {}, {a.node->loc}, {b.node->loc}};
        for (const Conflict& sub : subs) {
            conflict.fields1.insert(conflict.fields1.end(), sub.fields1.begin(), sub.fields1.end());
            conflict.fields2.insert(conflict.fields2.end(), sub.fields2.begin(), sub.fields2.end());
        }
        conflict.subconflicts = std::move(subs);
        return conflict;
    }

    std::vector<Conflict> conflicts_between(const std::vector<ast::Selection>& set1, const TypeDef* p1,
                                            const std::vector<ast::Selection>& set2, const TypeDef* p2, bool exclusive) {
        std::vector<FieldEntry> f1, f2;
        std::unordered_set<size_t> v1, v2;
        collect_fields(set1, p1, f1, v1, false);
        collect_fields(set2, p2, f2, v2, false);
        sort_by_response_name(f1);
        sort_by_response_name(f2);
        std::vector<Conflict> out;
        size_t i = 0, j = 0;
        while (i < f1.size() && j < f2.size()) {
            std::string_view n1 = f1[i].node->response_name(), n2 = f2[j].node->response_name();
            if (n1 < n2) {
                ++i;
            } else if (n2 < n1) {
                ++j;
            } else {
                size_t i_end = i, j_end = j;
                while (i_end < f1.size() && f1[i_end].node->response_name() == n1) ++i_end;
                while (j_end < f2.size() && f2[j_end].node->response_name() == n1) ++j_end;
                if (i_end - i == 1 && j_end - j == 1) {  // the usual case
                    if (const Conflict* c = find_conflict(f1[i], f2[j], exclusive)) out.push_back(*c);
                } else {
                    std::vector<FieldEntry> g1 = distinct_fields(f1, i, i_end);
                    std::vector<FieldEntry> g2 = distinct_fields(f2, j, j_end);
                    for (const FieldEntry& x : g1) {
                        for (const FieldEntry& y : g2) {
                            if (const Conflict* c = find_conflict(x, y, exclusive)) out.push_back(*c);
                        }
                    }
                }
                i = i_end;
                j = j_end;
            }
        }
        return out;
    }

    // --- fragments across the document ------------------------------------------------------

    void check_fragment_cycles() {
        std::vector<bool> visited(document_.fragments.size(), false);
        std::vector<const ast::Selection*> path;
        std::unordered_map<std::string_view, size_t> path_index;
        for (size_t i = 0; i < document_.fragments.size(); ++i) detect_cycle(i, visited, path, path_index);
    }

    void detect_cycle(size_t index, std::vector<bool>& visited, std::vector<const ast::Selection*>& path,
                      std::unordered_map<std::string_view, size_t>& path_index) {
        if (visited[index]) return;
        limits_.enter_recursion();
        visited[index] = true;
        const ast::FragmentDefinition& frag = document_.fragments[index];
        const auto& spreads = fragment_facts_[index].spreads;
        if (spreads.empty()) return;
        path_index[frag.name] = path.size();
        for (const ast::Selection* spread : spreads) {
            path.push_back(spread);
            auto it = path_index.find(spread->name);
            if (it == path_index.end()) {
                size_t target = fragment_index(spread->name);
                if (target != static_cast<size_t>(-1)) detect_cycle(target, visited, path, path_index);
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
        std::vector<bool> seen(document_.fragments.size(), false);
        std::vector<const DefinitionFacts*> stack{&facts};
        while (!stack.empty()) {
            const DefinitionFacts* current = stack.back();
            stack.pop_back();
            for (const ast::Selection* spread : current->spreads) {
                size_t index = fragment_index(spread->name);
                if (index == static_cast<size_t>(-1) || seen[index]) continue;
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
        std::vector<bool> used(document_.fragments.size(), false);
        for (const DefinitionFacts& facts : operation_facts_) {
            for (size_t index : reachable_fragments(facts)) used[index] = true;
        }
        for (size_t i = 0; i < document_.fragments.size(); ++i) {
            if (!used[fragment_index(document_.fragments[i].name)]) report("Fragment " + in_quotes(document_.fragments[i].name) + " is never used.", {document_.fragments[i].loc});
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
        return super.def->is_abstract() && maybe.def->is_composite() && schema_.is_sub_type(super.def, maybe.def);
    }

    void check_operation_variables(size_t index) {
        const ast::OperationDefinition& op = document_.operations[index];
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
            const TypeDef* var_named = schema_.type(def->type.name);
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

    const Schema& schema_;
    const ast::Document& document_;
    const Limits& limits_;
    std::vector<GraphQLError> errors_;
    std::optional<ast::LineIndex> lines_;
    size_t work_ = 0;
    size_t merge_comparisons_ = 0;
    bool has_fragment_cycle_ = false;
    std::unordered_map<std::string_view, size_t> fragments_;
    std::vector<MeasureState> measure_state_;
    std::vector<Extent> fragment_extent_;
    std::vector<DefinitionFacts> operation_facts_;
    std::vector<DefinitionFacts> fragment_facts_;
    DefinitionFacts* facts_ = nullptr;
    std::unordered_map<PairKey, int32_t, PairKeyHash> compared_;
    std::deque<Conflict> conflicts_;
};

}  // namespace

std::vector<GraphQLError> validate(const Schema& schema, const ast::Document& document, const Limits& limits) {
    return Validator(schema, document, limits).run();
}

}  // namespace graphgate::graphql
