// Tracked tables: track_table / untrack_table.  A remote table is imported as a foreign table
// into its source's schema, and its keys are read from the remote catalog, since
// IMPORT FOREIGN SCHEMA brings columns but no constraints.
#include "core/json.hpp"
#include <string>

#include "core/metadata/error.hpp"
#include "core/metadata/graphql_names.hpp"
#include "core/sql/quote.hpp"
#include "pg/catalog.hpp"
#include "pg/guard.hpp"
#include "pg/remote_connection.hpp"

extern "C" {
#include "miscadmin.h"
}

namespace graphgate::pg {
namespace {

using sql::quote_ident;
using sql::quote_qualified;

// One row for a table or view named ($1, $2), describing its keys as JSON; no row if there is
// no such relation.  Runs unchanged on this database (SPI) and on a remote one (libpq).
constexpr const char* kDescribeRelation = R"SQL(
SELECT json_build_object(
  'primary_key', coalesce((
      SELECT json_agg(a.attname ORDER BY k.ord)
      FROM pg_catalog.pg_constraint con
           CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY k(num, ord)
           JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num
      WHERE con.conrelid = c.oid AND con.contype = 'p'), '[]'),
  -- the primary key and unique constraints by name: a remote table's conflict targets
  'unique_keys', coalesce((
      SELECT json_agg(json_build_object(
               'name', con.conname,
               'columns', (SELECT json_agg(a.attname ORDER BY k.ord)
                           FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                           JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num))
             ORDER BY con.contype = 'u', con.conname)
      FROM pg_catalog.pg_constraint con
      WHERE con.conrelid = c.oid AND con.contype IN ('p', 'u')), '[]'),
  'foreign_keys', coalesce((
      SELECT json_agg(json_build_object(
               'name', con.conname,
               'columns', (SELECT json_agg(a.attname ORDER BY k.ord)
                           FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                           JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num),
               'ref_schema', fn.nspname,
               'ref_table', fc.relname,
               'ref_columns', (SELECT json_agg(a.attname ORDER BY k.ord)
                               FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                               JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num))
             ORDER BY con.conname)
      FROM pg_catalog.pg_constraint con
      JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
      JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
      WHERE con.conrelid = c.oid AND con.contype = 'f'), '[]'),
  'row_estimate', CASE WHEN c.relkind IN ('r', 'm', 'p') AND c.reltuples >= 0 THEN c.reltuples END)::text
  AS description
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'v', 'm', 'f', 'p')
)SQL";

MetadataError no_such_table(const Source& source, const TableName& table) {
    return MetadataError("not-exists", "no such table/view exists in source \"" + source.name +
                                           "\": \"" + table.display() + "\"");
}

// The name of a remote table's foreign table in the source's schema: the table's own name for
// the public schema, schema_table otherwise (as Hasura names GraphQL fields).
std::string local_name_for(const TableName& table) {
    return table.schema == "public" ? table.name : table.schema + "_" + table.name;
}

// IMPORT FOREIGN SCHEMA cannot rename, so import into a private staging schema, then rename and
// move the foreign table into place.  Returns false if the source had no such table.
bool import_foreign_table(Spi& spi, const Source& source, const TableName& table, const std::string& local_name) {
    std::string staging = "graphgate_import_" + std::to_string(MyProcPid);
    spi.exec("CREATE SCHEMA " + quote_ident(staging));
    spi.exec("IMPORT FOREIGN SCHEMA " + quote_ident(table.schema) + " LIMIT TO (" + quote_ident(table.name) +
             ") FROM SERVER " + quote_ident(*source.server) + " INTO " + quote_ident(staging));
    bool imported = spi.scalar("SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                               "ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2",
                               {staging, table.name})
                         .has_value();
    if (imported) {
        if (local_name != table.name)
            spi.exec("ALTER FOREIGN TABLE " + quote_qualified(staging, table.name) + " RENAME TO " +
                     quote_ident(local_name));
        spi.exec("ALTER FOREIGN TABLE " + quote_qualified(staging, local_name) + " SET SCHEMA " +
                 quote_ident(*source.import_schema));
    }
    spi.exec("DROP SCHEMA " + quote_ident(staging) + " CASCADE");
    return imported;
}

