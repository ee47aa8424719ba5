#pragma once
// What the GraphQL layer knows of the catalog: the tracked tables a role may see, their columns,
// keys and relationships.  The pg layer reads it (per role, per metadata version) and both the
// schema builder and the SQL compiler work from it alone, so neither needs Postgres.
//
// Names follow Hasura: a table's GraphQL name is its name for schema public and
// "<schema>_<name>" otherwise (or configuration.custom_name); a column's GraphQL name is its own
// name; a relationship's is its name.
#include <optional>
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
};

struct ColumnInfo {
    std::string name;          // column name, also its GraphQL field name
    std::string pg_type;       // format_type() without typmod: "integer", "timestamp with time zone"
    std::string scalar;        // GraphQL scalar: Int, Float, String, Boolean, bigint, numeric,
                               // uuid, timestamptz, timestamp, date, time, jsonb, json, ...
    ScalarKind kind = ScalarKind::Other;
    bool nullable = true;
    bool comparable = true;    // has a btree ordering: can be ordered by and min/max'ed
    std::string description;   // the column's comment
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

    // Root field names (Hasura's custom_root_fields may rename them).
    std::string select_field;            // <t>
    std::string select_by_pk_field;      // <t>_by_pk
    std::string select_aggregate_field;  // <t>_aggregate

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
};

struct CatalogSnapshot {
    std::vector<TableInfo> tables;
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
