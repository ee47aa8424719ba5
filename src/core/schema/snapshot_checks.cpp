#include "core/schema/snapshot_checks.hpp"

#include <set>
#include <unordered_set>

#include "core/schema/described.hpp"
#include "core/schema/function_checks.hpp"
#include "core/schema/mutation_schema.hpp"
#include "core/schema/type_names.hpp"

namespace graphgate::schema {

namespace {

std::string table_label(const TableInfo& table) {
    std::string label = "table " + in_quotes(table_display_name(table));
    if (!table.source.empty()) label += " of source " + in_quotes(table.source);
    return label;
}

bool is_enum_word(const std::string& name) { return name == "true" || name == "false" || name == "null"; }

// `what` names the list in messages ("", " (insert)", " (update)"), so that a column the role may
// both select and write is reported once per list it is left out of.
void prepare_column_list(TableInfo& table, std::vector<ColumnInfo>& columns, const char* what,
                         std::vector<std::string>& problems) {
    std::vector<ColumnInfo> kept;
    kept.reserve(columns.size());
    std::unordered_set<std::string> names;
    for (ColumnInfo& column : columns) {
        if (column.graphql_name.empty()) column.graphql_name = column.name;
        const std::string& field = column.graphql_name;
        std::string label = table_label(table) + ": column " + in_quotes(column.name);
        if (field != column.name) label += " (GraphQL name " + in_quotes(field) + ")";
        label += what;
        if (!is_valid_graphql_name(field)) {
            problems.push_back(label + " is not a valid GraphQL name; left out");
        } else if (is_enum_word(field)) {
            // It could be a field, but not a value of <t>_select_column (spec §3.9).
            problems.push_back(label + " cannot be a GraphQL enum value; left out");
        } else if (!is_valid_graphql_name(column.scalar) || column.scalar == type_names::query_root ||
                   column.scalar == type_names::mutation_root || column.scalar == type_names::order_by_enum) {
            problems.push_back(label + " has type " + in_quotes(column.scalar) +
                               ", which is not a valid GraphQL type name; left out");
        } else if (!names.insert(field).second) {
            problems.push_back(label + " appears twice; the second is left out");
        } else {
            kept.push_back(std::move(column));
        }
    }
    columns = std::move(kept);
}

void prepare_columns(TableInfo& table, std::vector<std::string>& problems) {
    prepare_column_list(table, table.columns, "", problems);
    prepare_column_list(table, table.writes.insert_columns, " (insert)", problems);
    prepare_column_list(table, table.writes.update_columns, " (update)", problems);
    // A conflict target is a value of <t>_constraint.
    std::vector<UniqueKey> keys;
    std::unordered_set<std::string> key_names;
    for (UniqueKey& key : table.writes.unique_keys) {
        if (!is_valid_graphql_name(key.name) || is_enum_word(key.name) || !key_names.insert(key.name).second) {
            problems.push_back(table_label(table) + ": unique key " + in_quotes(key.name) +
                               " is not a valid GraphQL enum value; no upserts on it");
            continue;
        }
        keys.push_back(std::move(key));
    }
    table.writes.unique_keys = std::move(keys);
    for (const std::string& key : table.primary_key) {
        if (!table.column(key)) {
            problems.push_back(table_label(table) + ": primary key column " + in_quotes(key) +
                               " is not in the schema; no " + in_quotes(table.select_by_pk_field) + " field");
            table.primary_key.clear();
            break;
        }
    }
}

// An enum table's values are GraphQL enum values: tracking checked them, but rows may have
// changed since a reload.  A table left without values is no enum in this schema.
void prepare_enum_values(TableInfo& table, std::vector<std::string>& problems) {
    std::vector<EnumValueInfo> kept;
    std::unordered_set<std::string> names;
    for (EnumValueInfo& value : table.enum_values) {
        if (!is_valid_graphql_name(value.name) || is_enum_word(value.name) || !names.insert(value.name).second) {
            problems.push_back(table_label(table) + ": enum value " + in_quotes(value.name) +
                               " is not a valid GraphQL enum value name; left out");
            continue;
        }
        kept.push_back(std::move(value));
    }
    table.enum_values = std::move(kept);
}

// The types a table brings: its own, and an enum table's <t>_enum with its comparison type.
std::vector<std::string> owned_type_names(const TableInfo& table) {
    std::vector<std::string> names = table_type_names(table.graphql_name);
    if (!table.enum_values.empty()) {
        names.push_back(type_names::enum_type(table.graphql_name));
        names.push_back(type_names::comparison_exp(type_names::enum_type(table.graphql_name)));
    }
    return names;
}

// A column with a foreign key to an enum table of the schema takes its <t>_enum type; one to a
// table left out of it (or without values) stays the scalar of its Postgres type.
void type_enum_columns(std::vector<TableInfo>& tables, const std::vector<long>& new_index) {
    for (TableInfo& table : tables)
        for (auto* columns : {&table.columns, &table.writes.insert_columns, &table.writes.update_columns})
            for (ColumnInfo& column : *columns) {
                if (!column.enum_table) continue;
                size_t old = *column.enum_table;
                column.enum_table.reset();
                if (old >= new_index.size() || new_index[old] < 0) continue;
                const TableInfo& target = tables[static_cast<size_t>(new_index[old])];
                if (target.enum_values.empty()) continue;
                column.enum_table = static_cast<size_t>(new_index[old]);
                column.scalar = type_names::enum_type(target.graphql_name);
                column.kind = ScalarKind::Enum;
            }
}

// The reason the table cannot be in the schema, or empty if it can.
std::string table_conflict(const TableInfo& table, const std::unordered_set<std::string>& reserved,
                           const std::unordered_set<std::string>& taken_types,
                           const std::unordered_set<std::string>& taken_root_fields,
                           const std::unordered_set<std::string>& taken_mutation_fields) {
    if (!is_valid_graphql_name(table.graphql_name)) {
        return "its GraphQL name " + in_quotes(table.graphql_name) + " is not a valid GraphQL name";
    }
    const TableWrites& w = table.writes;
    if (!table.selectable() && !w.can_insert() && !w.can_update() && !w.can_delete)
        return "the role may neither select nor write any of its columns";
    auto clash = [](const std::vector<std::string>& fields, const std::unordered_set<std::string>& taken,
                    const char* root) -> std::string {
        std::set<std::string> own;
        for (const std::string& field : fields) {
            if (!is_valid_graphql_name(field)) return "root field name " + in_quotes(field) + " is not a valid GraphQL name";
            if (taken.count(field) || !own.insert(field).second)
                return std::string(root) + " field " + in_quotes(field) + " already exists";
        }
        return {};
    };
    std::vector<std::string> root_fields;
    if (table.selectable()) root_fields = {table.select_field, table.select_aggregate_field};
    if (table.selectable() && !table.primary_key.empty()) root_fields.push_back(table.select_by_pk_field);
    if (std::string c = clash(root_fields, taken_root_fields, "root"); !c.empty()) return c;
    if (std::string c = clash(mutation_root_fields(table), taken_mutation_fields, "mutation root"); !c.empty()) return c;
    for (const std::string& type : owned_type_names(table)) {
        if (reserved.count(type) || taken_types.count(type)) return "type " + in_quotes(type) + " already exists";
    }
    return {};
}

void prepare_relationships(TableInfo& table, const std::vector<TableInfo>& old_tables,
                           const std::vector<long>& new_index, std::vector<std::string>& problems) {
    std::unordered_set<std::string> fields;
    for (const ColumnInfo& column : table.columns) fields.insert(column.graphql_name);
    std::vector<RelationshipInfo> kept;
    for (RelationshipInfo& rel : table.relationships) {
        std::string label = table_label(table) + ": relationship " + in_quotes(rel.name);
        if (!is_valid_graphql_name(rel.name)) {
            problems.push_back(label + " is not a valid GraphQL name; left out");
            continue;
        }
        if (rel.target >= old_tables.size()) {
            problems.push_back(label + " has no target table; left out");
            continue;
        }
        if (new_index[rel.target] < 0) {
            problems.push_back(label + " leads to " + table_label(old_tables[rel.target]) +
                               ", which is not in the schema; left out");
            continue;
        }
        std::string aggregate_field = relationship_aggregate_field(rel.name);
        if (fields.count(rel.name) || (rel.is_array && fields.count(aggregate_field))) {
            problems.push_back(label + " clashes with another field of the table; left out");
            continue;
        }
        fields.insert(rel.name);
        if (rel.is_array) fields.insert(aggregate_field);
        rel.target = static_cast<size_t>(new_index[rel.target]);
        kept.push_back(std::move(rel));
    }
    table.relationships = std::move(kept);
}

}  // namespace

std::vector<std::string> table_type_names(const std::string& t) {
    std::vector<std::string> names = {t,
                                      type_names::bool_exp(t),
                                      type_names::order_by(t),
                                      type_names::select_column(t),
                                      type_names::aggregate(t),
                                      type_names::aggregate_fields(t),
                                      type_names::aggregate_order_by(t),
                                      type_names::insert_input(t),
                                      type_names::obj_rel_insert_input(t),
                                      type_names::arr_rel_insert_input(t),
                                      type_names::on_conflict(t),
                                      type_names::constraint(t),
                                      type_names::update_column(t),
                                      type_names::mutation_response(t),
                                      type_names::pk_columns_input(t),
                                      type_names::updates(t),
                                      type_names::aggregate_bool_exp(t),
                                      type_names::aggregate_bool_exp_count(t)};
    for (const UpdateOpInfo& op : update_ops()) names.push_back(type_names::update_operator_input(t, op.type_suffix));
    for (AggregateOp op : all_aggregate_ops) {
        names.push_back(type_names::aggregate_op_fields(t, op));
        names.push_back(type_names::aggregate_op_order_by(t, op));
    }
    return names;
}

std::vector<std::string> prepare_snapshot(CatalogSnapshot& snapshot) {
    std::vector<std::string> problems;
    for (TableInfo& table : snapshot.tables) {
        if (table.select_field.empty()) table.select_field = table.graphql_name;
        if (table.select_by_pk_field.empty()) table.select_by_pk_field = table.graphql_name + "_by_pk";
        if (table.select_aggregate_field.empty()) table.select_aggregate_field = table.graphql_name + "_aggregate";
        const std::string& t = table.graphql_name;
        for (auto [field, name] : {std::pair{&table.insert_field, "insert_" + t},
                                   {&table.insert_one_field, "insert_" + t + "_one"},
                                   {&table.update_field, "update_" + t},
                                   {&table.update_by_pk_field, "update_" + t + "_by_pk"},
                                   {&table.update_many_field, "update_" + t + "_many"},
                                   {&table.delete_field, "delete_" + t},
                                   {&table.delete_by_pk_field, "delete_" + t + "_by_pk"}})
            if (field->empty()) *field = name;
        prepare_columns(table, problems);
        prepare_enum_values(table, problems);
    }

    // Scalars and their comparison types are shared by all tables; they win over table types.
    // mutation_root and subscription_root are Hasura's other roots, kept free for them.
    std::unordered_set<std::string> reserved = {type_names::query_root, type_names::mutation_root, "subscription_root",
                                                type_names::order_by_enum, "Int", "Float", "String", "Boolean",
                                                "ID", type_names::comparison_exp("Int")};  // aggregate predicates
    for (const TableInfo& table : snapshot.tables) {
        for (const auto* columns : {&table.columns, &table.writes.insert_columns, &table.writes.update_columns})
            for (const ColumnInfo& column : *columns) {
                reserved.insert(column.scalar);
                reserved.insert(type_names::comparison_exp(column.scalar));
                // The types their operators take.
                if (column.scalar == "ltree") reserved.insert({"lquery", "ltxtquery"});
                if (column.scalar == "jsonb")
                    reserved.insert({type_names::jsonb_cast_exp, type_names::comparison_exp("String")});
            }
    }

    std::unordered_set<std::string> taken_types, taken_root_fields, taken_mutation_fields;
    std::vector<long> new_index(snapshot.tables.size(), -1);
    long kept = 0;
    for (size_t i = 0; i < snapshot.tables.size(); ++i) {
        const TableInfo& table = snapshot.tables[i];
        std::string conflict = table_conflict(table, reserved, taken_types, taken_root_fields, taken_mutation_fields);
        if (!conflict.empty()) {
            problems.push_back(table_label(table) + ": " + conflict + "; the table is left out");
            continue;
        }
        for (std::string& type : owned_type_names(table)) taken_types.insert(std::move(type));
        if (table.selectable()) {
            taken_root_fields.insert(table.select_field);
            taken_root_fields.insert(table.select_aggregate_field);
        }
        if (table.selectable() && !table.primary_key.empty()) taken_root_fields.insert(table.select_by_pk_field);
        for (std::string& field : mutation_root_fields(table)) taken_mutation_fields.insert(std::move(field));
        new_index[i] = kept++;
    }

    std::vector<TableInfo> old_tables = std::move(snapshot.tables);
    snapshot.tables.clear();
    snapshot.tables.reserve(static_cast<size_t>(kept));
    for (size_t i = 0; i < old_tables.size(); ++i) {
        // Only dropped tables are named in messages later, so the kept ones can be moved.
        if (new_index[i] >= 0) snapshot.tables.push_back(std::move(old_tables[i]));
    }
    for (TableInfo& table : snapshot.tables) prepare_relationships(table, old_tables, new_index, problems);
    type_enum_columns(snapshot.tables, new_index);
    prepare_functions(snapshot, new_index, taken_root_fields, taken_mutation_fields, problems);
    return problems;
}

}  // namespace graphgate::schema
