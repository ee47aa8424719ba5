#include "core/schema/mutation_schema.hpp"

#include <string>

#include "core/schema/described.hpp"
#include "core/schema/type_names.hpp"

namespace graphgate::schema {

namespace {

using graphql::EnumValueDef;
using graphql::FieldDef;
using graphql::InputValueDef;
using graphql::TypeDef;
using graphql::field_def;
using graphql::input_value;

bool is_number(const ColumnInfo& c) {
    return c.kind == ScalarKind::Int || c.kind == ScalarKind::Float || c.kind == ScalarKind::Numeric;
}

// Hasura's showPGCols: "a", "b"
std::string column_list(const std::vector<std::string>& columns) {
    std::string out;
    for (size_t i = 0; i < columns.size(); ++i) out += (i ? ", " : "") + in_quotes(columns[i]);
    return out;
}

// An input field per column, typed as the column's scalar (always nullable: every input field is
// optional), described as the column.
std::vector<InputValueDef> column_inputs(const std::vector<ColumnInfo>& columns, const std::string& type_override = {}) {
    std::vector<InputValueDef> out;
    for (const ColumnInfo& c : columns)
        out.push_back(described(input_value(c.graphql_name, type_override.empty() ? c.scalar : type_override), c.description));
    return out;
}

class TableMutations {
public:
    TableMutations(const CatalogSnapshot& snapshot, size_t index, const std::function<void(TypeDef)>& add,
                   std::vector<FieldDef>& root_fields)
        : snapshot_(snapshot), t_(snapshot.tables.at(index)), name_(t_.graphql_name),
          display_(in_quotes(table_display_name(t_))), add_(add), root_fields_(root_fields) {}

    void build() {
        const TableWrites& w = t_.writes;
        if (!w.can_insert() && !w.can_update() && !w.can_delete) return;
        add_mutation_response();
        if (w.can_insert()) add_insert();
        if (w.can_update()) add_update();
        if (w.can_delete) add_delete();
    }

private:
    void root(FieldDef field, std::string description) {
        sort_by_name(field.args);
        root_fields_.push_back(described(std::move(field), std::move(description)));
    }

    void add_type(TypeDef type, std::string description) {
        type.description = std::move(description);
        sort_by_name(type.fields);
        sort_by_name(type.input_fields);
        add_(std::move(type));
    }

    void add_mutation_response() {
        std::vector<FieldDef> fields = {
            described(field_def("affected_rows", "Int!"), "number of rows affected by the mutation")};
        if (t_.selectable())
            fields.push_back(described(field_def("returning", "[" + name_ + "!]!"), "data from the rows affected by the mutation"));
        add_type(TypeDef::object(type_names::mutation_response(name_), std::move(fields)),
                 "response of any mutation on the table " + display_);
    }

    // ---- insert -------------------------------------------------------------------------------

    void add_insert() {
        std::vector<InputValueDef> fields = column_inputs(t_.writes.insert_columns);
        for (const RelationshipInfo& rel : t_.relationships) {
            if (!insertable_relationship(snapshot_, t_, rel)) continue;
            const std::string& target = snapshot_.tables[rel.target].graphql_name;
            fields.push_back(input_value(rel.name, rel.is_array ? type_names::arr_rel_insert_input(target)
                                                                 : type_names::obj_rel_insert_input(target)));
        }
        add_type(TypeDef::input_object(type_names::insert_input(name_), std::move(fields)),
                 "input type for inserting data into table " + display_);

        bool upserts = !t_.writes.unique_keys.empty();
        if (upserts) add_on_conflict();
        auto relationship_input = [&](const std::string& type_name, const std::string& data_type, const char* kind) {
            std::vector<InputValueDef> input = {input_value("data", data_type)};
            if (upserts) input.push_back(described(input_value("on_conflict", type_names::on_conflict(name_)), "upsert condition"));
            add_type(TypeDef::input_object(type_name, std::move(input)),
                     std::string("input type for inserting ") + kind + " relation for remote table " + display_);
        };
        relationship_input(type_names::obj_rel_insert_input(name_), type_names::insert_input(name_) + "!", "object");
        relationship_input(type_names::arr_rel_insert_input(name_), "[" + type_names::insert_input(name_) + "!]!", "array");

        std::vector<InputValueDef> args = {
            described(input_value("objects", "[" + type_names::insert_input(name_) + "!]!"), "the rows to be inserted")};
        if (upserts) args.push_back(described(input_value("on_conflict", type_names::on_conflict(name_)), "on conflict condition"));
        root(field_def(t_.insert_field, type_names::mutation_response(name_), args),
             "insert data into the table: " + display_);
        if (!t_.selectable()) return;
        args[0] = described(input_value("object", type_names::insert_input(name_) + "!"), "the row to be inserted");
        root(field_def(t_.insert_one_field, name_, std::move(args)), "insert a single row into the table: " + display_);
    }

