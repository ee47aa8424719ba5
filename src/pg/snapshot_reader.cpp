#include "pg/snapshot_reader.hpp"

#include <map>
#include "core/json.hpp"
#include <set>
#include <tuple>

#include "core/metadata/error.hpp"
#include "core/metadata/graphql_names.hpp"
#include "pg/snapshot_functions.hpp"

namespace graphgate::pg {
namespace {

using schema::CatalogSnapshot;
using schema::ColumnInfo;
using schema::RelationshipInfo;
using schema::ScalarKind;
using schema::TableInfo;

// Tables the role may read at least one column of, or write to, in a schema it may use, with the
// source's customization.  Writes need the privilege and a relation that takes the command
// (pg_relation_is_updatable: 4 UPDATE, 8 INSERT, 16 DELETE; a view may take none; a remote
// source's foreign table takes what postgres_fdw's `updatable` option allows).
constexpr const char* kTables = R"SQL(
SELECT t.source, CASE WHEN s.kind = 'local' THEN pg_catalog.current_database() ELSE t.source END,
       t.table_schema, t.table_name, t.local_schema, t.local_name, t.configuration::text,
       t.primary_key::text, (s.kind <> 'local')::text, s.customization::text, c.oid::text,
       coalesce(pg_catalog.obj_description(c.oid, 'pg_class'), ''),
       w.updatable::text, w.insertable::text, w.deletable::text, t.unique_keys::text, t.row_estimate::text,
       t.enum_values::text, t.foreign_keys::text
FROM graphgate.tables t
JOIN graphgate.sources s ON s.name = t.source
JOIN pg_catalog.pg_namespace n ON n.nspname = t.local_schema
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = t.local_name
CROSS JOIN LATERAL (
  SELECT u & 4 <> 0 AS updatable, u & 8 <> 0 AS insertable,
         u & 16 <> 0 AND pg_catalog.has_table_privilege($1::oid, c.oid, 'DELETE') AS deletable
  FROM (SELECT pg_catalog.pg_relation_is_updatable(c.oid, false) AS u) r
) w
WHERE pg_catalog.has_schema_privilege($1::oid, n.oid, 'USAGE')
  AND (pg_catalog.has_any_column_privilege($1::oid, c.oid, 'SELECT')
       OR (w.updatable AND pg_catalog.has_any_column_privilege($1::oid, c.oid, 'UPDATE'))
       OR (w.insertable AND pg_catalog.has_any_column_privilege($1::oid, c.oid, 'INSERT'))
       OR w.deletable)
ORDER BY s.kind <> 'local', t.source, t.table_schema, t.table_name
)SQL";

// The columns the role may select, insert or update.  A generated column, or an identity
// column GENERATED ALWAYS, takes no value (Postgres refuses one).
constexpr const char* kColumns = R"SQL(
SELECT a.attrelid::text, a.attname, pg_catalog.format_type(a.atttypid, NULL), (NOT a.attnotnull)::text,
       coalesce(pg_catalog.col_description(a.attrelid, a.attnum), ''),
       pg_catalog.format_type(a.atttypid, a.atttypmod),
       pg_catalog.has_column_privilege($1::oid, a.attrelid, a.attnum, 'SELECT')::text,
       (writable AND pg_catalog.has_column_privilege($1::oid, a.attrelid, a.attnum, 'INSERT'))::text,
       (writable AND pg_catalog.has_column_privilege($1::oid, a.attrelid, a.attnum, 'UPDATE'))::text
FROM pg_catalog.pg_attribute a
CROSS JOIN LATERAL (SELECT a.attgenerated = '' AND a.attidentity <> 'a' AS writable) w
WHERE a.attrelid = ANY ($2::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
  AND pg_catalog.has_column_privilege($1::oid, a.attrelid, a.attnum, 'SELECT, INSERT, UPDATE')
ORDER BY a.attrelid, a.attnum
)SQL";

// Conflict targets: primary key and unique constraints, and unique indexes that are not
// constraints (partial ones too), over plain columns (an expression index cannot be matched to
// the objects' columns), immediate (ON CONFLICT refuses deferrable ones) and valid.
constexpr const char* kUniqueKeys = R"SQL(
SELECT i.indrelid::text, coalesce(con.conname, ci.relname), (con.oid IS NOT NULL)::text,
       (SELECT pg_catalog.json_agg(a.attname ORDER BY k.n)
        FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE k.n <= i.indnkeyatts)::text,
       coalesce(pg_catalog.pg_get_expr(i.indpred, i.indrelid), '')
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ci ON ci.oid = i.indexrelid
LEFT JOIN pg_catalog.pg_constraint con
  ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u')
WHERE i.indrelid = ANY ($1::oid[]) AND i.indisunique AND i.indisvalid AND i.indimmediate
  AND i.indexprs IS NULL
ORDER BY i.indrelid, i.indisprimary DESC, 2
)SQL";

