#pragma once
// CollectFields (spec §6.3.2): the fields a selection set asks of an object type, fragments
// expanded, @skip/@include applied, fields with the same response name merged - in the order
// their response names first appear.  What execution (SQL compilation, introspection) walks.
#include <string_view>
#include <vector>

#include "core/graphql/ast.hpp"
#include "core/graphql/schema_interface.hpp"

namespace graphgate::graphql {

struct CollectedField {
    std::string_view response_name;
    std::vector<const ast::Selection*> nodes;  // all field nodes merged under the name

    const ast::Selection& first() const { return *nodes.front(); }
};

// `variables` are the coerced variable values of the operation.
std::vector<CollectedField> collect_fields(const Schema& schema, const ast::Document& document,
                                           const TypeDef& object_type,
                                           const std::vector<ast::Selection>& selection_set, const Json& variables);

// The fields asked of `object_type` by the sub-selections of every node of `field` (the
// selection set of a field that several nodes merged into).
std::vector<CollectedField> collect_subfields(const Schema& schema, const ast::Document& document,
                                              const TypeDef& object_type, const CollectedField& field,
                                              const Json& variables);

// Whether @skip/@include let a selection through.
bool should_include(const Schema& schema, const ast::Document& document,
                    const std::vector<ast::Directive>& directives, const Json& variables);

}  // namespace graphgate::graphql
