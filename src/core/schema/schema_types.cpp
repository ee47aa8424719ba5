#include "core/schema/schema_types.hpp"

#include <algorithm>
#include <unordered_set>

namespace graphgate::schema {

std::vector<const graphql::TypeDef*> visible_types(const graphql::Schema& schema) {
    std::unordered_set<const graphql::TypeDef*> seen;
    std::vector<const graphql::TypeDef*> out;
    auto visit = [&](const graphql::TypeDef* type) {
        if (type && seen.insert(type).second) out.push_back(type);
    };
    visit(schema.query_type());
    visit(schema.mutation_type());
    visit(schema.subscription_type());
    visit(schema.type("__Schema"));
    for (const auto& directive : schema.directives()) {
        for (const graphql::InputValueDef& arg : directive->args) visit(arg.type.def);
    }
    // `out` grows while it is walked: each type adds what its members refer to.
    for (size_t i = 0; i < out.size(); ++i) {
        const graphql::TypeDef* type = out[i];
        for (const graphql::FieldDef& field : type->fields) {
            visit(field.type.def);
            for (const graphql::InputValueDef& arg : field.args) visit(arg.type.def);
        }
        for (const graphql::InputValueDef& field : type->input_fields) visit(field.type.def);
        for (const graphql::TypeDef* interface : type->interface_defs) visit(interface);
        for (const graphql::TypeDef* member : type->possible_types) visit(member);
    }
    std::sort(out.begin(), out.end(),
              [](const graphql::TypeDef* a, const graphql::TypeDef* b) { return a->name < b->name; });
    return out;
}

}  // namespace graphgate::schema
