#include "core/schema/function_checks.hpp"

#include "core/schema/described.hpp"
#include "core/schema/type_names.hpp"

namespace graphgate::schema {
namespace {

bool valid_call(const FunctionCallInfo& call) {
    for (const FunctionArgInfo& a : call.args)
        if (!is_valid_graphql_name(a.name) || !is_valid_graphql_name(a.scalar)) return false;
    return call.args.empty() || is_valid_graphql_name(call.args_type());
}

// A field name the table's type has already (a column, a relationship or its aggregate).
bool taken_in(const TableInfo& table, const std::string& name) {
    for (const ColumnInfo& c : table.columns)
        if (c.graphql_name == name) return true;
    for (const RelationshipInfo& r : table.relationships)
        if (r.name == name || (r.is_array && relationship_aggregate_field(r.name) == name)) return true;
    return false;
}

}  // namespace

void prepare_functions(CatalogSnapshot& snapshot, const std::vector<long>& new_index,
                       std::unordered_set<std::string>& root_fields, std::unordered_set<std::string>& mutation_fields,
                       std::vector<std::string>& problems) {
    auto kept_target = [&](size_t old) -> long {
        long target = old < new_index.size() ? new_index[old] : -1;
        return target >= 0 && snapshot.tables[static_cast<size_t>(target)].selectable() ? target : -1;
    };
    for (TableInfo& table : snapshot.tables) {
        std::vector<ComputedFieldInfo> kept;
        std::unordered_set<std::string> names;
        for (ComputedFieldInfo& field : table.computed_fields) {
            std::string label = "computed field " + in_quotes(field.name) + " of table " + in_quotes(table_display_name(table));
            std::string why;
            long target = field.returns_table ? kept_target(field.target) : 0;
            if (!is_valid_graphql_name(field.name) || !valid_call(field.function) ||
                (!field.returns_table && !is_valid_graphql_name(field.scalar)))
                why = "a name is not a valid GraphQL name";
            else if (taken_in(table, field.name) || !names.insert(field.name).second)
                why = "the table has a field of that name already";
            else if (target < 0)
                why = "the table it returns is not in the schema";
            if (!why.empty()) {
                problems.push_back(label + ": " + why + "; the field is left out");
                continue;
            }
            field.target = static_cast<size_t>(target);
            kept.push_back(std::move(field));
        }
        table.computed_fields = std::move(kept);
    }
    std::vector<FunctionInfo> kept;
    for (FunctionInfo& f : snapshot.functions) {
        std::string label = "function " + in_quotes(f.function.schema + "." + f.function.name);
        long target = kept_target(f.target);
        std::string why;
        auto& taken = f.is_mutation ? mutation_fields : root_fields;
        if (target < 0) why = "the table it returns is not in the schema";
        else if (!is_valid_graphql_name(f.field) || (!f.is_mutation && !is_valid_graphql_name(f.aggregate_field)) ||
                 !valid_call(f.function))
            why = "a name is not a valid GraphQL name";
        else if (taken.count(f.field) || (!f.is_mutation && taken.count(f.aggregate_field)))
            why = "its root field's name is taken";
        if (!why.empty()) {
            problems.push_back(label + ": " + why + "; the function is left out");
            continue;
        }
        taken.insert(f.field);
        if (!f.is_mutation) taken.insert(f.aggregate_field);
        f.target = static_cast<size_t>(target);
        kept.push_back(std::move(f));
    }
    snapshot.functions = std::move(kept);
}

}  // namespace graphgate::schema