constexpr const char* kRelationships = R"SQL(
SELECT source, table_schema, table_name, name, kind, is_remote::text, target_source, target_schema,
       target_table, mapping::text, function_name,
       -- a foreign key of this table (not of the target): Hasura's non-null candidates
       coalesce(pg_catalog.jsonb_typeof(using_clause -> 'foreign_key_constraint_on') IN ('string', 'array'),
                false)::text,
       -- a foreign key of the target, or a manual one inserted after its parent
       coalesce(pg_catalog.jsonb_typeof(using_clause -> 'foreign_key_constraint_on') = 'object'
                OR using_clause #>> '{manual_configuration,insertion_order}' = 'after_parent', false)::text
FROM graphgate.relationships
WHERE inconsistent_reason IS NULL
ORDER BY source, table_schema, table_name, name
)SQL";

std::string affixed(const Json& customization, const char* group, const std::string& name) {
    auto g = customization.find(group);
    if (g == customization.end() || !g->is_object()) return name;
    return g->value("prefix", std::string()) + name + g->value("suffix", std::string());
}

// A root field's name: custom_root_fields.<key> (a string, or Hasura's {"name", "comment"}), else
// the default, with the source's root field affixes; a comment is kept as the field's description.
std::string root_field(TableInfo& table, const Json& customization, const Json& custom, const char* key,
                       const std::string& fallback) {
    std::string name = fallback;
    const Json* comment = nullptr;
    auto it = custom.find(key);
    if (it != custom.end() && it->is_string()) name = it->get<std::string>();
    if (it != custom.end() && it->is_object()) {
        if (auto n = it->find("name"); n != it->end() && n->is_string()) name = n->get<std::string>();
        if (auto c = it->find("comment"); c != it->end() && c->is_string()) comment = &*c;
    }
    name = affixed(customization, "root_fields", name);
    if (comment) table.root_field_comments[name] = comment->get<std::string>();
    return name;
}

// A column with a single-column foreign key to an enum table (of its own source) takes that
// table's values.  An enum table whose values column the role may not select is no enum to it.
void link_enum_columns(CatalogSnapshot& snapshot,
                       const std::map<std::tuple<std::string, std::string, std::string>, size_t>& by_key,
                       const std::vector<Json>& foreign_keys) {
    for (TableInfo& t : snapshot.tables)
        if (t.primary_key.size() != 1 || !t.column(t.primary_key[0])) t.enum_values.clear();
    for (const auto& [key, index] : by_key) {
        for (const Json& fk : foreign_keys[index]) {
            if (!fk.is_object() || fk.value("columns", Json::array()).size() != 1) continue;
            auto target = by_key.find({std::get<0>(key), fk.value("ref_schema", std::string()),
                                       fk.value("ref_table", std::string())});
            if (target == by_key.end()) continue;
            const TableInfo& enum_table = snapshot.tables[target->second];
            if (enum_table.enum_values.empty() || fk.value("ref_columns", Json()) != Json::array({enum_table.primary_key[0]}))
                continue;
            const std::string column = fk.at("columns").at(0).get<std::string>();
            TableInfo& t = snapshot.tables[index];
            for (auto* list : {&t.columns, &t.writes.insert_columns, &t.writes.update_columns})
                for (ColumnInfo& c : *list)
                    if (c.name == column) c.enum_table = target->second;
        }
    }
}

}  // namespace

