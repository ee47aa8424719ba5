#pragma once
// The limits that bound the work on a document through its fragments: selection depth
// (Limits::max_depth; a spread or inline fragment is one level) and the number of field
// selections (Limits::max_fields, a fragment counted at each of its spreads), measured with
// every fragment expanded once.  After this check, every later recursion that follows fragments
// is bounded by max_depth.
#include <cstdint>
#include <vector>

#include "core/graphql/validation_context.hpp"

namespace graphgate::graphql::validation {

class DocumentLimits {
public:
    explicit DocumentLimits(Context& ctx) : ctx_(ctx) {}

    // Reports a limit exceeded and throws Abort.  Returns whether a fragment spread cycle was
    // seen (reported by its own rule; the merging rule must not follow it).
    bool check();

private:
    struct Extent {
        size_t depth;   // deepest level reached, the measured set being at the level given
        size_t fields;  // field selections, fragments counted at each spread
    };
    enum class MeasureState : uint8_t { Pending, Running, Done };

    [[noreturn]] void depth_exceeded(Offset loc);
    Extent measure(const std::vector<ast::Selection>& set, size_t level, Offset loc);

    Context& ctx_;
    std::vector<MeasureState> measure_state_;
    std::vector<Extent> fragment_extent_;
    bool has_fragment_cycle_ = false;
};

}  // namespace graphgate::graphql::validation
