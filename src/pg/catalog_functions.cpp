// SQL functions in the catalog: computed fields (pg_add_computed_field, pg_drop_computed_field)
// and tracked functions (pg_track_function, pg_untrack_function).  A function is described by
// its source's catalog when it is added (this database's through SPI, a remote source's through
// a connection of its own, as its tables' keys are), checked as Hasura checks it, and the
// description kept with it.
#include "core/metadata/error.hpp"
#include "core/metadata/sql_functions.hpp"
#include "core/schema/type_names.hpp"
#include "pg/catalog.hpp"
#include "pg/remote_connection.hpp"

namespace graphgate::pg {
namespace {

std::string dq(const std::string& text) { return "\"" + text + "\""; }

// The function's description (raw: as stored) from its source's catalog.
FunctionDescription describe_function(Spi& spi, const Source& source, const FunctionName& function, Json& raw) {
    Rows rows;
    if (source.is_local()) {
        rows = spi.query(describe_function_sql, {function.schema, function.name});
    } else if (source.kind == "postgres") {
        RemoteConnection remote(source.name, fdw_connection_options(*source.server));
        rows = remote.query(describe_function_sql, {function.schema, function.name});
    } else {
        throw MetadataError("not-supported", "source " + dq(source.name) +
                                                 " is a foreign server that graphgate cannot read the catalog of, so its "
                                                 "functions cannot be used");
    }
    if (rows.empty()) throw MetadataError("not-exists", "no such function exists in postgres : " + dq(function.display()));
    if (rows.size() > 1)
        throw MetadataError("not-supported",
                            "function " + dq(function.display()) + " is overloaded. Overloaded functions are not supported");
    raw = parse_json(*rows.rows[0][0]);
    return FunctionDescription::from_json(raw);
}

TrackedTable tracked_or_refuse(Spi& spi, const Source& source, const TableName& table) {
    std::optional<TrackedTable> tracked = find_tracked_table(spi, source, table);
    if (!tracked)
        throw MetadataError("not-exists", "table " + dq(table.display()) + " is not tracked in source " + dq(source.name));
    return *tracked;
}

}  // namespace

void add_computed_field(Spi& spi, const AddComputedField& cmd) {
    Source source = find_source(spi, cmd.source);
    TrackedTable table = tracked_or_refuse(spi, source, cmd.table);
    // A field of the table's type already has the name: a column, a relationship, a computed field.
    if (spi.scalar("SELECT 1 FROM pg_catalog.pg_attribute a "
                   "WHERE a.attrelid = pg_catalog.to_regclass(pg_catalog.format('%I.%I', $1, $2)) "
                   "  AND a.attnum > 0 AND NOT a.attisdropped AND a.attname = $3 "
                   "UNION ALL SELECT 1 FROM graphgate.relationships "
                   "WHERE source = $4 AND table_schema = $5 AND table_name = $6 AND name = $3 "
                   "UNION ALL SELECT 1 FROM graphgate.computed_fields "
                   "WHERE source = $4 AND table_schema = $5 AND table_name = $6 AND name = $3",
                   {table.local_schema, table.local_name, cmd.name, source.name, cmd.table.schema, cmd.table.name}))
        throw MetadataError("already-exists", "field " + dq(cmd.name) + " of table " + dq(cmd.table.display()) +
                                                  " already exists (a column, relationship or computed field)");
    Json raw;
    FunctionDescription description = describe_function(spi, source, cmd.function, raw);
    check_computed_field(cmd, description, [&](const TableName& t) { return find_tracked_table(spi, source, t).has_value(); });
    Json entry = computed_field_json(cmd);
    spi.exec("INSERT INTO graphgate.computed_fields (source, table_schema, table_name, name, definition, comment, function) "
             "VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7::jsonb)",
             {source.name, cmd.table.schema, cmd.table.name, cmd.name, entry["definition"].dump(), cmd.comment,
              raw.dump()});
}

void drop_computed_field(Spi& spi, const DropComputedField& cmd) {
    Source source = find_source(spi, cmd.source);
    tracked_or_refuse(spi, source, cmd.table);
    Rows rows = spi.query("DELETE FROM graphgate.computed_fields "
                          "WHERE source = $1 AND table_schema = $2 AND table_name = $3 AND name = $4 RETURNING 1",
                          {source.name, cmd.table.schema, cmd.table.name, cmd.name});
    if (rows.empty())
        throw MetadataError("not-exists", "computed field " + dq(cmd.name) + " does not exist in table " +
                                              dq(cmd.table.display()));
}

void track_function(Spi& spi, const TrackFunction& cmd) {
    Source source = find_source(spi, cmd.source);
    if (spi.scalar("SELECT 1 FROM graphgate.functions WHERE source = $1 AND function_schema = $2 AND function_name = $3",
                   {source.name, cmd.function.schema, cmd.function.name}))
        throw MetadataError("already-tracked", "function already tracked : " + dq(cmd.function.display()));
    std::string name = function_graphql_name(cmd.function, cmd.configuration);
    if (!schema::is_valid_graphql_name(name))
        throw MetadataError("not-supported", "function name " + dq(cmd.function.display()) +
                                                 " is not in compliance with GraphQL spec")
            .with_hint("Give it a custom_name in its configuration.");
    Json raw;
    FunctionDescription description = describe_function(spi, source, cmd.function, raw);
    FunctionCallShape shape = check_tracked_function(cmd, description);
    if (!find_tracked_table(spi, source, *shape.return_table))
        throw MetadataError("not-exists", "table " + dq(shape.return_table->display()) + " is not tracked");
    // Writes to a remote source go through postgres_fdw's transaction, which cannot call a
    // function there; the remote executor's connections run outside the request's transaction.
    if (function_is_mutation(cmd.configuration, description) && !source.is_local())
        throw MetadataError("not-supported", "the function " + dq(cmd.function.display()) + " of remote source " +
                                                 dq(source.name) +
                                                 " cannot be a mutation: graphgate writes to a remote source only "
                                                 "through postgres_fdw, which cannot call functions there")
            .with_hint("Track it with \"exposed_as\": \"query\" if it is safe to run in queries.");
    spi.exec("INSERT INTO graphgate.functions (source, function_schema, function_name, configuration, function, "
             "return_schema, return_table) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7)",
             {source.name, cmd.function.schema, cmd.function.name, cmd.configuration.dump(), raw.dump(),
              shape.return_table->schema, shape.return_table->name});
}

void untrack_function(Spi& spi, const UntrackFunction& cmd) {
    Source source = find_source(spi, cmd.source);
    Rows rows = spi.query("DELETE FROM graphgate.functions WHERE source = $1 AND function_schema = $2 AND function_name = $3 "
                          "RETURNING 1",
                          {source.name, cmd.function.schema, cmd.function.name});
    if (rows.empty())
        throw MetadataError("not-exists", "function " + dq(cmd.function.display()) + " is not tracked in source " +
                                              dq(source.name));
}

}  // namespace graphgate::pg
