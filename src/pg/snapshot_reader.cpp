#include "pg/snapshot_reader.hpp"

#include <map>
#include "core/json.hpp"
#include <set>
#include <tuple>

#include "core/metadata/error.hpp"
#include "core/metadata/graphql_names.hpp"

namespace graphgate::pg {
namespace {

using schema::CatalogSnapshot;
using schema::ColumnInfo;
using schema::RelationshipInfo;
using schema::ScalarKind;
using schema::TableInfo;

// Tables the role may read at least one column of (in a schema it may use), with the source's
// customization.
constexpr const char* kTables = R"SQL(
SELECT t.source, CASE WHEN s.kind = 'local' THEN pg_catalog.current_database() ELSE t.source END,
       t.table_schema, t.table_name, t.local_schema, t.local_name, t.configuration::text,
       t.primary_key::text, (s.kind <> 'local')::text, s.customization::text, c.oid::text,
       coalesce(pg_catalog.obj_description(c.oid, 'pg_class'), '')
FROM graphgate.tables t
JOIN graphgate.sources s ON s.name = t.source
JOIN pg_catalog.pg_namespace n ON n.nspname = t.local_schema
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = t.local_name
WHERE pg_catalog.has_any_column_privilege($1::oid, c.oid, 'SELECT')
  AND pg_catalog.has_schema_privilege($1::oid, n.oid, 'USAGE')
ORDER BY s.kind <> 'local', t.source, t.table_schema, t.table_name
)SQL";

constexpr const char* kColumns = R"SQL(
SELECT a.attrelid::text, a.attname, pg_catalog.format_type(a.atttypid, NULL), (NOT a.attnotnull)::text,
       coalesce(pg_catalog.col_description(a.attrelid, a.attnum), '')
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = ANY ($2::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
  AND pg_catalog.has_column_privilege($1::oid, a.attrelid, a.attnum, 'SELECT')
ORDER BY a.attrelid, a.attnum
)SQL";

constexpr const char* kRelationships = R"SQL(
SELECT source, table_schema, table_name, name, kind, is_remote::text, target_source, target_schema,
       target_table, mapping::text, function_name,
       -- a foreign key of this table (not of the target): Hasura's non-null candidates
       coalesce(pg_catalog.jsonb_typeof(using_clause -> 'foreign_key_constraint_on') IN ('string', 'array'),
                false)::text
FROM graphgate.relationships
WHERE inconsistent_reason IS NULL
ORDER BY source, table_schema, table_name, name
)SQL";

std::string affixed(const Json& customization, const char* group, const std::string& name) {
    auto g = customization.find(group);
    if (g == customization.end() || !g->is_object()) return name;
    return g->value("prefix", std::string()) + name + g->value("suffix", std::string());
}

}  // namespace

CatalogSnapshot read_snapshot(Spi& spi, unsigned int role) {
    CatalogSnapshot snapshot;
    std::string role_text = std::to_string(role);
    Rows tables = spi.query(kTables, {role_text});
    std::map<std::string, size_t> by_oid;
    std::map<std::tuple<std::string, std::string, std::string>, size_t> by_key;  // catalog key
    std::map<std::string, std::string> graphql_names;                          // name -> table
    std::string oids = "{";
    for (auto& row : tables.rows) {
        TableInfo t;
        t.source = *row[1];
        t.table_schema = *row[2];
        t.table_name = *row[3];
        t.sql_schema = *row[4];
        t.sql_name = *row[5];
        Json configuration = parse_json(*row[6]);
        for (const auto& key : parse_json(*row[7])) t.primary_key.push_back(key.get<std::string>());
        t.is_remote = *row[8] == "true";
        Json customization = parse_json(*row[9]);
        t.description = *row[11];
        std::string base = table_graphql_name(TableName{t.table_schema, t.table_name}, configuration);
        t.graphql_name = affixed(customization, "type_names", base);
        Json root = configuration.value("custom_root_fields", Json::object());
        t.select_field = affixed(customization, "root_fields", root.value("select", base));
        t.select_by_pk_field = affixed(customization, "root_fields", root.value("select_by_pk", base + "_by_pk"));
        t.select_aggregate_field =
            affixed(customization, "root_fields", root.value("select_aggregate", base + "_aggregate"));
        std::string qualified = t.source + "." + t.table_schema + "." + t.table_name;
        auto [it, fresh] = graphql_names.emplace(t.graphql_name, qualified);
        if (!fresh)
            throw MetadataError("invalid-configuration", "tables " + it->second + " and " + qualified +
                                                             " would both be the GraphQL type \"" + t.graphql_name + "\"")
                .with_hint("Give one of them a custom_name, or its source a type_names/root_fields prefix.");
        by_oid[*row[10]] = snapshot.tables.size();
        by_key[{*row[0], t.table_schema, t.table_name}] = snapshot.tables.size();
        oids += (oids.size() > 1 ? "," : "") + *row[10];
        snapshot.tables.push_back(std::move(t));
    }
    oids += "}";

    Rows columns = spi.query(kColumns, {role_text, oids});
    for (auto& row : columns.rows) {
        ColumnInfo c;
        c.name = *row[1];
        c.pg_type = *row[2];
        auto [scalar, kind] = schema::scalar_for_pg_type(c.pg_type);
        c.scalar = scalar;
        c.kind = kind;
        c.nullable = *row[3] == "true";
        c.comparable = kind != ScalarKind::Json;
        c.description = *row[4];
        snapshot.tables[by_oid[*row[0]]].columns.push_back(std::move(c));
    }
    // A primary key the role cannot read whole gives no _by_pk field.
    for (TableInfo& t : snapshot.tables)
        for (const std::string& key : t.primary_key)
            if (!t.column(key)) {
                t.primary_key.clear();
                break;
            }

    Rows relationships = spi.query(kRelationships);
    for (auto& row : relationships.rows) {
        auto from = by_key.find({*row[0], *row[1], *row[2]});
        auto to = by_key.find({*row[6], *row[7], *row[8]});
        if (from == by_key.end() || to == by_key.end()) continue;  // a side the role cannot see
        RelationshipInfo rel;
        rel.name = *row[3];
        rel.is_array = *row[4] == "array";
        rel.is_remote = *row[5] == "true";
        rel.target = to->second;
        rel.batch_schema = "graphgate_rel";
        rel.batch_function = *row[10];
        bool visible = true;
        bool any_column_nullable = false;
        for (const auto& pair : parse_json(*row[9])) {
            rel.mapping.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
            const ColumnInfo* here = snapshot.tables[from->second].column(rel.mapping.back().first);
            visible = visible && here && snapshot.tables[to->second].column(rel.mapping.back().second);
            any_column_nullable = any_column_nullable || !here || here->nullable;
        }
        // Hasura's rule: an object relationship over a foreign key of this table whose columns
        // are all NOT NULL always finds its row; manual, reverse and remote ones may not.
        rel.nullable = rel.is_array || *row[11] != "true" || any_column_nullable;
        if (visible) snapshot.tables[from->second].relationships.push_back(std::move(rel));
    }
    return snapshot;
}

}  // namespace graphgate::pg
