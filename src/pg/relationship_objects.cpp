#include "pg/relationship_objects.hpp"

#include <cstdio>
#include <functional>

#include "core/sql/quote.hpp"

namespace graphgate::pg {
namespace {

using sql::quote_ident;
using sql::quote_literal;
using sql::quote_qualified;

constexpr const char* kSchema = "graphgate_rel";
constexpr size_t kMaxIdentifier = 63;  // NAMEDATALEN - 1

constexpr const char* kSelectRelationship =
    "SELECT source, table_schema, table_name, name, kind, is_remote::text, target_source, target_schema, "
    "target_table, mapping::text, using_clause::text, function_name, view_name, inconsistent_reason "
    "FROM graphgate.relationships ";

RelationshipRow row_of(const Rows& rows, size_t i) {
    auto at = [&](const char* c) { return rows.at(i, c); };
    RelationshipRow rel;
    rel.source = *at("source");
    rel.table = TableName{*at("table_schema"), *at("table_name")};
    rel.name = *at("name");
    rel.kind = *at("kind") == "object" ? RelationshipKind::Object : RelationshipKind::Array;
    rel.is_remote = *at("is_remote") == "true";
    rel.target_source = *at("target_source");
    rel.target_table = TableName{*at("target_schema"), *at("target_table")};
    for (const auto& pair : parse_json(*at("mapping")))
        rel.mapping.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
    if (at("using_clause")) rel.using_json = parse_json(*at("using_clause"));
    rel.function_name = *at("function_name");
    rel.view_name = *at("view_name");
    rel.inconsistent_reason = at("inconsistent_reason");
    return rel;
}

// Shortens a name past Postgres' limit, keeping it unique with a hash of the whole.
std::string fit(const std::string& name) {
    if (name.size() <= kMaxIdentifier) return name;
    char hash[16];
    std::snprintf(hash, sizeof hash, "_%08zx", std::hash<std::string>{}(name) & 0xffffffffu);
    return name.substr(0, kMaxIdentifier - 9) + hash;
}

bool name_taken(Spi& spi, const std::string& name) {
    return spi.scalar("SELECT 1 FROM graphgate.relationships WHERE function_name = $1 OR view_name = $1 "
                      "UNION ALL SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                      "ON n.oid = c.relnamespace WHERE n.nspname = $2 AND c.relname = $1 "
                      "UNION ALL SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n "
                      "ON n.oid = p.pronamespace WHERE n.nspname = $2 AND p.proname = $1",
                      {name, kSchema})
        .has_value();
}

struct ColumnType {
    std::string name;
    std::string type;
};

std::vector<ColumnType> ordered_columns(Spi& spi, const std::string& schema, const std::string& name) {
    Rows rows = spi.query(
        "SELECT a.attname, pg_catalog.format_type(a.atttypid, NULL) FROM pg_catalog.pg_attribute a "
        "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        {schema, name});
    std::vector<ColumnType> out;
    for (auto& row : rows.rows) out.push_back({*row[0], *row[1]});
    return out;
}

std::string type_of(const std::vector<ColumnType>& columns, const std::string& name) {
    for (const auto& c : columns)
        if (c.name == name) return c.type;
    return "text";  // unreachable: the mapping was validated against these columns
}

std::string describe(const RelationshipRow& rel) {
    return std::string(rel.is_remote ? "remote " : "") + to_string(rel.kind) + " relationship " + rel.name + " of " +
           rel.source + "." + rel.table.display() + " -> " + rel.target_source + "." + rel.target_table.display();
}

}  // namespace

std::optional<RelationshipRow> find_relationship(Spi& spi, const std::string& source, const TableName& table,
                                                 const std::string& name) {
    Rows rows = spi.query(std::string(kSelectRelationship) +
                              "WHERE source = $1 AND table_schema = $2 AND table_name = $3 AND name = $4",
                          {source, table.schema, table.name, name});
    if (rows.empty()) return std::nullopt;
    return row_of(rows, 0);
}

std::vector<RelationshipRow> all_relationships(Spi& spi) {
    Rows rows = spi.query(std::string(kSelectRelationship) + "ORDER BY source, table_schema, table_name, name");
    std::vector<RelationshipRow> out;
    for (size_t i = 0; i < rows.size(); ++i) out.push_back(row_of(rows, i));
    return out;
}

void insert_relationship(Spi& spi, const RelationshipRow& rel) {
    Json mapping = Json::array();
    for (const auto& [from, to] : rel.mapping) mapping.push_back({from, to});
    spi.exec(
        "INSERT INTO graphgate.relationships (source, table_schema, table_name, name, kind, is_remote, target_source, "
        "target_schema, target_table, mapping, using_clause, function_name, view_name) "
        "VALUES ($1, $2, $3, $4, $5, $6::boolean, $7, $8, $9, $10::jsonb, $11::jsonb, $12, $13)",
        {rel.source, rel.table.schema, rel.table.name, rel.name, to_string(rel.kind), rel.is_remote ? "true" : "false",
         rel.target_source, rel.target_table.schema, rel.target_table.name, mapping.dump(),
         rel.is_remote ? Value() : Value(rel.using_json.dump()), rel.function_name, rel.view_name});
}

void assign_object_names(Spi& spi, RelationshipRow& rel, const Source& source) {
    std::string base = (source.is_local() ? "" : source.name + "_") +
                       (rel.table.schema == "public" ? "" : rel.table.schema + "_") + rel.table.name + "_" + rel.name;
    for (int n = 1;; ++n) {
        std::string stem = n == 1 ? base : base + "_" + std::to_string(n);
        std::string view = fit(stem);
        std::string function = fit(stem + "_batch");
        if (!name_taken(spi, view) && !name_taken(spi, function)) {
            rel.view_name = view;
            rel.function_name = function;
            return;
        }
    }
}

void generate_objects(Spi& spi, const RelationshipRow& rel, const TrackedTable& from, const TrackedTable& to) {
    drop_objects(spi, rel);
    std::string target = quote_qualified(to.local_schema, to.local_name);
    std::vector<ColumnType> target_columns = ordered_columns(spi, to.local_schema, to.local_name);

    std::string params;
    std::string any_conditions;
    std::string pair_columns;
    std::string pair_conditions;
    for (size_t i = 0; i < rel.mapping.size(); ++i) {
        const std::string& col = rel.mapping[i].second;
        std::string n = std::to_string(i + 1);
        params += (i ? ", " : "") + quote_ident(col) + " " + type_of(target_columns, col) + "[]";
        any_conditions += (i ? " AND t." : "t.") + quote_ident(col) + " = ANY ($" + n + ")";
        pair_columns += (i ? ", $" : "$") + n;
        pair_conditions += (i ? " AND k.c" : "k.c") + n + " = t." + quote_ident(col);
    }
    std::string body = "SELECT t.* FROM " + target + " t WHERE " + any_conditions;
    if (rel.mapping.size() > 1) {
        // Each array is shipped on its own, which selects a superset (every combination of the
        // keys); only rows matching one of the given tuples are kept.
        std::string aliases;
        for (size_t i = 0; i < rel.mapping.size(); ++i) aliases += (i ? ", c" : "c") + std::to_string(i + 1);
        body += " AND EXISTS (SELECT FROM unnest(" + pair_columns + ") AS k(" + aliases + ") WHERE " +
                pair_conditions + ")";
    }
    std::string function = quote_qualified(kSchema, rel.function_name);
    spi.exec("CREATE FUNCTION " + function + "(" + params + ") RETURNS SETOF " + target +
             " LANGUAGE sql STABLE AS " + quote_literal(body));
    spi.exec("COMMENT ON FUNCTION " + function + " IS " +
             quote_literal("graphgate batch function of the " + describe(rel) +
                           ": the target rows whose keys are in the given arrays"));

    std::string select = "SELECT s.*";
    for (const auto& c : target_columns) select += ", t." + quote_ident(c.name) + " AS " + quote_ident(rel.name + "." + c.name);
    std::string join;
    for (const auto& [from_col, to_col] : rel.mapping)
        join += (join.empty() ? "" : " AND ") + std::string("t.") + quote_ident(to_col) + " = s." + quote_ident(from_col);
    std::string view = quote_qualified(kSchema, rel.view_name);
    // security_invoker: the view reads with the rights (and, for a remote target, the user
    // mapping) of whoever reads it, not of whoever generated it last, which is the extension's
    // owner when a DDL event trigger regenerates it.
    spi.exec("CREATE VIEW " + view + " WITH (security_invoker = true) AS " + select + " FROM " + quote_qualified(from.local_schema, from.local_name) +
             " s LEFT JOIN " + target + " t ON " + join);
    spi.exec("COMMENT ON VIEW " + view + " IS " + quote_literal("graphgate view of the " + describe(rel)));
}

void drop_objects(Spi& spi, const RelationshipRow& rel) {
    if (spi.scalar("SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE n.nspname = $1 AND c.relname = $2",
                   {kSchema, rel.view_name}))
        spi.exec("DROP VIEW " + quote_qualified(kSchema, rel.view_name));
    Rows functions = spi.query(
        "SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n "
        "ON n.oid = p.pronamespace WHERE n.nspname = $1 AND p.proname = $2",
        {kSchema, rel.function_name});
    for (auto& row : functions.rows) spi.exec("DROP FUNCTION " + *row[0]);
}

bool objects_exist(Spi& spi, const RelationshipRow& rel) {
    return spi.scalar("SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                      "WHERE n.nspname = $1 AND c.relname = $2",
                      {kSchema, rel.view_name})
               .has_value() &&
           spi.scalar("SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
                      "WHERE n.nspname = $1 AND p.proname = $2",
                      {kSchema, rel.function_name})
               .has_value();
}

}  // namespace graphgate::pg