bool starts_with(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

// Postgres' own schemas (every pg_ name is reserved for them) and graphgate's: tracking a table
// there would publish system catalogs (pg_authid's password hashes) or graphgate's catalog.  In
// this database the schemas of remote sources are refused too: their foreign tables are tracked
// as tables of their source.
void refuse_system_schema(Spi& spi, const Source& source, const TableName& table) {
    const std::string& schema = table.schema;
    std::string why;
    if (starts_with(schema, "pg_") || schema == "information_schema") why = "is a system schema";
    else if (schema == "graphgate" || schema == "graphgate_rel") why = "is graphgate's own";
    if (why.empty() && source.is_local()) {
        if (starts_with(schema, "graphgate_import_")) why = "is graphgate's own";
        else if (Value owner = spi.scalar("SELECT name FROM graphgate.sources WHERE import_schema = $1", {schema}))
            throw MetadataError("not-supported", "cannot track \"" + table.display() + "\" in source \"" +
                                                     source.name + "\": schema \"" + schema +
                                                     "\" holds the tables graphgate imported from source \"" +
                                                     *owner + "\"")
                .with_hint("Track the table in source \"" + *owner + "\" instead.");
    }
    if (!why.empty())
        throw MetadataError("not-supported", "cannot track \"" + table.display() + "\" in source \"" +
                                                 source.name + "\": schema \"" + schema + "\" " + why)
            .with_hint("Track tables of your own schemas; a view of what you need can be tracked instead.");
}

std::vector<std::string> column_names(Spi& spi, const std::string& schema, const std::string& name) {
    Rows rows = spi.query(
        "SELECT a.attname FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        {schema, name});
    std::vector<std::string> out;
    for (auto& row : rows.rows) out.push_back(*row[0]);
    return out;
}

}  // namespace

Value row_estimate_of(const Json& description) {
    auto estimate = description.find("row_estimate");
    if (estimate == description.end() || !estimate->is_number()) return std::nullopt;
    return estimate->dump();
}

std::optional<Json> describe_table(Spi& spi, const Source& source, const TableName& table) {
    Value description;
    if (source.is_local()) {
        description = spi.scalar(kDescribeRelation, {table.schema, table.name});
    } else if (source.kind == "postgres") {
        RemoteConnection remote(source.name, fdw_connection_options(*source.server));
        Rows rows = remote.query(kDescribeRelation, {table.schema, table.name});
        if (!rows.empty()) description = rows.rows[0][0];
    } else {
        return Json{{"primary_key", Json::array()},
                    {"unique_keys", Json::array()},
                    {"foreign_keys", Json::array()},
                    {"row_estimate", nullptr}};
    }
    if (!description) return std::nullopt;
    return parse_json(*description);
}

std::optional<TrackedTable> find_tracked_table(Spi& spi, const Source& source, const TableName& table) {
    Rows rows = spi.query(
        "SELECT local_schema, local_name, primary_key::text, foreign_keys::text FROM graphgate.tables "
        "WHERE source = $1 AND table_schema = $2 AND table_name = $3",
        {source.name, table.schema, table.name});
    if (rows.empty()) return std::nullopt;
    return TrackedTable{source.name, table, *rows.at(0, "local_schema"), *rows.at(0, "local_name"),
                        parse_json(*rows.at(0, "primary_key")),
                        parse_json(*rows.at(0, "foreign_keys"))};
}

TrackedTable find_or_track_table(Spi& spi, const Source& source, const TableName& table) {
    if (auto found = find_tracked_table(spi, source, table)) return *found;
    track_table(spi, TrackTable{source.name, table, Json::object()});
    return *find_tracked_table(spi, source, table);
}

void track_table(Spi& spi, const TrackTable& cmd) {
    Source source = find_source(spi, cmd.source);
    refuse_system_schema(spi, source, cmd.table);
    if (find_tracked_table(spi, source, cmd.table))
        throw MetadataError("already-tracked", "view/table already tracked: \"" + cmd.table.display() +
                                                  "\" in source \"" + source.name + "\"");

    std::string local_schema = cmd.table.schema;
    std::string local_name = cmd.table.name;
    if (!source.is_local()) {
        local_schema = *source.import_schema;
        local_name = local_name_for(cmd.table);
        if (spi.scalar("SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                       "WHERE n.nspname = $1 AND c.relname = $2",
                       {local_schema, local_name}))
            throw MetadataError("already-exists", "relation \"" + local_schema + "." + local_name +
                                                      "\" already exists, so table \"" + cmd.table.display() +
                                                      "\" of source \"" + source.name + "\" cannot be imported");
    }
    std::optional<Json> keys = describe_table(spi, source, cmd.table);
    if (!keys) throw no_such_table(source, cmd.table);
    if (!source.is_local() && !import_foreign_table(spi, source, cmd.table, local_name))
        throw no_such_table(source, cmd.table);
    check_graphql_names(cmd.table, cmd.configuration, column_names(spi, local_schema, local_name));

    spi.exec(
        "INSERT INTO graphgate.tables (source, table_schema, table_name, local_schema, local_name, primary_key, "
        "unique_keys, foreign_keys, configuration, row_estimate) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, "
        "$8::jsonb, $9::jsonb, $10::float8)",
        {source.name, cmd.table.schema, cmd.table.name, local_schema, local_name,
         (*keys)["primary_key"].dump(), (*keys)["unique_keys"].dump(), (*keys)["foreign_keys"].dump(),
         cmd.configuration.dump(), row_estimate_of(*keys)});
    if (cmd.is_enum) set_enum(spi, *find_tracked_table(spi, source, cmd.table), true);
}

void set_table_customization(Spi& spi, const SetTableCustomization& cmd) {
    Source source = find_source(spi, cmd.source);
    std::optional<TrackedTable> tracked = find_tracked_table(spi, source, cmd.table);
    if (!tracked)
        throw MetadataError("not-exists", "table \"" + cmd.table.display() + "\" is not tracked in source \"" +
                                              source.name + "\"");
    check_graphql_names(cmd.table, cmd.configuration, column_names(spi, tracked->local_schema, tracked->local_name));
    spi.exec("UPDATE graphgate.tables SET configuration = $4::jsonb WHERE source = $1 AND table_schema = $2 AND table_name = $3",
             {source.name, cmd.table.schema, cmd.table.name, cmd.configuration.dump()});
}

void untrack_table(Spi& spi, const UntrackTable& cmd) {
    Source source = find_source(spi, cmd.source);
    Rows dependents = spi.query(
        "SELECT source, table_schema, table_name, name FROM graphgate.relationships "
        "WHERE (source = $1 AND table_schema = $2 AND table_name = $3) "
        "   OR (target_source = $1 AND target_schema = $2 AND target_table = $3) ORDER BY 1, 2, 3, 4",
        {source.name, cmd.table.schema, cmd.table.name});
    if (!dependents.empty() && !cmd.cascade) {
        std::string list;
        for (auto& row : dependents.rows) list += (list.empty() ? "" : ", ") + *row[3] + " (on " + *row[1] + "." + *row[2] + ")";
        throw MetadataError("dependency-error", "cannot untrack table \"" + cmd.table.display() + "\" of source \"" +
                                                    source.name + "\": relationships depend on it")
            .with_detail("relationships: " + list)
            .with_hint("Drop them first, or untrack with cascade.");
    }
    for (auto& row : dependents.rows)
        drop_relationship(spi, DropRelationship{*row[0], TableName{*row[1], *row[2]}, *row[3], false, false});
    Rows rows = spi.query(
        "DELETE FROM graphgate.tables WHERE source = $1 AND table_schema = $2 AND table_name = $3 "
        "RETURNING local_schema, local_name",
        {source.name, cmd.table.schema, cmd.table.name});
    if (rows.empty())
        throw MetadataError("not-exists", "table \"" + cmd.table.display() + "\" is not tracked in source \"" +
                                              source.name + "\"");
    // The foreign table was made by track_table; a local table is the user's and stays.
    if (!source.is_local())
        spi.exec("DROP FOREIGN TABLE IF EXISTS " + quote_qualified(*rows.at(0, "local_schema"), *rows.at(0, "local_name")));
}

}  // namespace graphgate::pg
