#include "core/schema/schema_builder.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/schema/builtin_descriptions.hpp"
#include "core/schema/described.hpp"
#include "core/schema/mutation_schema.hpp"
#include "core/schema/scalar_coercion.hpp"
#include "core/schema/snapshot_checks.hpp"
#include "core/schema/type_names.hpp"

namespace graphgate::schema {

namespace {

using graphql::EnumValueDef;
using graphql::FieldDef;
using graphql::InputValueDef;
using graphql::TypeDef;
using graphql::field_def;
using graphql::input_value;

// What a table contributes beyond its columns: whether <t>_order_by has any field, and which
// aggregate functions have columns to work on.
struct TableShape {
    bool has_order_by = false;
    std::array<bool, all_aggregate_ops.size()> has_op{};
};

TableShape shape_of(const TableInfo& table) {
    TableShape shape;
    for (const ComputedFieldInfo& c : table.computed_fields)
        if (!c.returns_table && c.function.args.empty() && c.kind != ScalarKind::Json) shape.has_order_by = true;
    for (const ColumnInfo& column : table.columns) {
        if (column.comparable) shape.has_order_by = true;
        for (size_t i = 0; i < all_aggregate_ops.size(); ++i) {
            if (column_in_aggregate(column, all_aggregate_ops[i])) shape.has_op[i] = true;
        }
    }
    // An array relationship always orders by its count.
    for (const RelationshipInfo& rel : table.relationships) {
        if (rel.is_array) shape.has_order_by = true;
    }
    return shape;
}

// An object relationship orders by the fields of its target, so <t>_order_by has fields if the
// target's has; that spreads along chains of object relationships.
void spread_order_by(const CatalogSnapshot& snapshot, std::vector<TableShape>& shapes) {
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < snapshot.tables.size(); ++i) {
            if (shapes[i].has_order_by) continue;
            for (const RelationshipInfo& rel : snapshot.tables[i].relationships) {
                if (!rel.is_array && shapes[rel.target].has_order_by) {
                    shapes[i].has_order_by = true;
                    changed = true;
                    break;
                }
            }
        }
    }
}

class Builder {
public:
    explicit Builder(const CatalogSnapshot& snapshot) : snapshot_(snapshot) {
        shapes_.reserve(snapshot.tables.size());
        for (const TableInfo& table : snapshot.tables) shapes_.push_back(shape_of(table));
        spread_order_by(snapshot, shapes_);
    }

    std::unique_ptr<graphql::Schema> build() {
        std::vector<FieldDef> root_fields, stream_fields, mutation_fields;
        for (size_t i = 0; i < snapshot_.tables.size(); ++i) add_table(i, root_fields, stream_fields, mutation_fields);
        for (const TableInfo& t : snapshot_.tables)
            if (!t.enum_values.empty()) add_enum_type(t);
        for (const FunctionInfo& f : snapshot_.functions) add_function(f, root_fields, mutation_fields);
        for (std::vector<FieldDef>* fields : {&root_fields, &stream_fields, &mutation_fields})
            for (FieldDef& f : *fields) describe_by_comment(f);
        add_order_by_enum();
        // As in Hasura, subscription_root has the query root's fields (live queries) and a
        // <t>_stream field per table (streaming); a role that sees no table has no subscription root.
        const bool live = !root_fields.empty();
        // GraphQL has no empty types; Hasura's query root for a role that sees nothing has this.
        if (root_fields.empty()) root_fields.push_back(field_def(no_queries_field, "String!"));
        if (live) {
            add_cursor_ordering_enum();
            std::vector<FieldDef> subscription_fields = root_fields;
            for (FieldDef& f : stream_fields) subscription_fields.push_back(std::move(f));
            sort_by_name(subscription_fields);
            add(TypeDef::object(type_names::subscription_root, std::move(subscription_fields)));
        }
        sort_by_name(root_fields);
        add(TypeDef::object(type_names::query_root, std::move(root_fields)));
        // A mutation root only where the role may write somewhere (Hasura's too).
        bool mutations = !mutation_fields.empty();
        if (mutations) {
            sort_by_name(mutation_fields);
            TypeDef root = TypeDef::object(type_names::mutation_root, std::move(mutation_fields));
            root.description = "mutation root";
            add(std::move(root));
        }

        auto schema = std::make_unique<graphql::Schema>();
        const std::unordered_set<std::string> wanted = reachable(live);
        for (auto& [name, type] : types_) {
            if (wanted.count(name)) schema->add_type(std::move(type));
        }
        schema->set_root_types(type_names::query_root, mutations ? type_names::mutation_root : "",
                               live ? type_names::subscription_root : "");
        add_described_builtins(*schema);
        schema->finalize();
        return schema;
    }

private:
    void add(TypeDef type) {
        std::string name = type.name;
        if (types_.count(name)) throw std::invalid_argument("type \"" + name + "\" is defined twice");
        types_.emplace(std::move(name), std::move(type));
    }