    void add_on_conflict() {
        TypeDef constraint = TypeDef::enumeration(type_names::constraint(name_), {});
        for (const UniqueKey& key : t_.writes.unique_keys) {
            std::string description = key.is_constraint ? "unique or primary key constraint on columns "
                                                        : "unique index on columns ";
            description += column_list(key.columns);
            if (!key.predicate.empty()) description += " where " + key.predicate;
            constraint.enum_values.push_back(EnumValueDef{key.name, description, false, {}});
        }
        sort_by_name(constraint.enum_values);
        add_type(std::move(constraint), "unique or primary key constraints on table " + display_);

        TypeDef update_column = TypeDef::enumeration(type_names::update_column(name_), {});
        std::string description = "update columns of table " + display_;
        for (const ColumnInfo& c : t_.writes.update_columns)
            update_column.enum_values.push_back(EnumValueDef{c.graphql_name, "column name", false, {}});
        if (update_column.enum_values.empty()) {
            update_column.enum_values.push_back(EnumValueDef{update_column_placeholder, "placeholder (do not use)", false, {}});
            description = "placeholder for update columns of table " + display_ + " (current role has no relevant permissions)";
        }
        sort_by_name(update_column.enum_values);
        add_type(std::move(update_column), description);

        add_type(TypeDef::input_object(type_names::on_conflict(name_),
                                       {input_value("constraint", type_names::constraint(name_) + "!"),
                                        input_value("update_columns", "[" + type_names::update_column(name_) + "!]!", "[]"),
                                        input_value("where", type_names::bool_exp(name_))}),
                 "on_conflict condition type for table " + display_);
    }

    // ---- update -------------------------------------------------------------------------------

    // _set, _inc, ...: the operators with columns to take, and their input types.
    std::vector<InputValueDef> update_operator_args() {
        std::vector<InputValueDef> args;
        for (const UpdateOpInfo& info : update_ops()) {
            std::vector<ColumnInfo> columns;
            for (const ColumnInfo& c : t_.writes.update_columns)
                if (update_op_applies(info.op, c)) columns.push_back(c);
            if (columns.empty()) continue;
            std::string type_name = type_names::update_operator_input(name_, info.type_suffix);
            args.push_back(described(input_value(info.argument, type_name), info.description));
            if (added_operator_types_) continue;
            std::string override;
            if (info.op == UpdateOp::DeleteKey) override = "String";
            if (info.op == UpdateOp::DeleteElem) override = "Int";
            if (info.op == UpdateOp::DeleteAtPath) override = "[String!]";
            std::string description = info.description;
            if (info.op == UpdateOp::Set) description = "input type for updating data in table " + display_;
            if (info.op == UpdateOp::Inc) description = "input type for incrementing numeric columns in table " + display_;
            add_type(TypeDef::input_object(type_name, column_inputs(columns, override)), description);
        }
        added_operator_types_ = true;
        return args;
    }

    void add_update() {
        const std::string where_description = "filter the rows which have to be updated";
        std::vector<InputValueDef> operators = update_operator_args();

        std::vector<InputValueDef> args = operators;
        args.push_back(described(input_value("where", type_names::bool_exp(name_) + "!"), where_description));
        root(field_def(t_.update_field, type_names::mutation_response(name_), args), "update data of the table: " + display_);

        if (t_.selectable() && !t_.primary_key.empty()) {
            std::vector<InputValueDef> keys;
            for (const std::string& key : t_.primary_key) {
                const ColumnInfo& c = *t_.column(key);
                keys.push_back(described(input_value(c.graphql_name, c.scalar + "!"), c.description));
            }
            add_type(TypeDef::input_object(type_names::pk_columns_input(name_), std::move(keys)),
                     "primary key columns input for table: " + table_display_name(t_));
            std::vector<InputValueDef> by_pk = operators;
            by_pk.push_back(input_value("pk_columns", type_names::pk_columns_input(name_) + "!"));
            root(field_def(t_.update_by_pk_field, name_, std::move(by_pk)), "update single row of the table: " + display_);
        }

        TypeDef updates = TypeDef::input_object(type_names::updates(name_), args);
        sort_by_name(updates.input_fields);
        add_(std::move(updates));  // Hasura gives it no description
        root(field_def(t_.update_many_field, "[" + type_names::mutation_response(name_) + "]",
                       {described(input_value("updates", "[" + type_names::updates(name_) + "!]!"),
                                  "updates to execute, in order")}),
             "update multiples rows of table: " + display_);
    }

