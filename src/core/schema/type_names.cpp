#include "core/schema/type_names.hpp"

namespace graphgate::schema {

const char* aggregate_op_name(AggregateOp op) {
    switch (op) {
        case AggregateOp::Avg: return "avg";
        case AggregateOp::Max: return "max";
        case AggregateOp::Min: return "min";
        case AggregateOp::Stddev: return "stddev";
        case AggregateOp::StddevPop: return "stddev_pop";
        case AggregateOp::StddevSamp: return "stddev_samp";
        case AggregateOp::Sum: return "sum";
        case AggregateOp::VarPop: return "var_pop";
        case AggregateOp::VarSamp: return "var_samp";
        case AggregateOp::Variance: return "variance";
    }
    return "avg";
}

bool parse_aggregate_op(std::string_view name, AggregateOp& op) {
    for (AggregateOp candidate : all_aggregate_ops) {
        if (name == aggregate_op_name(candidate)) {
            op = candidate;
            return true;
        }
    }
    return false;
}

namespace {
bool is_number_kind(ScalarKind kind) {
    return kind == ScalarKind::Int || kind == ScalarKind::Float || kind == ScalarKind::Numeric;
}
}  // namespace

bool column_in_aggregate(const ColumnInfo& column, AggregateOp op) {
    if (op == AggregateOp::Max || op == AggregateOp::Min) {
        // Postgres has max()/min() for numbers, strings, date/time types, enums, inet, interval,
        // money and arrays of those - not for bool, json(b), uuid or bytea, ordered as they are.
        // (An enum column is compared for equality only, as in Hasura.)
        return column.comparable && column.kind != ScalarKind::Boolean && column.kind != ScalarKind::Json &&
               column.kind != ScalarKind::Enum &&
               column.scalar != "uuid" && column.scalar != "bytea";
    }
    return is_number_kind(column.kind);
}

std::string aggregate_result_scalar(const ColumnInfo& column, AggregateOp op) {
    if (op == AggregateOp::Max || op == AggregateOp::Min || op == AggregateOp::Sum) return column.scalar;
    return "Float";
}

namespace type_names {
namespace {
std::string join(std::string_view a, std::string_view b) {
    std::string out;
    out.reserve(a.size() + b.size());
    out.append(a).append(b);
    return out;
}
}  // namespace

std::string bool_exp(std::string_view table) { return join(table, "_bool_exp"); }
std::string order_by(std::string_view table) { return join(table, "_order_by"); }
std::string select_column(std::string_view table) { return join(table, "_select_column"); }
std::string aggregate(std::string_view table) { return join(table, "_aggregate"); }
std::string stream_field(std::string_view table) { return join(table, "_stream"); }
std::string stream_cursor_input(std::string_view table) { return join(table, "_stream_cursor_input"); }
std::string stream_cursor_value_input(std::string_view table) { return join(table, "_stream_cursor_value_input"); }
std::string aggregate_bool_exp(std::string_view table) { return join(table, "_aggregate_bool_exp"); }
std::string aggregate_bool_exp_count(std::string_view table) { return join(table, "_aggregate_bool_exp_count"); }
std::string aggregate_fields(std::string_view table) { return join(table, "_aggregate_fields"); }
std::string aggregate_op_fields(std::string_view table, AggregateOp op) {
    return join(table, "_" + std::string(aggregate_op_name(op)) + "_fields");
}
std::string aggregate_order_by(std::string_view table) { return join(table, "_aggregate_order_by"); }
std::string aggregate_op_order_by(std::string_view table, AggregateOp op) {
    return join(table, "_" + std::string(aggregate_op_name(op)) + "_order_by");
}
std::string enum_type(std::string_view table) { return join(table, "_enum"); }
std::string comparison_exp(std::string_view scalar) { return join(scalar, "_comparison_exp"); }
std::string insert_input(std::string_view table) { return join(table, "_insert_input"); }
std::string obj_rel_insert_input(std::string_view table) { return join(table, "_obj_rel_insert_input"); }
std::string arr_rel_insert_input(std::string_view table) { return join(table, "_arr_rel_insert_input"); }
std::string on_conflict(std::string_view table) { return join(table, "_on_conflict"); }
std::string constraint(std::string_view table) { return join(table, "_constraint"); }
std::string update_column(std::string_view table) { return join(table, "_update_column"); }
std::string mutation_response(std::string_view table) { return join(table, "_mutation_response"); }
std::string pk_columns_input(std::string_view table) { return join(table, "_pk_columns_input"); }
std::string updates(std::string_view table) { return join(table, "_updates"); }
std::string update_operator_input(std::string_view table, std::string_view op) {
    return join(table, "_" + std::string(op) + "_input");
}
}  // namespace type_names

std::string relationship_aggregate_field(std::string_view relationship) {
    return std::string(relationship) + "_aggregate";
}

std::string table_display_name(const TableInfo& table) {
    if (table.table_schema.empty() || table.table_schema == "public") return table.table_name;
    return table.table_schema + "." + table.table_name;
}

bool is_valid_graphql_name(std::string_view name) {
    if (name.empty() || name.substr(0, 2) == "__") return false;
    for (size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
        if (!ok) return false;
    }
    return true;
}

bool is_builtin_scalar(std::string_view name) {
    return name == "Int" || name == "Float" || name == "String" || name == "Boolean" || name == "ID";
}

}  // namespace graphgate::schema