    // The names reachable from the root types through fields, arguments and input fields.
    std::unordered_set<std::string> reachable(bool with_subscriptions) const {
        std::unordered_set<std::string> seen = {type_names::query_root, type_names::mutation_root};
        std::vector<const TypeDef*> pending = {&types_.at(type_names::query_root)};
        if (auto m = types_.find(type_names::mutation_root); m != types_.end()) pending.push_back(&m->second);
        if (with_subscriptions) {
            seen.insert(type_names::subscription_root);
            pending.push_back(&types_.at(type_names::subscription_root));
        }
        auto visit = [&](const std::string& name) {
            if (!seen.insert(name).second) return;
            auto it = types_.find(name);
            if (it != types_.end()) pending.push_back(&it->second);
        };
        while (!pending.empty()) {
            const TypeDef* type = pending.back();
            pending.pop_back();
            for (const FieldDef& field : type->fields) {
                visit(field.type.name);
                for (const InputValueDef& arg : field.args) visit(arg.type.name);
            }
            for (const InputValueDef& field : type->input_fields) visit(field.type.name);
        }
        return seen;
    }

    const TableInfo& table(size_t index) const { return snapshot_.tables.at(index); }

    // distinct_on, limit, offset, order_by, where: a selection of rows of the table.
    std::vector<InputValueDef> selection_args(size_t index) const {
        const std::string& t = table(index).graphql_name;
        std::vector<InputValueDef> args;
        args.push_back(described(input_value("distinct_on", "[" + type_names::select_column(t) + "!]"),
                                 "distinct select on columns"));
        args.push_back(described(input_value("limit", "Int"), "limit the number of rows returned"));
        args.push_back(described(input_value("offset", "Int"), "skip the first n rows. Use only with order_by"));
        if (shapes_[index].has_order_by) {
            args.push_back(described(input_value("order_by", "[" + type_names::order_by(t) + "!]"),
                                     "sort the rows by one or more columns"));
        }
        args.push_back(described(input_value("where", type_names::bool_exp(t)), "filter the rows returned"));
        return args;
    }

    void add_table(size_t index, std::vector<FieldDef>& root_fields, std::vector<FieldDef>& stream_fields,
                   std::vector<FieldDef>& mutation_fields) {
        const TableInfo& info = table(index);
        const std::string& t = info.graphql_name;
        const std::string display = in_quotes(table_display_name(info));

        // Where (update, delete, on_conflict) takes the bool_exp even of a table the role may
        // only write to: then it has _and, _or and _not.
        add_bool_exp(index);
        for (const auto* columns : {&info.writes.insert_columns, &info.writes.update_columns})
            for (const ColumnInfo& column : *columns) add_scalar(column);
        add_mutation_types(snapshot_, index, [this](TypeDef type) { add(std::move(type)); }, mutation_fields);
        if (!info.selectable()) return;

        add_object_type(index);
        if (shapes_[index].has_order_by) add_order_by(index);
        add_aggregate_types(index);

        TypeDef select_column = TypeDef::enumeration(type_names::select_column(t), {});
        select_column.description = "select columns of table " + display;
        for (const ColumnInfo& column : info.columns) {
            select_column.enum_values.push_back(EnumValueDef{column.graphql_name, "column name", false, {}});
        }
        sort_by_name(select_column.enum_values);
        add(std::move(select_column));

        root_fields.push_back(described(field_def(info.select_field, "[" + t + "!]!", selection_args(index)),
                                        "fetch data from the table: " + display));
        root_fields.push_back(described(field_def(info.select_aggregate_field, type_names::aggregate(t) + "!",
                                                  selection_args(index)),
                                        "fetch aggregated fields from the table: " + display));
        if (!info.primary_key.empty()) {
            std::vector<InputValueDef> keys;
            for (const std::string& key : info.primary_key) {
                const ColumnInfo& column = *info.column(key);
                keys.push_back(input_value(column.graphql_name, column.scalar + "!"));
            }
            root_fields.push_back(described(field_def(info.select_by_pk_field, t, std::move(keys)),
                                            "fetch data from the table: " + display + " using primary key columns"));
        }
        stream_fields.push_back(add_stream(index));
    }

