#include "core/metadata/sql_functions.hpp"

#include "core/metadata/error.hpp"
#include "core/metadata/json_reader.hpp"
#include "core/schema/type_names.hpp"

namespace graphgate {
namespace {

std::string dq(const std::string& text) { return "\"" + text + "\""; }

std::optional<std::string> optional_name(JsonReader& reader, const char* key) {
    std::optional<std::string> name = reader.optional_string(key);
    if (name && name->empty()) throw MetadataError("parse-failed", std::string(key) + " must not be empty", reader.path_of(key));
    return name;
}

std::string required_name(JsonReader& reader, const char* key) {
    std::string name = reader.required_string(key);
    if (name.empty()) throw MetadataError("parse-failed", std::string(key) + " must not be empty", reader.path_of(key));
    return name;
}

void read_definition(JsonReader& definition, AddComputedField& out) {
    out.function = parse_table_name(definition.required("function"), definition.path_of("function"));
    out.table_argument = optional_name(definition, "table_argument");
    out.session_argument = optional_name(definition, "session_argument");
    definition.reject_unknown_keys();
}

// Hasura's makeReasonMessage: one reason after "because", several as a list.
std::string reasons(const std::vector<std::string>& all) {
    if (all.size() == 1) return "because " + all[0];
    std::string out = "for the following reasons:\n";
    for (const std::string& r : all) out += "  • " + r + "\n";
    return out;
}

bool is_json_type(const std::string& type) { return type == "json" || type == "jsonb"; }

const FunctionArgument* argument_named(const FunctionDescription& f, const std::string& name) {
    for (const FunctionArgument& a : f.arguments)
        if (a.name == name) return &a;
    return nullptr;
}

// The arguments GraphQL's `args` gives: all but the row's and the session's, each named with a
// GraphQL name (graphgate passes them by name, so that defaults can be left out).
std::vector<FunctionArgument> user_inputs(const FunctionDescription& f, const FunctionCallShape& shape,
                                          const std::string& function, std::vector<std::string>& problems) {
    std::vector<FunctionArgument> out;
    for (size_t i = 0; i < f.arguments.size(); ++i) {
        const FunctionArgument& a = f.arguments[i];
        if (shape.table_first && i == 0) continue;
        if (shape.table_argument && a.name == *shape.table_argument) continue;
        if (shape.session_argument && a.name == *shape.session_argument) continue;
        if (a.name.empty())
            problems.push_back("input argument " + std::to_string(i + 1) + " of the function " + dq(function) +
                               " has no name (graphgate passes arguments by name)");
        else if (!schema::is_valid_graphql_name(a.name))
            problems.push_back("the function arguments " + a.name + " are not in compliance with GraphQL spec");
        out.push_back(a);
    }
    return out;
}

std::optional<TableName> table_of(const Json& value) {
    if (!value.is_object()) return std::nullopt;
    return TableName{value.value("schema", std::string()), value.value("name", std::string())};
}

}  // namespace

AddComputedField parse_add_computed_field(const Json& args, const std::string& path, const std::string& source) {
    JsonReader reader(args, path);
    reader.optional("source");
    AddComputedField out;
    out.source = source;
    out.table = parse_table_name(reader.required("table"), reader.path_of("table"));
    out.name = required_name(reader, "name");
    JsonReader definition(reader.required("definition"), reader.path_of("definition"));
    read_definition(definition, out);
    out.comment = reader.optional_string("comment");
    reader.reject_unknown_keys();
    return out;
}

DropComputedField parse_drop_computed_field(const Json& args, const std::string& path, const std::string& source) {
    JsonReader reader(args, path);
    reader.optional("source");
    reader.optional("cascade");  // nothing depends on a computed field in graphgate
    DropComputedField out{source, parse_table_name(reader.required("table"), reader.path_of("table")),
                          required_name(reader, "name")};
    reader.reject_unknown_keys();
    return out;
}

TrackFunction parse_track_function(const Json& args, const std::string& path, const std::string& source) {
    JsonReader reader(args, path);
    reader.optional("source");
    TrackFunction out;
    out.source = source;
    out.function = parse_table_name(reader.required("function"), reader.path_of("function"));
    if (const Json* c = reader.optional("configuration")) {
        JsonReader config(*c, reader.path_of("configuration"));
        optional_name(config, "custom_name");
        optional_name(config, "session_argument");
        if (const Json* roots = config.optional("custom_root_fields")) {
            JsonReader r(*roots, config.path_of("custom_root_fields"));
            optional_name(r, "function");
            optional_name(r, "function_aggregate");
            r.reject_unknown_keys();
        }
        if (auto exposed = config.optional_string("exposed_as"); exposed && *exposed != "query" && *exposed != "mutation")
            throw MetadataError("parse-failed", "exposed_as must be \"query\" or \"mutation\"", config.path_of("exposed_as"));
        config.reject_unknown_keys();
        out.configuration = *c;
    }
    reader.optional("comment");
    reader.reject_unknown_keys();
    return out;
}

UntrackFunction parse_untrack_function(const Json& args, const std::string& path, const std::string& source) {
    JsonReader reader(args, path);
    reader.optional("source");
    // Hasura's untrack takes {"function": ...}; its legacy form names the function at the top.
    UntrackFunction out{source, reader.has("function")
                                    ? parse_table_name(reader.required("function"), reader.path_of("function"))
                                    : parse_table_name(args, path)};
    if (!reader.has("function")) reader.accept_all_keys();
    reader.reject_unknown_keys();
    return out;
}

Json computed_field_json(const AddComputedField& field) {
    Json definition = {{"function", field.function.to_json()}};
    if (field.table_argument) definition["table_argument"] = *field.table_argument;
    if (field.session_argument) definition["session_argument"] = *field.session_argument;
    Json out = {{"name", field.name}, {"definition", sorted_keys(definition)}};
    if (field.comment) out["comment"] = *field.comment;
    return out;
}

AddComputedField parse_computed_field_entry(const Json& entry, const std::string& path, const std::string& source,
                                            const TableName& table) {
    JsonReader reader(entry, path);
    AddComputedField out;
    out.source = source;
    out.table = table;
    out.name = required_name(reader, "name");
    JsonReader definition(reader.required("definition"), reader.path_of("definition"));
    read_definition(definition, out);
    out.comment = reader.optional_string("comment");
    reader.reject_unknown_keys();
    return out;
}

Json tracked_function_json(const TrackFunction& function) {
    Json out = {{"function", function.function.to_json()}};
    if (!function.configuration.empty()) out["configuration"] = sorted_keys(function.configuration);
    return out;
}

FunctionDescription FunctionDescription::from_json(const Json& d) {
    // A pg_catalog "char" as JSON text: its one letter.
    auto letter = [&](const char* key, char fallback) {
        auto it = d.find(key);
        return it != d.end() && it->is_string() && !it->get<std::string>().empty() ? it->get<std::string>()[0] : fallback;
    };
    FunctionDescription out;
    out.volatility = letter("volatility", 'v');
    out.returns_set = d.value("returns_set", false);
    out.return_type = d.value("return_type", std::string());
    out.return_kind = letter("return_kind", 'b');
    if (auto t = d.find("return_table"); t != d.end()) out.return_table = table_of(*t);
    out.variadic = d.value("variadic", false);
    if (auto c = d.find("description"); c != d.end() && c->is_string()) out.description = c->get<std::string>();
    const Json& args = d.value("arguments", Json::array());
    size_t defaults = d.value("defaults", 0);
    for (size_t i = 0; i < args.size(); ++i) {
        FunctionArgument a;
        a.name = args[i].value("name", std::string());
        a.type = args[i].value("type", std::string());
        a.composite = args[i].value("composite", false);
        if (auto t = args[i].find("table"); t != args[i].end()) a.table = table_of(*t);
        a.has_default = i + defaults >= args.size();  // only the last arguments have defaults
        out.arguments.push_back(std::move(a));
    }
    return out;
}

// format_type() runs with search_path pinned to pg_catalog, so types of other schemas come
// schema-qualified, as the columns' types do.
const char* const describe_function_sql = R"SQL(
SELECT pg_catalog.json_build_object(
  'volatility', p.provolatile::text,
  'returns_set', p.proretset,
  'return_type', pg_catalog.format_type(p.prorettype, NULL),
  'return_kind', rt.typtype::text,
  'return_table', (SELECT pg_catalog.json_build_object('schema', rn.nspname, 'name', rc.relname)
                   FROM pg_catalog.pg_class rc JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
                   WHERE rc.oid = rt.typrelid AND rt.typtype = 'c'),
  'variadic', p.provariadic <> 0,
  'defaults', p.pronargdefaults,
  'description', pg_catalog.obj_description(p.oid, 'pg_proc'),
  'arguments', coalesce((
      SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
               'name', coalesce(a.name, ''),
               'type', pg_catalog.format_type(a.type, NULL),
               'composite', at.typtype = 'c',
               'table', (SELECT pg_catalog.json_build_object('schema', an.nspname, 'name', ac.relname)
                         FROM pg_catalog.pg_class ac JOIN pg_catalog.pg_namespace an ON an.oid = ac.relnamespace
                         WHERE ac.oid = at.typrelid AND at.typtype = 'c')) ORDER BY a.n)
      FROM unnest(coalesce(p.proallargtypes, p.proargtypes::pg_catalog.oid[]),
                  coalesce(p.proargmodes, pg_catalog.array_fill('i'::"char", ARRAY[p.pronargs::int])),
                  coalesce(p.proargnames, pg_catalog.array_fill(''::text,
                           ARRAY[coalesce(pg_catalog.array_length(p.proallargtypes, 1), p.pronargs::int)])))
           WITH ORDINALITY a(type, mode, name, n)
      JOIN pg_catalog.pg_type at ON at.oid = a.type
      WHERE a.mode IN ('i', 'b', 'v')), '[]'))::text
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_type rt ON rt.oid = p.prorettype
WHERE n.nspname = $1 AND p.proname = $2 AND p.prokind = 'f'
)SQL";

