#pragma once
// What the GraphQL layer knows of the catalog: the tracked tables a role may see, their columns,
// keys and relationships.  The pg layer reads it (per role, per metadata version) and both the
// schema builder and the SQL compiler work from it alone, so neither needs Postgres.
//
// Names follow Hasura: a table's GraphQL name is its name for schema public and
// "<schema>_<name>" otherwise (or configuration.custom_name); a column's GraphQL name is its own
// name (or its configuration.column_config custom_name); a relationship's is its name.  Plans and
// SQL name columns by their SQL name (`name`); only the schema and the planner's reading of a
// request see GraphQL names.
#include <optional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace graphgate::schema {

// How a column's values behave in GraphQL and in aggregates.
enum class ScalarKind {
    Int,      // int2, int4: GraphQL Int
    Float,    // float4, float8: GraphQL Float
    Numeric,  // int8 (bigint), numeric: custom scalars whose JSON is a number
    String,   // text, varchar, char, citext, name: GraphQL String
    Boolean,  // bool: GraphQL Boolean
    Json,     // json, jsonb: custom scalars holding any JSON value
    Other,    // uuid, timestamptz, date, ...: custom scalars whose JSON is a string
    Enum,     // a foreign key to an enum table: its <t>_enum type, values compared as text
};

struct ColumnInfo {
    std::string name;          // column name in SQL (relationship mappings and keys use it too)
    std::string graphql_name;  // its GraphQL field name (empty: `name`; prepare_snapshot fills it)
    std::string pg_type;       // format_type() without typmod: "integer", "timestamp with time zone"
    std::string scalar;        // GraphQL scalar: Int, Float, String, Boolean, bigint, numeric,
                               // uuid, timestamptz, timestamp, date, time, jsonb, json, ...
    ScalarKind kind = ScalarKind::Other;
    bool nullable = true;
    bool comparable = true;    // has a btree ordering: can be ordered by and min/max'ed
    std::string description;   // the column's comment
    // What writing the column needs (mutations).  sql_type keeps the type modifier, so that a
    // value written to a character(10) column is read as one ("character" alone is char(1)).
    std::string sql_type;      // format_type() with typmod: "character(10)", "numeric(10,2)"
    // A single-column foreign key to an enum table (Hasura's is_enum): that table's index in
    // CatalogSnapshot::tables.  prepare_snapshot makes such a column's scalar the table's
    // <t>_enum type (kind Enum) when the enum table is in the schema.
    std::optional<size_t> enum_table;
};

// A row of an enum table: a value of its <t>_enum type, described by the comment column.
struct EnumValueInfo {
    std::string name;
    std::string description;
};

// A unique constraint or unique index: a conflict target of an upsert (<t>_constraint).  Hasura
// offers constraints only; graphgate also offers unique indexes that are not constraints,
// partial ones included, named by the index (an index and a constraint of one table never share
// a name: a unique constraint's index is named after it, in the same namespace).
struct UniqueKey {
    std::string name;                  // the constraint's or the index's name: the enum value
    std::vector<std::string> columns;  // the key's columns, in key order
    bool is_constraint = true;         // ON CONFLICT ON CONSTRAINT name; else the inference form
    std::string predicate;             // a partial index's WHERE, as SQL over the bare columns
};

// What the role may write to a table: GRANTs decide (INSERT and UPDATE per column, DELETE per
// table).  Columns are in table order; a generated column, and an identity column that is
// GENERATED ALWAYS, is never written (Postgres refuses values for them).
struct TableWrites {
    std::vector<ColumnInfo> insert_columns;
    std::vector<ColumnInfo> update_columns;
    bool can_delete = false;
    std::vector<UniqueKey> unique_keys;  // the primary key first, then by name

    bool can_insert() const { return !insert_columns.empty(); }
    bool can_update() const { return !update_columns.empty(); }
    const ColumnInfo* insert_column(const std::string& name) const {
        for (const auto& c : insert_columns)
            if (c.name == name) return &c;
        return nullptr;
    }
    // An insert input object's member: a column by its GraphQL name.
    const ColumnInfo* insert_field(const std::string& graphql_name) const {
        for (const auto& c : insert_columns)
            if (c.graphql_name == graphql_name) return &c;
        return nullptr;
    }
    const ColumnInfo* update_column(const std::string& name) const {
        for (const auto& c : update_columns)
            if (c.name == name) return &c;
        return nullptr;
    }
    const UniqueKey* unique_key(const std::string& name) const {
        for (const auto& k : unique_keys)
            if (k.name == name) return &k;
        return nullptr;
    }
};

struct RelationshipInfo {
    std::string name;
    bool is_array = false;       // array (one-to-many) or object (many-to-one)
    bool is_remote = false;      // a remote source relationship
    // An object relationship whose field may be null.  Not for one over a foreign key of this
    // table whose columns are all NOT NULL (Hasura's rule); array relationships ignore it.
    bool nullable = true;
    size_t target = 0;           // index of the target table in CatalogSnapshot::tables
    // (column of this table, column of the target), the join condition.
    std::vector<std::pair<std::string, std::string>> mapping;
    // The generated batch function, schema-qualified parts unquoted: ("graphgate_rel", name).
    std::string batch_schema;
    std::string batch_function;
    // A nested insert through an object relationship inserts the target before the parent (the
    // parent's columns take the target's key), unless the relationship is over a foreign key of
    // the target (or a manual one says after_parent): then the parent comes first, as for an
    // array relationship (Hasura's insertion_order).
    bool insert_after_parent = false;
};