    // <t>_stream(batch_size, cursor, where) and its input types, as Hasura's.
    FieldDef add_stream(size_t index) {
        const TableInfo& info = table(index);
        const std::string& t = info.graphql_name;
        const std::string display = in_quotes(table_display_name(info));
        std::vector<InputValueDef> values;
        for (const ColumnInfo& column : info.columns) values.push_back(input_value(column.graphql_name, column.scalar));
        sort_by_name(values);
        TypeDef value_input = TypeDef::input_object(type_names::stream_cursor_value_input(t), std::move(values));
        value_input.description = "Initial value of the column from where the streaming should start";
        add(std::move(value_input));
        TypeDef cursor_input = TypeDef::input_object(
            type_names::stream_cursor_input(t),
            {described(input_value("initial_value", type_names::stream_cursor_value_input(t) + "!"),
                       "Stream column input with initial value"),
             described(input_value("ordering", type_names::cursor_ordering), "cursor ordering")});
        cursor_input.description = "Streaming cursor of the table " + display;
        add(std::move(cursor_input));
        std::vector<InputValueDef> args = {
            described(input_value("batch_size", "Int!"), "maximum number of rows returned in a single batch"),
            described(input_value("cursor", "[" + type_names::stream_cursor_input(t) + "]!"),
                      "cursor to stream the results returned by the query"),
            described(input_value("where", type_names::bool_exp(t)), "filter the rows returned"),
        };
        return described(field_def(type_names::stream_field(t), "[" + t + "!]!", std::move(args)),
                         "fetch data from the table in a streaming manner: " + display);
    }

    void add_cursor_ordering_enum() {
        TypeDef ordering = TypeDef::enumeration(type_names::cursor_ordering, {});
        ordering.enum_values = {EnumValueDef{"ASC", "ascending ordering of the cursor", false, {}},
                                EnumValueDef{"DESC", "descending ordering of the cursor", false, {}}};
        ordering.description = "ordering argument of a cursor";
        add(std::move(ordering));
    }

    void add_object_type(size_t index) {
        const TableInfo& info = table(index);
        std::vector<FieldDef> fields;
        for (const ColumnInfo& column : info.columns) {
            std::vector<InputValueDef> args;
            // Hasura lets json and jsonb columns pick a part of the value.
            if (column.kind == ScalarKind::Json) args.push_back(described(input_value("path", "String"), "JSON select path"));
            fields.push_back(described(field_def(column.graphql_name, column.nullable ? column.scalar : column.scalar + "!",
                                                 std::move(args)),
                                       column.description));
        }
        for (const RelationshipInfo& rel : info.relationships) {
            const std::string& target = table(rel.target).graphql_name;
            if (!rel.is_array) {
                fields.push_back(described(field_def(rel.name, rel.nullable ? target : target + "!"),
                                           "An object relationship"));
                continue;
            }
            fields.push_back(described(field_def(rel.name, "[" + target + "!]!", selection_args(rel.target)),
                                       "An array relationship"));
            fields.push_back(described(field_def(relationship_aggregate_field(rel.name),
                                                 type_names::aggregate(target) + "!", selection_args(rel.target)),
                                       "An aggregate relationship"));
        }
        for (const ComputedFieldInfo& c : info.computed_fields) fields.push_back(computed_field(c));
        sort_by_name(fields);
        TypeDef type = TypeDef::object(info.graphql_name, std::move(fields));
        type.description = info.description.empty()
                               ? "columns and relationships of " + in_quotes(table_display_name(info))
                               : info.description;
        add(std::move(type));
    }