CatalogSnapshot read_snapshot(Spi& spi, unsigned int role) {
    CatalogSnapshot snapshot;
    std::string role_text = std::to_string(role);
    Rows tables = spi.query(kTables, {role_text});
    std::map<std::string, size_t> by_oid;
    std::map<std::tuple<std::string, std::string, std::string>, size_t> by_key;  // catalog key
    std::map<std::string, std::string> graphql_names;                          // name -> table
    std::map<std::string, bool> insertable, updatable;                         // by oid: the relation's
    std::vector<Json> configurations;  // per snapshot table: its column names
    std::vector<Json> foreign_keys;    // per snapshot table, as tracking read them
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
        if (row[16]) t.row_estimate = std::stod(*row[16]);
        if (row[17])
            for (const auto& v : parse_json(*row[17]))
                t.enum_values.push_back({v.at("value").get<std::string>(),
                                         v.at("comment").is_string() ? v.at("comment").get<std::string>() : ""});
        std::string base = table_graphql_name(TableName{t.table_schema, t.table_name}, configuration);
        t.graphql_name = affixed(customization, "type_names", base);
        Json root = configuration.value("custom_root_fields", Json::object());
        if (!root.is_object()) root = Json::object();
        t.select_field = root_field(t, customization, root, "select", base);
        t.select_by_pk_field = root_field(t, customization, root, "select_by_pk", base + "_by_pk");
        t.select_aggregate_field = root_field(t, customization, root, "select_aggregate", base + "_aggregate");
        t.insert_field = root_field(t, customization, root, "insert", "insert_" + base);
        t.insert_one_field = root_field(t, customization, root, "insert_one", "insert_" + base + "_one");
        t.update_field = root_field(t, customization, root, "update", "update_" + base);
        t.update_by_pk_field = root_field(t, customization, root, "update_by_pk", "update_" + base + "_by_pk");
        t.update_many_field = root_field(t, customization, root, "update_many", "update_" + base + "_many");
        t.delete_field = root_field(t, customization, root, "delete", "delete_" + base);
        t.delete_by_pk_field = root_field(t, customization, root, "delete_by_pk", "delete_" + base + "_by_pk");
        t.writes.can_delete = *row[14] == "true";
        // A remote table's conflict targets are its constraints in its source, read at tracking
        // (the foreign table has none).
        if (t.is_remote)
            for (const auto& k : parse_json(*row[15])) {
                if (!k.is_object()) continue;
                schema::UniqueKey key;
                key.name = k.value("name", std::string());
                for (const auto& c : k.value("columns", Json::array())) key.columns.push_back(c.get<std::string>());
                t.writes.unique_keys.push_back(std::move(key));
            }
        std::string qualified = t.source + "." + t.table_schema + "." + t.table_name;
        auto [it, fresh] = graphql_names.emplace(t.graphql_name, qualified);
        if (!fresh)
            throw MetadataError("invalid-configuration", "tables " + it->second + " and " + qualified +
                                                             " would both be the GraphQL type \"" + t.graphql_name + "\"")
                .with_hint("Give one of them a custom_name, or its source a type_names/root_fields prefix.");
        insertable[*row[10]] = *row[13] == "true";
        updatable[*row[10]] = *row[12] == "true";
        by_oid[*row[10]] = snapshot.tables.size();
        by_key[{*row[0], t.table_schema, t.table_name}] = snapshot.tables.size();
        oids += (oids.size() > 1 ? "," : "") + *row[10];
        snapshot.tables.push_back(std::move(t));
        configurations.push_back(std::move(configuration));
        foreign_keys.push_back(parse_json(*row[18]));
    }
    oids += "}";

    Rows columns = spi.query(kColumns, {role_text, oids});
    for (auto& row : columns.rows) {
        size_t table = by_oid[*row[0]];
        ColumnInfo c;
        c.name = *row[1];
        c.graphql_name = column_graphql_name(configurations[table], c.name);
        c.pg_type = *row[2];
        auto [scalar, kind] = schema::scalar_for_pg_type(c.pg_type);
        c.scalar = scalar;
        c.kind = kind;
        c.nullable = *row[3] == "true";
        c.comparable = kind != ScalarKind::Json;
        const Json* comment = column_comment(configurations[table], c.name);
        c.description = comment ? comment->get<std::string>() : *row[4];
        c.sql_type = *row[5];
        TableInfo& t = snapshot.tables[table];
        if (*row[7] == "true" && insertable[*row[0]]) t.writes.insert_columns.push_back(c);
        if (*row[8] == "true" && updatable[*row[0]]) t.writes.update_columns.push_back(c);
        if (*row[6] == "true") t.columns.push_back(std::move(c));
    }
    Rows keys = spi.query(kUniqueKeys, {oids});
    for (auto& row : keys.rows) {
        TableInfo& t = snapshot.tables[by_oid[*row[0]]];
        if (t.is_remote) continue;
        schema::UniqueKey key;
        key.name = *row[1];
        key.is_constraint = *row[2] == "true";
        for (const auto& c : parse_json(*row[3])) key.columns.push_back(c.get<std::string>());
        key.predicate = *row[4];
        t.writes.unique_keys.push_back(std::move(key));
    }
    // A primary key the role cannot read whole gives no _by_pk field.
    for (TableInfo& t : snapshot.tables)
        for (const std::string& key : t.primary_key)
            if (!t.column(key)) {
                t.primary_key.clear();
                break;
            }

    link_enum_columns(snapshot, by_key, foreign_keys);

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
        rel.insert_after_parent = rel.is_array || *row[12] == "true";
        if (visible) snapshot.tables[from->second].relationships.push_back(std::move(rel));
    }
    read_sql_functions(spi, role_text, snapshot, by_key);
    return snapshot;
}

}  // namespace graphgate::pg
