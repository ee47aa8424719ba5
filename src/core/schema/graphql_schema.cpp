#include "core/schema/graphql_schema.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/schema/mutation_schema.hpp"
#include "core/schema/schema_builder.hpp"
#include "core/schema/schema_types.hpp"
#include "core/schema/snapshot_checks.hpp"

namespace graphgate::schema {

GraphQLSchema::GraphQLSchema(CatalogSnapshot snapshot) : snapshot_(std::move(snapshot)) {
    problems_ = prepare_snapshot(snapshot_);
    schema_ = build_schema_from_prepared(snapshot_);
    visible_types_ = schema::visible_types(*schema_);

    field_origins_.resize(snapshot_.tables.size());
    for (const TableInfo& table : snapshot_.tables) {
        auto& fields = field_origins_[static_cast<size_t>(&table - snapshot_.tables.data())];
        for (const ColumnInfo& c : table.columns) fields.emplace(c.graphql_name, FieldOrigin{FieldOrigin::Column, &c, nullptr});
        for (const RelationshipInfo& r : table.relationships) {
            fields.emplace(r.name, FieldOrigin{FieldOrigin::Relationship, nullptr, &r});
            if (r.is_array)
                fields.emplace(relationship_aggregate_field(r.name), FieldOrigin{FieldOrigin::RelationshipAggregate, nullptr, &r});
        }
        for (const ComputedFieldInfo& c : table.computed_fields)
            fields.emplace(c.name, FieldOrigin{FieldOrigin::ComputedField, nullptr, nullptr, &c});
        if (table.selectable()) {
            root_fields_.emplace(table.select_field, RootField{&table, RootField::Select});
            root_fields_.emplace(table.select_aggregate_field, RootField{&table, RootField::Aggregate});
        }
        if (!table.primary_key.empty()) root_fields_.emplace(table.select_by_pk_field, RootField{&table, RootField::ByPk});
        root_fields_.emplace(type_names::stream_field(table.graphql_name), RootField{&table, RootField::Stream});
        // The fields the table's writes give it (names of fields it does not have may be another
        // table's).
        const std::vector<std::string> mutations = mutation_root_fields(table);
        using M = MutationField;
        for (auto [name, kind] : {std::pair{&table.insert_field, M::Insert}, {&table.insert_one_field, M::InsertOne},
                                  {&table.update_field, M::Update}, {&table.update_by_pk_field, M::UpdateByPk},
                                  {&table.update_many_field, M::UpdateMany}, {&table.delete_field, M::Delete},
                                  {&table.delete_by_pk_field, M::DeleteByPk}})
            if (std::find(mutations.begin(), mutations.end(), *name) != mutations.end())
                mutation_fields_.emplace(*name, MutationField{&table, kind});

        // Only the types the schema has: an unreachable <t>_aggregate_order_by is not there.
        auto add = [&](std::string name, TypeRole role, AggregateOp op = AggregateOp::Avg) {
            if (schema_->type(name)) type_origins_.emplace(std::move(name), TypeOrigin{&table, role, op});
        };
        const std::string& t = table.graphql_name;
        add(t, TypeRole::Table);
        add(type_names::aggregate(t), TypeRole::Aggregate);
        add(type_names::aggregate_fields(t), TypeRole::AggregateFields);
        add(type_names::bool_exp(t), TypeRole::BoolExp);
        add(type_names::order_by(t), TypeRole::OrderBy);
        add(type_names::aggregate_order_by(t), TypeRole::AggregateOrderBy);
        add(type_names::select_column(t), TypeRole::SelectColumn);
        for (AggregateOp op : all_aggregate_ops) {
            add(type_names::aggregate_op_fields(t, op), TypeRole::AggregateOpFields, op);
            add(type_names::aggregate_op_order_by(t, op), TypeRole::AggregateOpOrderBy, op);
        }
    }
    for (const FunctionInfo& f : snapshot_.functions) {
        const TableInfo* table = &snapshot_.tables[f.target];
        if (f.is_mutation) {
            mutation_fields_.emplace(f.field, MutationField{table, MutationField::Function, &f});
        } else {
            root_fields_.emplace(f.field, RootField{table, RootField::Function, &f});
            root_fields_.emplace(f.aggregate_field, RootField{table, RootField::FunctionAggregate, &f});
        }
    }
}

const GraphQLSchema::RootField* GraphQLSchema::root_field(std::string_view name) const {
    auto it = root_fields_.find(std::string(name));
    return it == root_fields_.end() ? nullptr : &it->second;
}

const GraphQLSchema::MutationField* GraphQLSchema::mutation_field(std::string_view name) const {
    auto it = mutation_fields_.find(std::string(name));
    return it == mutation_fields_.end() ? nullptr : &it->second;
}

const TableInfo* GraphQLSchema::table_for_type(std::string_view type_name) const {
    const TypeOrigin* origin = type_origin(type_name);
    return origin && origin->role == TypeRole::Table ? origin->table : nullptr;
}

const GraphQLSchema::FieldOrigin* GraphQLSchema::field_origin(const TableInfo& table, std::string_view field) const {
    const auto& fields = field_origins_.at(static_cast<size_t>(&table - snapshot_.tables.data()));
    auto it = fields.find(std::string(field));
    return it == fields.end() ? nullptr : &it->second;
}

const std::string& GraphQLSchema::column_name(const TableInfo& table, std::string_view field) const {
    const FieldOrigin* origin = field_origin(table, field);
    if (!origin || origin->kind != FieldOrigin::Column)
        throw std::logic_error("\"" + std::string(field) + "\" is no column of \"" + table.graphql_name + "\"");
    return origin->column->name;
}

const GraphQLSchema::TypeOrigin* GraphQLSchema::type_origin(std::string_view type_name) const {
    auto it = type_origins_.find(std::string(type_name));
    return it == type_origins_.end() ? nullptr : &it->second;
}

}  // namespace graphgate::schema