    void add_bool_exp(size_t index) {
        const TableInfo& info = table(index);
        const std::string name = type_names::bool_exp(info.graphql_name);
        std::vector<InputValueDef> fields = {input_value("_and", "[" + name + "!]"), input_value("_not", name),
                                             input_value("_or", "[" + name + "!]")};
        for (const ColumnInfo& column : info.columns) {
            fields.push_back(input_value(column.graphql_name, type_names::comparison_exp(column.scalar)));
            add_comparison_exp(column);
        }
        for (const RelationshipInfo& rel : info.relationships) {
            const std::string& target = table(rel.target).graphql_name;
            fields.push_back(input_value(rel.name, type_names::bool_exp(target)));
            if (rel.is_array) {
                fields.push_back(input_value(relationship_aggregate_field(rel.name), type_names::aggregate_bool_exp(target)));
                add_aggregate_bool_exp(rel.target);
            }
        }
        for (const ComputedFieldInfo& c : info.computed_fields) {
            if (!filterable(c)) continue;
            ColumnInfo as_column = computed_as_column(c);
            fields.push_back(input_value(c.name, type_names::comparison_exp(c.scalar)));
            add_comparison_exp(as_column);
        }
        sort_by_name(fields);
        TypeDef type = TypeDef::input_object(name, std::move(fields));
        type.description = "Boolean expression to filter rows from the table " + in_quotes(table_display_name(info)) +
                           ". All fields are combined with a logical 'AND'.";
        add(std::move(type));
    }

    // A column's custom scalar, once (mutations' input columns too).
    void add_scalar(const ColumnInfo& column) { add_scalar(column.scalar, column.kind); }

    // A custom scalar, once however many columns (or operators) use it.
    void add_scalar(const std::string& s, ScalarKind kind) {
        // An enum column's type is its enum table's (add_enum_type).
        if (kind == ScalarKind::Enum || is_builtin_scalar(s) || !custom_scalars_.insert(s).second) return;
        add(TypeDef::custom_scalar(s, scalar_coercer(s, kind)));
    }

    // <t>_aggregate_bool_exp {count: {arguments, distinct, filter, predicate}}: a condition on
    // the number of related rows of an array relationship to <t>.
    void add_aggregate_bool_exp(size_t index) {
        const std::string& t = table(index).graphql_name;
        if (!aggregate_bool_exps_.insert(t).second) return;
        ColumnInfo count;
        count.scalar = "Int";
        count.kind = ScalarKind::Int;
        add_comparison_exp(count);
        add(TypeDef::input_object(type_names::aggregate_bool_exp_count(t),
                                  {input_value("arguments", "[" + type_names::select_column(t) + "!]"),
                                   input_value("distinct", "Boolean"), input_value("filter", type_names::bool_exp(t)),
                                   input_value("predicate", type_names::comparison_exp("Int") + "!")}));
        add(TypeDef::input_object(type_names::aggregate_bool_exp(t),
                                  {input_value("count", type_names::aggregate_bool_exp_count(t))}));
    }