FunctionCallShape check_computed_field(const AddComputedField& field, const FunctionDescription& f,
                                       const std::function<bool(const TableName&)>& tracked) {
    const std::string fn = field.function.display();
    std::vector<std::string> problems;
    FunctionCallShape shape;
    if (!schema::is_valid_graphql_name(field.name)) problems.push_back(dq(field.name) + " is not valid GraphQL name");
    if (f.is_volatile())
        problems.push_back("the function " + dq(fn) + " is of type VOLATILE; cannot be added as a computed field");
    if (f.return_table) {
        shape.returns_table = true;
        shape.return_table = f.return_table;
        if (!f.returns_set || !tracked(*f.return_table))
            problems.push_back("the function " + dq(fn) + " returning set of table " +
                               dq(f.return_table->display()) + " is not tracked or not found in database");
    } else {
        shape.return_type = f.return_type;
        if (f.return_kind != 'b' || f.returns_set)
            problems.push_back("the function " + dq(fn) + " returning type " + f.return_type + " is not a BASE type");
    }
    auto check_table_argument = [&](const FunctionArgument& a, const std::string& which) {
        if (!a.composite) problems.push_back(which + " is not COMPOSITE type");
        else if (!a.table || !(*a.table == field.table))
            problems.push_back(which + " of type " + dq(a.table ? a.table->display() : a.type) +
                               " is not the table to which the computed field is being added");
    };
    if (field.table_argument) {
        const FunctionArgument* a = argument_named(f, *field.table_argument);
        if (!a) {
            // Without the row's argument the others cannot be told apart: Hasura stops here too.
            problems.push_back(dq(*field.table_argument) + " is not an input argument of the function " + dq(fn));
            throw MetadataError("not-supported", "the computed field " + dq(field.name) + " cannot be added to table " +
                                                     dq(field.table.display()) + " " + reasons(problems));
        } else {
            shape.table_argument = field.table_argument;
            check_table_argument(*a, dq(*field.table_argument) + " argument of the function " + dq(fn));
        }
    } else if (f.arguments.empty()) {
        problems.push_back("the function " + dq(fn) + " has no input arguments");
    } else {
        shape.table_first = true;
        check_table_argument(f.arguments[0], "first argument of the function " + dq(fn));
    }
    if (field.session_argument) {
        const FunctionArgument* a = argument_named(f, *field.session_argument);
        if (!a) {
            problems.push_back(dq(*field.session_argument) + " is not an input argument of the function " + dq(fn));
        } else if (!is_json_type(a->type)) {
            problems.push_back(dq(*field.session_argument) + " argument of the function " + dq(fn) +
                               " is not of type JSON");
        } else {
            shape.session_argument = field.session_argument;
            shape.session_type = a->type;
        }
    }
    shape.inputs = user_inputs(f, shape, fn, problems);
    if (!problems.empty())
        throw MetadataError("not-supported", "the computed field " + dq(field.name) + " cannot be added to table " +
                                                 dq(field.table.display()) + " " + reasons(problems));
    return shape;
}

