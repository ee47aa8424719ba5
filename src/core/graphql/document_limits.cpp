#include "core/graphql/document_limits.hpp"

#include <algorithm>
#include <string>

namespace graphgate::graphql::validation {
namespace {

constexpr size_t saturated = static_cast<size_t>(-1) / 4;

}  // namespace

void DocumentLimits::depth_exceeded(Offset loc) {
    ctx_.report("Selection depth exceeds the limit of " + std::to_string(ctx_.limits().max_depth) + ".", {loc});
    throw Abort{};
}

DocumentLimits::Extent DocumentLimits::measure(const std::vector<ast::Selection>& set, size_t level, Offset loc) {
    if (level > ctx_.limits().max_depth) depth_exceeded(loc);
    ctx_.limits().enter_recursion();
    ctx_.tick();
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
                size_t index = ctx_.fragment_index(sel.name);
                if (index == Context::no_fragment) break;
                switch (measure_state_[index]) {
                    case MeasureState::Running:  // a cycle: reported by its own rule
                        has_fragment_cycle_ = true;
                        break;
                    case MeasureState::Done: {
                        const Extent& f = fragment_extent_[index];
                        if (level + f.depth > ctx_.limits().max_depth) depth_exceeded(sel.loc);
                        merge(Extent{level + f.depth, f.fields});
                        break;
                    }
                    case MeasureState::Pending: {
                        measure_state_[index] = MeasureState::Running;
                        Extent sub = measure(ctx_.document().fragments[index].selection_set, level + 1, sel.loc);
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

bool DocumentLimits::check() {
    const ast::Document& document = ctx_.document();
    measure_state_.assign(document.fragments.size(), MeasureState::Pending);
    fragment_extent_.assign(document.fragments.size(), Extent{0, 0});
    for (const ast::OperationDefinition& op : document.operations) {
        Extent extent = measure(op.selection_set, 1, op.selection_set_loc);
        if (extent.fields > ctx_.limits().max_fields) {
            std::string who = op.name.empty() ? "The anonymous operation" : "Operation " + in_quotes(op.name);
            ctx_.report(who + " selects more than " + std::to_string(ctx_.limits().max_fields) +
                            " fields (fragments counted at every spread).",
                        {op.loc});
            throw Abort{};
        }
    }
    for (size_t i = 0; i < document.fragments.size(); ++i) {
        if (measure_state_[i] != MeasureState::Pending) continue;
        measure_state_[i] = MeasureState::Running;
        Extent sub = measure(document.fragments[i].selection_set, 1, document.fragments[i].selection_set_loc);
        fragment_extent_[i] = Extent{sub.depth, sub.fields};
        measure_state_[i] = MeasureState::Done;
    }
    return has_fragment_cycle_;
}

}  // namespace graphgate::graphql::validation