    void add_comparison_exp(const ColumnInfo& column) {
        const std::string& s = column.scalar;
        add_scalar(column);
        if (!scalars_.insert(s).second) return;
        add_scalar(s, column.kind);

        std::vector<InputValueDef> fields = {
            input_value("_eq", s),          input_value("_gt", s),  input_value("_gte", s),
            input_value("_in", "[" + s + "!]"), input_value("_is_null", "Boolean"), input_value("_lt", s),
            input_value("_lte", s),         input_value("_neq", s), input_value("_nin", "[" + s + "!]"),
        };
        // Enum values are compared for equality only (Hasura's <t>_enum_comparison_exp).
        if (column.kind == ScalarKind::Enum)
            fields = {input_value("_eq", s), input_value("_in", "[" + s + "!]"), input_value("_is_null", "Boolean"),
                      input_value("_neq", s), input_value("_nin", "[" + s + "!]")};
        if (column.kind == ScalarKind::String) {
            const std::pair<const char*, const char*> text_operators[] = {
                {"_ilike", "does the column match the given case-insensitive pattern"},
                {"_iregex", "does the column match the given POSIX regular expression, case insensitive"},
                {"_like", "does the column match the given pattern"},
                {"_nilike", "does the column NOT match the given case-insensitive pattern"},
                {"_niregex", "does the column NOT match the given POSIX regular expression, case insensitive"},
                {"_nlike", "does the column NOT match the given pattern"},
                {"_nregex", "does the column NOT match the given POSIX regular expression, case sensitive"},
                {"_nsimilar", "does the column NOT match the given SQL regular expression"},
                {"_regex", "does the column match the given POSIX regular expression, case sensitive"},
                {"_similar", "does the column match the given SQL regular expression"},
            };
            // Hasura's operand is the column's type: citext's patterns are citext (case-insensitive).
            const std::string operand = s == "citext" ? s : "String";
            for (const auto& [op, description] : text_operators) {
                fields.push_back(described(input_value(op, operand), description));
            }
        }
        if (s == "ltree") {
            add_scalar("lquery", ScalarKind::Other);
            add_scalar("ltxtquery", ScalarKind::Other);
            const std::array<std::array<const char*, 3>, 7> ltree_operators = {{
                {"_ancestor", "ltree", "is the left argument an ancestor of right (or equal)?"},
                {"_ancestor_any", "[ltree!]", "does array contain an ancestor of `ltree`?"},
                {"_descendant", "ltree", "is the left argument a descendant of right (or equal)?"},
                {"_descendant_any", "[ltree!]", "does array contain a descendant of `ltree`?"},
                {"_matches", "lquery", "does `ltree` match `lquery`?"},
                {"_matches_any", "[String!]", "does `ltree` match any `lquery` in array?"},
                {"_matches_fulltext", "ltxtquery", "does `ltree` match `ltxtquery`?"},
            }};
            for (const auto& [op, type, description] : ltree_operators)
                fields.push_back(described(input_value(op, type), description));
        }
        if (s == "jsonb") {
            // _cast: {String: String_comparison_exp}, the value's text compared (Hasura's).
            ColumnInfo text;
            text.scalar = "String";
            text.kind = ScalarKind::String;
            add_comparison_exp(text);
            TypeDef cast = TypeDef::input_object(type_names::jsonb_cast_exp,
                                                 {input_value("String", type_names::comparison_exp("String"))});
            add(std::move(cast));
            fields.push_back(input_value("_cast", type_names::jsonb_cast_exp));
            fields.push_back(described(input_value("_contained_in", s), "is the column contained in the given json value"));
            fields.push_back(described(input_value("_contains", s),
                                       "does the column contain the given json value at the top level"));
            fields.push_back(described(input_value("_has_key", "String"),
                                       "does the string exist as a top-level key in the column"));
            fields.push_back(described(input_value("_has_keys_all", "[String!]"),
                                       "do all of these strings exist as top-level keys in the column"));
            fields.push_back(described(input_value("_has_keys_any", "[String!]"),
                                       "do any of these strings exist as top-level keys in the column"));
        }
        sort_by_name(fields);
        TypeDef type = TypeDef::input_object(type_names::comparison_exp(s), std::move(fields));
        type.description = "Boolean expression to compare columns of type " + in_quotes(s) +
                           ". All fields are combined with logical 'AND'.";
        add(std::move(type));
    }

    // An enum table's <t>_enum: a value per row, described by its comment column.
    void add_enum_type(const TableInfo& info) {
        TypeDef type = TypeDef::enumeration(type_names::enum_type(info.graphql_name), {});
        for (const EnumValueInfo& value : info.enum_values)
            type.enum_values.push_back(EnumValueDef{value.name, value.description, false, {}});
        add(std::move(type));
    }