// A SQL function as GraphQL calls it (computed fields and tracked functions), in the database of
// its table's source.  Its arguments other than the row's and the session's are GraphQL's `args`
// (an input object <name>_args), passed by name so that those with defaults may be left out.
struct FunctionArgInfo {
    std::string name;
    std::string pg_type;
    std::string scalar;
    ScalarKind kind = ScalarKind::Other;
    bool has_default = false;
};

struct FunctionCallInfo {
    std::string schema;
    std::string name;
    std::string graphql_name;                    // the base of <name>_args
    bool table_first = false;                    // the row goes first, positionally
    std::optional<std::string> table_argument;   // or by this name
    std::optional<std::string> session_argument; // passed the session variables
    std::string session_type;                    // json or jsonb
    std::vector<FunctionArgInfo> args;

    std::string args_type() const { return graphql_name + "_args"; }
    // `args` must be given: some argument has no default.
    bool args_required() const {
        for (const auto& a : args)
            if (!a.has_default) return true;
        return false;
    }
};

// A computed field (Hasura's): a function of the table's row, a scalar or the rows of a table
// (SETOF) of the same source.  A role sees it if it may run the function and read every column
// (a whole-row reference needs all of them).
struct ComputedFieldInfo {
    std::string name;
    std::string description;
    FunctionCallInfo function;
    bool returns_table = false;
    size_t target = 0;             // returns_table: index of the table in CatalogSnapshot::tables
    std::string pg_type;           // a scalar's type, scalar and kind, as a column's
    std::string scalar;
    ScalarKind kind = ScalarKind::Other;
};

struct TableInfo {
    std::string source;          // the source's name as users see it
    std::string table_schema;    // the table's name in its source
    std::string table_name;
    std::string sql_schema;      // the relation to query in this database (for a remote
    std::string sql_name;        // source: the imported foreign table)
    bool is_remote = false;      // its source is not this database
    double row_estimate = 0;     // a remote table's rows, as its source estimated them at tracking (0: unknown)
    std::string graphql_name;    // type name, and the base of root field and input type names
    std::string description;     // the table's comment
    std::vector<ColumnInfo> columns;          // the columns the role may select, in order
    std::vector<std::string> primary_key;     // empty when none (or not all selectable): no _by_pk
    std::vector<RelationshipInfo> relationships;
    TableWrites writes;                       // empty for a remote source's table (for now)
    // An enum table's rows (Hasura's is_enum), read when it was tracked or reloaded; empty for
    // any other table.
    std::vector<EnumValueInfo> enum_values;
    std::vector<ComputedFieldInfo> computed_fields;

    // Root field names (Hasura's custom_root_fields may rename them).
    std::string select_field;            // <t>
    std::string select_by_pk_field;      // <t>_by_pk
    std::string select_aggregate_field;  // <t>_aggregate
    std::string insert_field;            // insert_<t>
    std::string insert_one_field;        // insert_<t>_one
    std::string update_field;            // update_<t>
    std::string update_by_pk_field;      // update_<t>_by_pk
    std::string update_many_field;       // update_<t>_many
    std::string delete_field;            // delete_<t>
    std::string delete_by_pk_field;      // delete_<t>_by_pk
    // Descriptions that Hasura's custom_root_fields comments give, by root field name.
    std::map<std::string, std::string> root_field_comments;

    // The role may select some column: the table has an object type, query fields and
    // `returning`.  A table the role may only write to has mutation fields without them.
    bool selectable() const { return !columns.empty(); }

    const ColumnInfo* column(const std::string& name) const {
        for (const auto& c : columns)
            if (c.name == name) return &c;
        return nullptr;
    }
    const RelationshipInfo* relationship(const std::string& name) const {
        for (const auto& r : relationships)
            if (r.name == name) return &r;
        return nullptr;
    }
    const ComputedFieldInfo* computed_field(const std::string& name) const {
        for (const auto& c : computed_fields)
            if (c.name == name) return &c;
        return nullptr;
    }
};

// A tracked function (Hasura's pg_track_function): root fields <name>(args, where, ...) and
// <name>_aggregate over the rows of `target` it returns, on the query root, or one field on the
// mutation root for a function exposed as a mutation (a VOLATILE one, by default).
struct FunctionInfo {
    FunctionCallInfo function;
    std::string description;
    size_t target = 0;            // index of the returned table in CatalogSnapshot::tables
    bool is_mutation = false;
    std::string field;            // root field names
    std::string aggregate_field;  // (query functions only)
};

struct CatalogSnapshot {
    std::vector<TableInfo> tables;
    std::vector<FunctionInfo> functions;
    // Tables are reachable by GraphQL type name and by root field name.
    const TableInfo* by_graphql_name(const std::string& name) const {
        for (const auto& t : tables)
            if (t.graphql_name == name) return &t;
        return nullptr;
    }
};

// Hasura's scalar for a Postgres type (format_type spelling), and its kind.
std::pair<std::string, ScalarKind> scalar_for_pg_type(const std::string& pg_type);

}  // namespace graphgate::schema
