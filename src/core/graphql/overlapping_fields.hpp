#pragma once
// graphql-js' OverlappingFieldsCanBeMerged (spec §5.3.2): fields of one response name in a
// selection set, fragments included, must be the same field with the same arguments, or be on
// object types that exclude each other, and return shapes that merge.  Called for each
// selection set by validation.cpp's walk.  Bounded: alike fields are compared once, pairs are
// remembered, and past max_merge_comparisons validation stops with an error.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/graphql/validation_context.hpp"

namespace graphgate::graphql::validation {

struct Conflict {
    std::string_view response_name;
    std::string reason;
    std::vector<Conflict> subconflicts;
    std::vector<Offset> fields1, fields2;
};

class OverlappingFields {
public:
    explicit OverlappingFields(Context& ctx) : ctx_(ctx) {}

    // A document with a fragment spread cycle is not checked (comparing would follow the cycle
    // without end; the cycle is reported by its own rule).
    void skip_all() { skip_ = true; }
    void check(const std::vector<ast::Selection>& set, const TypeDef* parent);

private:
    struct PairKey {
        const ast::Selection* a;
        const ast::Selection* b;
        bool exclusive;
        bool operator==(const PairKey& o) const { return a == o.a && b == o.b && exclusive == o.exclusive; }
    };
    struct PairKeyHash {
        size_t operator()(const PairKey& k) const;
    };

    const FieldDef* field_def_of(const FieldEntry& entry) const;
    void spend_comparisons(size_t n, Offset loc);
    std::vector<FieldEntry> distinct_fields(const std::vector<FieldEntry>& fields, size_t begin, size_t end);
    bool same_selections(const std::vector<ast::Selection>& a, const std::vector<ast::Selection>& b, Offset loc);
    const Conflict* find_conflict(const FieldEntry& a, const FieldEntry& b, bool parents_exclusive);
    std::optional<Conflict> compare_fields(const FieldEntry& a, const FieldEntry& b, bool parents_exclusive);
    std::vector<Conflict> conflicts_between(const std::vector<ast::Selection>& set1, const TypeDef* p1,
                                            const std::vector<ast::Selection>& set2, const TypeDef* p2, bool exclusive);

    Context& ctx_;
    bool skip_ = false;
    size_t merge_comparisons_ = 0;
    std::unordered_map<PairKey, int32_t, PairKeyHash> compared_;
    std::deque<Conflict> conflicts_;
};

}  // namespace graphgate::graphql::validation
