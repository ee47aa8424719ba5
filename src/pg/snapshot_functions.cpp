#include "pg/snapshot_functions.hpp"

#include "core/metadata/sql_functions.hpp"

namespace graphgate::pg {
namespace {

using schema::FunctionCallInfo;

// The role may run the function (every function of that name: one was tracked, and any other
// is an overload made since).
constexpr const char* kExecutable = R"SQL(
(s.kind <> 'local' OR EXISTS (
   SELECT FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname = %SCHEMA% AND p.proname = %NAME%
     AND pg_catalog.has_function_privilege($1::oid, p.oid, 'EXECUTE')))
)SQL";

std::string executable(const std::string& schema, const std::string& name) {
    std::string sql = kExecutable;
    sql.replace(sql.find("%SCHEMA%"), 8, schema);
    sql.replace(sql.find("%NAME%"), 6, name);
    return sql;
}

const std::string kComputedFields =
    "SELECT f.source, f.table_schema, f.table_name, f.name, f.definition::text, f.comment, f.function::text "
    "FROM graphgate.computed_fields f "
    "JOIN graphgate.tables t USING (source, table_schema, table_name) "
    "JOIN graphgate.sources s ON s.name = f.source "
    "WHERE " + executable("f.definition #>> '{function,schema}'", "f.definition #>> '{function,name}'") +
    "  AND NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a "
    "                  WHERE a.attrelid = pg_catalog.to_regclass(pg_catalog.format('%I.%I', t.local_schema, t.local_name)) "
    "                    AND a.attnum > 0 AND NOT a.attisdropped "
    "                    AND NOT pg_catalog.has_column_privilege($1::oid, a.attrelid, a.attnum, 'SELECT')) "
    "ORDER BY 1, 2, 3, 4";

const std::string kFunctions =
    "SELECT f.source, f.function_schema, f.function_name, f.configuration::text, f.function::text, "
    "       f.return_schema, f.return_table "
    "FROM graphgate.functions f JOIN graphgate.sources s ON s.name = f.source "
    "WHERE " + executable("f.function_schema", "f.function_name") + " ORDER BY 1, 2, 3";

FunctionCallInfo call_info(const FunctionName& name, const FunctionCallShape& shape, std::string graphql_name) {
    FunctionCallInfo out;
    out.schema = name.schema;
    out.name = name.name;
    out.graphql_name = std::move(graphql_name);
    out.table_first = shape.table_first;
    out.table_argument = shape.table_argument;
    out.session_argument = shape.session_argument;
    out.session_type = shape.session_type;
    for (const FunctionArgument& a : shape.inputs) {
        schema::FunctionArgInfo arg;
        arg.name = a.name;
        arg.pg_type = a.type;
        std::tie(arg.scalar, arg.kind) = schema::scalar_for_pg_type(a.type);
        arg.has_default = a.has_default;
        out.args.push_back(std::move(arg));
    }
    return out;
}

}  // namespace

void read_sql_functions(Spi& spi, const std::string& role, schema::CatalogSnapshot& snapshot,
                        const std::map<std::tuple<std::string, std::string, std::string>, size_t>& tables) {
    Rows computed = spi.query(kComputedFields, {role});
    for (auto& row : computed.rows) {
        auto table = tables.find({*row[0], *row[1], *row[2]});
        if (table == tables.end()) continue;
        TableName table_name{*row[1], *row[2]};
        Json entry = {{"name", *row[3]}, {"definition", parse_json(*row[4])}};
        AddComputedField field = parse_computed_field_entry(entry, "$", *row[0], table_name);
        FunctionDescription description = FunctionDescription::from_json(parse_json(*row[6]));
        // It passed these checks when it was added, against the same description.
        FunctionCallShape shape = check_computed_field(field, description, [](const TableName&) { return true; });
        schema::ComputedFieldInfo info;
        info.name = field.name;
        info.description = row[5] ? *row[5] : description.description;
        info.function = call_info(field.function, shape, function_graphql_name(field.function, Json::object()));
        info.returns_table = shape.returns_table;
        if (shape.returns_table) {
            auto target = tables.find({*row[0], shape.return_table->schema, shape.return_table->name});
            if (target == tables.end()) continue;  // a table the role cannot see
            info.target = target->second;
        } else {
            info.pg_type = shape.return_type;
            std::tie(info.scalar, info.kind) = schema::scalar_for_pg_type(shape.return_type);
        }
        snapshot.tables[table->second].computed_fields.push_back(std::move(info));
    }
    Rows functions = spi.query(kFunctions, {role});
    for (auto& row : functions.rows) {
        auto target = tables.find({*row[0], *row[5], *row[6]});
        if (target == tables.end()) continue;
        TrackFunction tracked{*row[0], FunctionName{*row[1], *row[2]}, parse_json(*row[3])};
        FunctionDescription description = FunctionDescription::from_json(parse_json(*row[4]));
        FunctionCallShape shape = check_tracked_function(tracked, description);
        schema::FunctionInfo info;
        info.function = call_info(tracked.function, shape, function_graphql_name(tracked.function, tracked.configuration));
        info.description = description.description;
        info.target = target->second;
        info.is_mutation = function_is_mutation(tracked.configuration, description);
        info.field = function_root_field(tracked.function, tracked.configuration, "function");
        info.aggregate_field = function_root_field(tracked.function, tracked.configuration, "function_aggregate");
        snapshot.functions.push_back(std::move(info));
    }
}

}  // namespace graphgate::pg