    // ---- delete -------------------------------------------------------------------------------

    void add_delete() {
        root(field_def(t_.delete_field, type_names::mutation_response(name_),
                       {described(input_value("where", type_names::bool_exp(name_) + "!"),
                                  "filter the rows which have to be deleted")}),
             "delete data from the table: " + display_);
        if (!t_.selectable() || t_.primary_key.empty()) return;
        std::vector<InputValueDef> keys;
        for (const std::string& key : t_.primary_key) {
            const ColumnInfo& c = *t_.column(key);
            keys.push_back(described(input_value(c.graphql_name, c.scalar + "!"), c.description));
        }
        root(field_def(t_.delete_by_pk_field, name_, std::move(keys)), "delete single row from the table: " + display_);
    }

    const CatalogSnapshot& snapshot_;
    const TableInfo& t_;
    const std::string& name_;
    const std::string display_;
    const std::function<void(TypeDef)>& add_;
    std::vector<FieldDef>& root_fields_;
    bool added_operator_types_ = false;
};

}  // namespace

const std::array<UpdateOpInfo, 7>& update_ops() {
    static const std::array<UpdateOpInfo, 7> ops = {{
        {UpdateOp::Set, "_set", "set", "sets the columns of the filtered rows to the given values"},
        {UpdateOp::Inc, "_inc", "inc", "increments the numeric columns with given value of the filtered values"},
        {UpdateOp::Prepend, "_prepend", "prepend", "prepend existing jsonb value of filtered columns with new jsonb value"},
        {UpdateOp::Append, "_append", "append", "append existing jsonb value of filtered columns with new jsonb value"},
        {UpdateOp::DeleteKey, "_delete_key", "delete_key",
         "delete key/value pair or string element. key/value pairs are matched based on their key value"},
        {UpdateOp::DeleteElem, "_delete_elem", "delete_elem",
         "delete the array element with specified index (negative integers count from the end). throws an error if "
         "top level container is not an array"},
        {UpdateOp::DeleteAtPath, "_delete_at_path", "delete_at_path",
         "delete the field or element with specified path (for JSON arrays, negative integers count from the end)"},
    }};
    return ops;
}

const UpdateOpInfo* update_op(std::string_view argument) {
    for (const UpdateOpInfo& info : update_ops())
        if (argument == info.argument) return &info;
    return nullptr;
}

bool update_op_applies(UpdateOp op, const ColumnInfo& column) {
    switch (op) {
        case UpdateOp::Set: return true;
        case UpdateOp::Inc: return is_number(column);
        default: return column.scalar == "jsonb";
    }
}

bool insertable_relationship(const CatalogSnapshot& snapshot, const TableInfo& table, const RelationshipInfo& rel) {
    if (rel.is_remote || rel.target >= snapshot.tables.size()) return false;
    const TableInfo& target = snapshot.tables[rel.target];
    if (table.is_remote || target.is_remote || !target.writes.can_insert()) return false;
    // The side inserted second receives the mapped columns: it must be allowed to write them.
    for (const auto& [here, there] : rel.mapping) {
        bool ok = rel.insert_after_parent ? target.writes.insert_column(there) != nullptr
                                          : table.writes.insert_column(here) != nullptr;
        if (!ok) return false;
    }
    return true;
}

void add_mutation_types(const CatalogSnapshot& snapshot, size_t index, const std::function<void(TypeDef)>& add,
                        std::vector<FieldDef>& root_fields) {
    TableMutations(snapshot, index, add, root_fields).build();
}

std::vector<std::string> mutation_root_fields(const TableInfo& t) {
    std::vector<std::string> out;
    const TableWrites& w = t.writes;
    bool by_pk = t.selectable() && !t.primary_key.empty();
    if (w.can_insert()) out.push_back(t.insert_field);
    if (w.can_insert() && t.selectable()) out.push_back(t.insert_one_field);
    if (w.can_update()) {
        out.push_back(t.update_field);
        if (by_pk) out.push_back(t.update_by_pk_field);
        out.push_back(t.update_many_field);
    }
    if (w.can_delete) {
        out.push_back(t.delete_field);
        if (by_pk) out.push_back(t.delete_by_pk_field);
    }
    return out;
}

}  // namespace graphgate::schema
