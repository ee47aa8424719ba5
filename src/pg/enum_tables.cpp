// Enum tables (Hasura's is_enum): their rows are read and checked when the table is made an enum
// (tracking, pg_set_table_is_enum) and at reload_metadata, and kept in the catalog, from which
// every schema is built.  A remote source's table is read through its foreign table.
#include <string>
#include <vector>

#include "core/metadata/enum_tables.hpp"
#include "core/metadata/error.hpp"
#include "core/sql/quote.hpp"
#include "pg/catalog.hpp"

namespace graphgate::pg {
namespace {

// More values than any enum a client would want, and a bound on what one schema holds.
constexpr size_t kMaxEnumValues = 10000;

std::string hasura_display(const TableName& table) {
    return table.schema == "public" ? table.name : table.schema + "." + table.name;
}

}  // namespace

Json read_enum_values(Spi& spi, const TrackedTable& table) {
    Rows rows = spi.query(
        "SELECT a.attname, pg_catalog.format_type(a.atttypid, NULL) FROM pg_catalog.pg_attribute a "
        "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        {table.local_schema, table.local_name});
    std::vector<EnumTableColumn> columns;
    for (auto& row : rows.rows) columns.push_back({*row[0], *row[1]});
    std::vector<std::string> primary_key;
    for (const Json& k : table.primary_key) primary_key.push_back(k.get<std::string>());

    EnumTableShape shape = check_enum_table_shape(primary_key, columns);
    Json values = Json::array();
    if (shape.value_column) {
        std::string comment = shape.comment_column ? sql::quote_ident(*shape.comment_column) : "NULL";
        std::string value = sql::quote_ident(*shape.value_column);
        Rows read = spi.query("SELECT " + value + ", " + comment + "::text FROM " +
                              sql::quote_qualified(table.local_schema, table.local_name) + " ORDER BY " + value +
                              " COLLATE \"C\" LIMIT " + std::to_string(kMaxEnumValues + 1));
        std::vector<std::string> names;
        for (auto& row : read.rows) {
            names.push_back(*row[0]);
            values.push_back({{"value", *row[0]}, {"comment", row[1] ? Json(*row[1]) : Json(nullptr)}});
        }
        if (names.size() > kMaxEnumValues)
            shape.problems.push_back("the table has more than " + std::to_string(kMaxEnumValues) +
                                     " rows, more than graphgate takes as an enum's values");
        else
            check_enum_values(names, shape.problems);
    }
    if (!shape.problems.empty())
        throw MetadataError("constraint-violation", enum_table_error(hasura_display(table.table), shape.problems));
    return values;
}

void set_enum(Spi& spi, const TrackedTable& table, bool is_enum) {
    Value values;
    if (is_enum) values = read_enum_values(spi, table).dump();
    spi.exec("UPDATE graphgate.tables SET is_enum = $4::boolean, enum_values = $5::jsonb "
             "WHERE source = $1 AND table_schema = $2 AND table_name = $3 "
             "AND (is_enum, enum_values) IS DISTINCT FROM ($4::boolean, $5::jsonb)",
             {table.source, table.table.schema, table.table.name, is_enum ? "true" : "false", values});
}

void set_table_is_enum(Spi& spi, const SetTableIsEnum& cmd) {
    Source source = find_source(spi, cmd.source);
    std::optional<TrackedTable> tracked = find_tracked_table(spi, source, cmd.table);
    if (!tracked)
        throw MetadataError("not-exists", "table \"" + cmd.table.display() + "\" is not tracked in source \"" +
                                              source.name + "\"");
    set_enum(spi, *tracked, cmd.is_enum);
}

void reload_enum_values(Spi& spi) {
    Rows tables = spi.query("SELECT source, table_schema, table_name FROM graphgate.tables WHERE is_enum ORDER BY 1, 2, 3");
    for (auto& row : tables.rows) {
        Source source = find_source(spi, *row[0]);
        if (auto tracked = find_tracked_table(spi, source, TableName{*row[1], *row[2]})) set_enum(spi, *tracked, true);
    }
}

}  // namespace graphgate::pg
