#pragma once
// What validation's rules share (validation.cpp walks the document once and calls the rules in
// document_limits.cpp and overlapping_fields.cpp on the way): the schema, the document, its
// fragments by name, the errors found so far with their limit, and the interrupt ticks.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/graphql/ast.hpp"
#include "core/graphql/error.hpp"
#include "core/graphql/limits.hpp"
#include "core/graphql/schema_interface.hpp"

namespace graphgate::graphql::validation {

using ast::Offset;

// Thrown to stop validation: error limit reached, or a limit that makes further work unsafe.
struct Abort {};

inline std::string in_quotes(std::string_view name) { return "\"" + std::string(name) + "\""; }

class Context {
public:
    static constexpr size_t no_fragment = static_cast<size_t>(-1);

    Context(const Schema& schema, const ast::Document& document, const Limits& limits)
        : schema_(schema), document_(document), limits_(limits) {}

    const Schema& schema() const { return schema_; }
    const ast::Document& document() const { return document_; }
    const Limits& limits() const { return limits_; }

    // Adds an error; past Limits::max_errors adds the "too many" error and throws Abort.
    void report(std::string message, std::initializer_list<Offset> locations);
    void report(std::string message, const std::vector<Offset>& locations);
    // Counts a step of work; every so many, Limits::check_interrupt.
    void tick();

    // Records fragment `index` under its name; returns the index of an earlier one of that name,
    // or no_fragment.
    size_t add_fragment(std::string_view name, size_t index);
    const ast::FragmentDefinition* fragment(std::string_view name) const;
    size_t fragment_index(std::string_view name) const;  // or no_fragment
    // A field of `parent`, the introspection fields (__typename, __schema, __type) included.
    const FieldDef* lookup_field(const TypeDef* parent, std::string_view name) const;

    std::vector<GraphQLError> take_errors() { return std::move(errors_); }

private:
    const Schema& schema_;
    const ast::Document& document_;
    const Limits& limits_;
    std::vector<GraphQLError> errors_;
    std::optional<ast::LineIndex> lines_;
    size_t work_ = 0;
    std::unordered_map<std::string_view, size_t> fragments_;
};

// A field of a selection set as the rules that collect fields see it (graphql-js' CollectFields,
// fragments followed once each).
struct FieldEntry {
    const TypeDef* parent;
    const ast::Selection* node;
    uint32_t origin;  // 0: written in the selection set itself; n: came through its n-th spread
    uint32_t order;   // position in the collection, to keep sorting stable
};

// Appends the fields of `set` on `parent` to `out`, following each fragment once (`visited`);
// with tag_origins, fields that came through the n-th spread carry origin n.
void collect_fields(const Context& ctx, const std::vector<ast::Selection>& set, const TypeDef* parent,
                    std::vector<FieldEntry>& out, std::unordered_set<size_t>& visited, bool tag_origins,
                    uint32_t origin = 0);

}  // namespace graphgate::graphql::validation