FunctionCallShape check_tracked_function(const TrackFunction& function, const FunctionDescription& f) {
    const std::string fn = function.function.display();
    std::vector<std::string> problems;
    FunctionCallShape shape;
    if (f.variadic) problems.push_back("function with \"VARIADIC\" parameters are not supported");
    if (f.return_kind != 'c') problems.push_back("the function does not return a \"COMPOSITE\" type");
    if (!f.returns_set) problems.push_back("the function does not return a SETOF");
    if (!f.return_table) problems.push_back("the function does not return a SETOF table");
    shape.returns_table = true;
    shape.return_table = f.return_table;
    if (auto session = function.configuration.find("session_argument");
        session != function.configuration.end() && session->is_string()) {
        std::string name = session->get<std::string>();
        const FunctionArgument* a = argument_named(f, name);
        if (!a) {
            problems.push_back("given session argument " + dq(name) + " not the input argument of the function");
        } else if (!is_json_type(a->type)) {
            problems.push_back("given session argument " + dq(name) + " is not of type json");
        } else {
            shape.session_argument = name;
            shape.session_type = a->type;
        }
    }
    shape.inputs = user_inputs(f, shape, fn, problems);
    if (!problems.empty())
        throw MetadataError("not-supported", "the function " + dq(fn) + " cannot be tracked " + reasons(problems));
    return shape;
}

std::string function_graphql_name(const FunctionName& function, const Json& configuration) {
    if (auto c = configuration.find("custom_name"); c != configuration.end() && c->is_string()) return c->get<std::string>();
    return function.schema == "public" ? function.name : function.schema + "_" + function.name;
}

std::string function_root_field(const FunctionName& function, const Json& configuration, const char* key) {
    std::string base = function_graphql_name(function, configuration);
    auto roots = configuration.find("custom_root_fields");
    if (roots != configuration.end() && roots->is_object())
        if (auto c = roots->find(key); c != roots->end() && c->is_string()) return c->get<std::string>();
    return std::string(key) == "function_aggregate" ? base + "_aggregate" : base;
}

bool function_is_mutation(const Json& configuration, const FunctionDescription& f) {
    auto exposed = configuration.find("exposed_as");
    if (exposed != configuration.end() && exposed->is_string()) return exposed->get<std::string>() == "mutation";
    return f.is_volatile();  // Hasura's default
}

}  // namespace graphgate