    void add_order_by(size_t index) {
        const TableInfo& info = table(index);
        std::vector<InputValueDef> fields;
        for (const ColumnInfo& column : info.columns) {
            if (column.comparable) fields.push_back(input_value(column.graphql_name, type_names::order_by_enum));
        }
        for (const RelationshipInfo& rel : info.relationships) {
            const std::string& target = table(rel.target).graphql_name;
            if (!rel.is_array) {
                if (shapes_[rel.target].has_order_by) fields.push_back(input_value(rel.name, type_names::order_by(target)));
            } else {
                fields.push_back(input_value(relationship_aggregate_field(rel.name), type_names::aggregate_order_by(target)));
            }
        }
        for (const ComputedFieldInfo& c : info.computed_fields)
            if (filterable(c) && computed_as_column(c).comparable) fields.push_back(input_value(c.name, type_names::order_by_enum));
        sort_by_name(fields);
        TypeDef type = TypeDef::input_object(type_names::order_by(info.graphql_name), std::move(fields));
        type.description = "Ordering options when selecting data from " + in_quotes(table_display_name(info)) + ".";
        add(std::move(type));
    }

    void add_aggregate_types(size_t index) {
        const TableInfo& info = table(index);
        const std::string& t = info.graphql_name;
        const std::string display = in_quotes(table_display_name(info));

        TypeDef aggregate = TypeDef::object(type_names::aggregate(t), {
            field_def("aggregate", type_names::aggregate_fields(t)),
            field_def("nodes", "[" + t + "!]!"),
        });
        aggregate.description = "aggregated selection of " + display;
        add(std::move(aggregate));

        std::vector<FieldDef> fields = {field_def("count", "Int!", {
            input_value("columns", "[" + type_names::select_column(t) + "!]"), input_value("distinct", "Boolean")})};
        std::vector<InputValueDef> order_fields = {input_value("count", type_names::order_by_enum)};
        for (size_t i = 0; i < all_aggregate_ops.size(); ++i) {
            if (!shapes_[index].has_op[i]) continue;  // GraphQL has no empty types
            AggregateOp op = all_aggregate_ops[i];
            const std::string op_name = aggregate_op_name(op);
            std::vector<FieldDef> op_fields;
            std::vector<InputValueDef> op_order_fields;
            for (const ColumnInfo& column : info.columns) {
                if (!column_in_aggregate(column, op)) continue;
                op_fields.push_back(field_def(column.graphql_name, aggregate_result_scalar(column, op)));
                op_order_fields.push_back(input_value(column.graphql_name, type_names::order_by_enum));
            }
            sort_by_name(op_fields);
            sort_by_name(op_order_fields);

            TypeDef op_type = TypeDef::object(type_names::aggregate_op_fields(t, op), std::move(op_fields));
            op_type.description = "aggregate " + op_name + " on columns";
            fields.push_back(field_def(op_name, op_type.name));
            add(std::move(op_type));

            TypeDef op_order = TypeDef::input_object(type_names::aggregate_op_order_by(t, op), std::move(op_order_fields));
            op_order.description = "order by " + op_name + "() on columns of table " + display;
            order_fields.push_back(input_value(op_name, op_order.name));
            add(std::move(op_order));
        }
        sort_by_name(fields);
        sort_by_name(order_fields);
        TypeDef aggregate_fields = TypeDef::object(type_names::aggregate_fields(t), std::move(fields));
        aggregate_fields.description = "aggregate fields of " + display;
        add(std::move(aggregate_fields));

        TypeDef aggregate_order = TypeDef::input_object(type_names::aggregate_order_by(t), std::move(order_fields));
        aggregate_order.description = "order by aggregate values of table " + display;
        add(std::move(aggregate_order));
    }

    // A root field's description from its custom_root_fields comment (Hasura's), if it has one.
    void describe_by_comment(FieldDef& field) const {
        for (const TableInfo& t : snapshot_.tables)
            if (auto c = t.root_field_comments.find(field.name); c != t.root_field_comments.end()) {
                field.description = c->second;
                return;
            }
    }

    void add_order_by_enum() {
        TypeDef type = TypeDef::enumeration(type_names::order_by_enum, {});
        type.description = "column ordering options";
        const std::pair<const char*, const char*> values[] = {
            {"asc", "in ascending order, nulls last"},
            {"asc_nulls_first", "in ascending order, nulls first"},
            {"asc_nulls_last", "in ascending order, nulls last"},
            {"desc", "in descending order, nulls first"},
            {"desc_nulls_first", "in descending order, nulls first"},
            {"desc_nulls_last", "in descending order, nulls last"},
        };
        for (const auto& [name, description] : values) type.enum_values.push_back(EnumValueDef{name, description, false, {}});
        add(std::move(type));
    }

