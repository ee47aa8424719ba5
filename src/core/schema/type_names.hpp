#pragma once
// Hasura's names for everything the schema derives from a table or a scalar, in one place so the
// builder, the sanity checks and the compiler agree on them: "<t>_bool_exp", "<t>_order_by",
// "<t>_aggregate_fields", "<t>_avg_fields", "<scalar>_comparison_exp", ...
#include <array>
#include <string>
#include <string_view>

#include "core/schema/catalog_snapshot.hpp"

namespace graphgate::schema {

// The aggregate functions beyond count, in the (alphabetical) order Hasura lists them.
enum class AggregateOp { Avg, Max, Min, Stddev, StddevPop, StddevSamp, Sum, VarPop, VarSamp, Variance };
inline constexpr std::array<AggregateOp, 10> all_aggregate_ops = {
    AggregateOp::Avg,        AggregateOp::Max,    AggregateOp::Min,     AggregateOp::Stddev,
    AggregateOp::StddevPop,  AggregateOp::StddevSamp, AggregateOp::Sum, AggregateOp::VarPop,
    AggregateOp::VarSamp,    AggregateOp::Variance};

// "avg", "stddev_pop", ...: the field name in <t>_aggregate_fields and <t>_aggregate_order_by,
// which is also the SQL aggregate function's name.
const char* aggregate_op_name(AggregateOp op);
// Parses a field name of <t>_aggregate_fields (other than count); false if it is none.
bool parse_aggregate_op(std::string_view name, AggregateOp& op);

// Whether a column takes part in an aggregate: avg/stddev*/var*/variance/sum need a number,
// max/min a type Postgres' max()/min() accept (not bool, json, jsonb, uuid or bytea).
bool column_in_aggregate(const ColumnInfo& column, AggregateOp op);
// The result type of op over the column: Float for the statistical ones, the column's own
// scalar for sum, max and min.
std::string aggregate_result_scalar(const ColumnInfo& column, AggregateOp op);

namespace type_names {
std::string bool_exp(std::string_view table);                  // <t>_bool_exp
std::string order_by(std::string_view table);                  // <t>_order_by
std::string select_column(std::string_view table);             // <t>_select_column
std::string aggregate(std::string_view table);                 // <t>_aggregate
std::string aggregate_fields(std::string_view table);          // <t>_aggregate_fields
std::string aggregate_op_fields(std::string_view table, AggregateOp op);    // <t>_avg_fields
std::string aggregate_order_by(std::string_view table);        // <t>_aggregate_order_by
std::string aggregate_op_order_by(std::string_view table, AggregateOp op);  // <t>_avg_order_by
std::string aggregate_bool_exp(std::string_view table);        // <t>_aggregate_bool_exp
std::string aggregate_bool_exp_count(std::string_view table);  // <t>_aggregate_bool_exp_count
std::string comparison_exp(std::string_view scalar);           // <scalar>_comparison_exp
std::string enum_type(std::string_view table);                 // <t>_enum (an enum table's values)
std::string stream_field(std::string_view table);              // <t>_stream (subscription_root)
std::string stream_cursor_input(std::string_view table);       // <t>_stream_cursor_input
std::string stream_cursor_value_input(std::string_view table); // <t>_stream_cursor_value_input
inline constexpr const char* cursor_ordering = "cursor_ordering";
inline constexpr const char* jsonb_cast_exp = "jsonb_cast_exp";  // jsonb_comparison_exp._cast
inline constexpr const char* query_root = "query_root";
inline constexpr const char* subscription_root = "subscription_root";
// Mutations
std::string insert_input(std::string_view table);              // <t>_insert_input
std::string obj_rel_insert_input(std::string_view table);      // <t>_obj_rel_insert_input
std::string arr_rel_insert_input(std::string_view table);      // <t>_arr_rel_insert_input
std::string on_conflict(std::string_view table);               // <t>_on_conflict
std::string constraint(std::string_view table);                // <t>_constraint
std::string update_column(std::string_view table);             // <t>_update_column
std::string mutation_response(std::string_view table);         // <t>_mutation_response
std::string pk_columns_input(std::string_view table);          // <t>_pk_columns_input
std::string updates(std::string_view table);                   // <t>_updates
// <t>_set_input, <t>_inc_input, <t>_append_input, ...: `op` is the operator without its "_".
std::string update_operator_input(std::string_view table, std::string_view op);
inline constexpr const char* mutation_root = "mutation_root";
inline constexpr const char* order_by_enum = "order_by";
}  // namespace type_names

// The name an array relationship's aggregate field has: "<rel>_aggregate".
std::string relationship_aggregate_field(std::string_view relationship);

// The table as Hasura's descriptions quote it: "authors" in schema public, "crm.contacts" else.
std::string table_display_name(const TableInfo& table);

// A GraphQL Name (spec §2.1.9) that is not reserved for introspection (no leading "__").
bool is_valid_graphql_name(std::string_view name);

// Int, Float, String, Boolean, ID: the scalars every schema has.
bool is_builtin_scalar(std::string_view name);

}  // namespace graphgate::schema
