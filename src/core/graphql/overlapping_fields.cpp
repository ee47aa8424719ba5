#include "core/graphql/overlapping_fields.hpp"

#include <algorithm>
#include <functional>

namespace graphgate::graphql::validation {
namespace {

// Combines two hashes (boost's hash_combine).
size_t mix(size_t seed, size_t value) { return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2)); }

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

// Groups fields by response name, keeping document order within a group.
void sort_by_response_name(std::vector<FieldEntry>& fields) {
    std::sort(fields.begin(), fields.end(), [](const FieldEntry& a, const FieldEntry& b) {
        int c = a.node->response_name().compare(b.node->response_name());
        return c < 0 || (c == 0 && a.order < b.order);
    });
}

// Comparing fields of one response name is quadratic in how many there are, as in graphql-js;
// past this many comparisons (every one of a document's selection sets together) validation
// stops with an error rather than take minutes.  No document written by hand comes near.
constexpr size_t max_merge_comparisons = 100'000;

// A field that stands for alike fields from several fragments: compared with every field.
constexpr uint32_t mixed_origin = static_cast<uint32_t>(-1);

}  // namespace

size_t OverlappingFields::PairKeyHash::operator()(const PairKey& k) const {
    return mix(mix(std::hash<const void*>()(k.a), std::hash<const void*>()(k.b)), k.exclusive);
}

const FieldDef* OverlappingFields::field_def_of(const FieldEntry& entry) const {
    return entry.parent ? ctx_.lookup_field(entry.parent, entry.node->name) : nullptr;
}

void OverlappingFields::check(const std::vector<ast::Selection>& set, const TypeDef* parent) {
    // Comparing fields follows fragments into sub-selections, which a cycle makes endless;
    // such a document is invalid anyway and its cycle is reported.
    if (skip_) return;
    if (set.size() < 2 && (set.empty() || set[0].kind == ast::SelectionKind::Field)) return;
    std::vector<FieldEntry> fields;
    std::unordered_set<size_t> visited;
    collect_fields(ctx_, set, parent, fields, visited, true);
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
                    ctx_.report("Fields " + in_quotes(name) + " conflict because " + reason_message(*conflict) +
                                    ". Use different aliases on the fields to fetch both if this was intentional.",
                                locs);
                }
            }
        }
        begin = end;
    }
}

void OverlappingFields::spend_comparisons(size_t n, Offset loc) {
    merge_comparisons_ += n;
    if (merge_comparisons_ <= max_merge_comparisons) return;
    ctx_.report("Too many fields with the same response name to check that they can be merged (more than " +
                    std::to_string(max_merge_comparisons) + " comparisons). Validation aborted.",
                {loc});
    throw Abort{};
}

// The fields [begin, end) of one response name that need comparing.  Of fields alike in all
// the comparison reads (parent type, name, arguments, and sub-selections read the same), the
// first stands for all: they conflict with another field exactly when the first does, and
// with each other only where their shared sub-selection conflicts within itself, which is
// reported there.  So `{ id id id ... }`, or `id` in each of 500 fragments, costs one
// comparison per field, not one per pair (graphql-js reports each pair; here, once).
std::vector<FieldEntry> OverlappingFields::distinct_fields(const std::vector<FieldEntry>& fields, size_t begin, size_t end) {
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
bool OverlappingFields::same_selections(const std::vector<ast::Selection>& a, const std::vector<ast::Selection>& b, Offset loc) {
    if (a.size() != b.size()) return false;
    ctx_.limits().enter_recursion();
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

// Compares two fields of one response name; remembered per pair, so that repeated shapes
// cost one comparison each, not one per path that reaches them.
const Conflict* OverlappingFields::find_conflict(const FieldEntry& a, const FieldEntry& b, bool parents_exclusive) {
    if (a.node == b.node) return nullptr;
    PairKey key{a.node, b.node, parents_exclusive};
    auto cached = compared_.find(key);
    if (cached != compared_.end()) return cached->second < 0 ? nullptr : &conflicts_[cached->second];
    ctx_.limits().enter_recursion();
    spend_comparisons(1, b.node->loc);
    ctx_.tick();
    std::optional<Conflict> conflict = compare_fields(a, b, parents_exclusive);
    int32_t index = -1;
    if (conflict) {
        conflicts_.push_back(std::move(*conflict));
        index = static_cast<int32_t>(conflicts_.size() - 1);
    }
    compared_.emplace(key, index);
    return index < 0 ? nullptr : &conflicts_[index];
}

std::optional<Conflict> OverlappingFields::compare_fields(const FieldEntry& a, const FieldEntry& b, bool parents_exclusive) {
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

std::vector<Conflict> OverlappingFields::conflicts_between(const std::vector<ast::Selection>& set1, const TypeDef* p1,
                                                           const std::vector<ast::Selection>& set2, const TypeDef* p2,
                                                           bool exclusive) {
    std::vector<FieldEntry> f1, f2;
    std::unordered_set<size_t> v1, v2;
    collect_fields(ctx_, set1, p1, f1, v1, false);
    collect_fields(ctx_, set2, p2, f2, v2, false);
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

}  // namespace graphgate::graphql::validation