    // ---- SQL functions: computed fields and tracked functions

public:
    // Scalar computed fields without arguments of their own filter and order rows, as in Hasura.
    static bool filterable(const ComputedFieldInfo& c) { return !c.returns_table && c.function.args.empty(); }
    static ColumnInfo computed_as_column(const ComputedFieldInfo& c) {
        ColumnInfo column;
        column.name = c.name;
        column.graphql_name = c.name;
        column.pg_type = c.pg_type;
        column.scalar = c.scalar;
        column.kind = c.kind;
        column.comparable = c.kind != ScalarKind::Json;
        return column;
    }

private:
    // `args: <function>_args` (required when an argument has no default), and its input type, once.
    void add_function_args(const FunctionCallInfo& call, std::vector<InputValueDef>& args) {
        if (call.args.empty()) return;
        if (!types_.count(call.args_type())) {
            std::vector<InputValueDef> fields;
            for (const FunctionArgInfo& a : call.args) {
                add_scalar(a.scalar, a.kind);
                fields.push_back(input_value(a.name, a.has_default ? a.scalar : a.scalar + "!"));
            }
            TypeDef type = TypeDef::input_object(call.args_type(), std::move(fields));
            type.description = "input arguments for function " + in_quotes(call.graphql_name);
            add(std::move(type));
        }
        args.insert(args.begin(), described(input_value("args", call.args_required() ? call.args_type() + "!" : call.args_type()),
                                            "input parameters for function " + in_quotes(call.graphql_name)));
    }

    FieldDef computed_field(const ComputedFieldInfo& c) {
        std::vector<InputValueDef> args;
        std::string type;
        if (c.returns_table) {
            args = selection_args(c.target);
            type = "[" + table(c.target).graphql_name + "!]!";
        } else {
            add_scalar(c.scalar, c.kind);
            type = c.scalar;
            if (c.kind == ScalarKind::Json) args.push_back(described(input_value("path", "String"), "JSON select path"));
        }
        add_function_args(c.function, args);
        return described(field_def(c.name, type, std::move(args)),
                         c.description.empty() ? "A computed field, executes function " +
                                                     in_quotes(c.function.schema + "." + c.function.name)
                                               : c.description);
    }

    // A tracked function: <name> and <name>_aggregate on the query root, or <name> on the
    // mutation root, with the returned table's selection arguments.
    void add_function(const FunctionInfo& f, std::vector<FieldDef>& root_fields, std::vector<FieldDef>& mutation_fields) {
        const std::string& t = table(f.target).graphql_name;
        const std::string fn = in_quotes(f.function.graphql_name);
        std::vector<InputValueDef> args = selection_args(f.target);
        add_function_args(f.function, args);
        if (f.is_mutation) {
            mutation_fields.push_back(described(field_def(f.field, "[" + t + "!]!", args),
                                                "execute VOLATILE function " + fn + " which returns " + in_quotes(t)));
            return;
        }
        root_fields.push_back(described(field_def(f.field, "[" + t + "!]!", args),
                                        f.description.empty() ? "execute function " + fn + " which returns " + in_quotes(t)
                                                              : f.description));
        root_fields.push_back(described(field_def(f.aggregate_field, type_names::aggregate(t) + "!", args),
                                        "execute function " + fn + " and query aggregates on result of table type " +
                                            in_quotes(t)));
    }

    const CatalogSnapshot& snapshot_;
    std::vector<TableShape> shapes_;

    std::map<std::string, TypeDef> types_;  // by name: the schema lists types in this order
    std::unordered_set<std::string> scalars_;         // those with a <scalar>_comparison_exp
    std::unordered_set<std::string> custom_scalars_;  // those declared
    std::unordered_set<std::string> aggregate_bool_exps_;  // tables that have theirs
};

}  // namespace

std::unique_ptr<graphql::Schema> build_schema_from_prepared(const CatalogSnapshot& prepared) {
    return Builder(prepared).build();
}

std::unique_ptr<graphql::Schema> build_schema(const CatalogSnapshot& snapshot) {
    CatalogSnapshot prepared = snapshot;
    prepare_snapshot(prepared);
    return build_schema_from_prepared(prepared);
}

}  // namespace graphgate::schema
