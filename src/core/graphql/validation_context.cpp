#include "core/graphql/validation_context.hpp"

namespace graphgate::graphql::validation {
namespace {

constexpr size_t interrupt_interval = 1024;

}  // namespace

void Context::report(std::string message, std::initializer_list<Offset> locations) {
    report(std::move(message), std::vector<Offset>(locations));
}

void Context::report(std::string message, const std::vector<Offset>& locations) {
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

void Context::tick() {
    if (++work_ % interrupt_interval == 0 && limits_.check_interrupt) limits_.check_interrupt();
}

size_t Context::add_fragment(std::string_view name, size_t index) {
    auto [it, fresh] = fragments_.emplace(name, index);
    return fresh ? no_fragment : it->second;
}


const ast::FragmentDefinition* Context::fragment(std::string_view name) const {
    auto it = fragments_.find(name);
    return it == fragments_.end() ? nullptr : &document_.fragments[it->second];
}

size_t Context::fragment_index(std::string_view name) const {
    auto it = fragments_.find(name);
    return it == fragments_.end() ? no_fragment : it->second;
}

const FieldDef* Context::lookup_field(const TypeDef* parent, std::string_view name) const {
    if (name.size() > 2 && name[0] == '_' && name[1] == '_') {
        if (name == "__typename") return parent->is_composite() ? &schema_.typename_field() : nullptr;
        if (parent == schema_.query_type()) {
            if (name == "__schema") return &schema_.schema_field();
            if (name == "__type") return &schema_.type_field();
        }
    }
    return parent->field(name);
}

void collect_fields(const Context& ctx, const std::vector<ast::Selection>& set, const TypeDef* parent,
                    std::vector<FieldEntry>& out, std::unordered_set<size_t>& visited, bool tag_origins, uint32_t origin) {
    ctx.limits().enter_recursion();
    for (const ast::Selection& sel : set) {
        switch (sel.kind) {
            case ast::SelectionKind::Field:
                out.push_back(FieldEntry{parent, &sel, origin, static_cast<uint32_t>(out.size())});
                break;
            case ast::SelectionKind::InlineFragment: {
                const TypeDef* type = sel.name.empty() ? parent : ctx.schema().type(sel.name);
                collect_fields(ctx, sel.selection_set, type, out, visited, tag_origins, origin);
                break;
            }
            case ast::SelectionKind::FragmentSpread: {
                size_t index = ctx.fragment_index(sel.name);
                if (index == Context::no_fragment) break;
                if (!visited.insert(index).second) break;
                const ast::FragmentDefinition& frag = ctx.document().fragments[index];
                uint32_t sub_origin = origin;
                if (tag_origins && origin == 0) sub_origin = static_cast<uint32_t>(visited.size());
                collect_fields(ctx, frag.selection_set, ctx.schema().type(frag.type_condition), out, visited,
                               tag_origins, sub_origin);
                break;
            }
        }
    }
}

}  // namespace graphgate::graphql::validation
