#pragma once
// SQL functions in the metadata: computed fields (pg_add_computed_field, pg_drop_computed_field)
// and tracked functions (pg_track_function, pg_untrack_function), in Hasura's request shapes;
// what a source's catalog says of a function (FunctionDescription, read by the pg layer with
// describe_function_sql on this database or a remote one); and Hasura's checks of a function for
// either use, which decide how GraphQL calls it (FunctionCallShape).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "core/metadata/table_name.hpp"

namespace graphgate {

// A function is named like a table: "name", "schema.name" or {"schema", "name"}.
using FunctionName = TableName;

struct AddComputedField {
    std::string source;
    TableName table;
    std::string name;
    FunctionName function;
    std::optional<std::string> table_argument;    // the row's argument by name (else the first)
    std::optional<std::string> session_argument;  // passed the session variables as json
    std::optional<std::string> comment;
};

struct DropComputedField {
    std::string source;
    TableName table;
    std::string name;
};

struct TrackFunction {
    std::string source;
    FunctionName function;
    // Hasura's configuration: custom_name, custom_root_fields {function, function_aggregate},
    // session_argument, exposed_as ("query" | "mutation").
    Json configuration = Json::object();
};

struct UntrackFunction {
    std::string source;
    FunctionName function;
};

// Parsing of the args of each request (path: where args is); throws MetadataError.
AddComputedField parse_add_computed_field(const Json& args, const std::string& path, const std::string& source);
DropComputedField parse_drop_computed_field(const Json& args, const std::string& path, const std::string& source);
TrackFunction parse_track_function(const Json& args, const std::string& path, const std::string& source);
UntrackFunction parse_untrack_function(const Json& args, const std::string& path, const std::string& source);

// A computed field as a metadata document has it ({"name", "definition", "comment"}) and back.
Json computed_field_json(const AddComputedField& field);
AddComputedField parse_computed_field_entry(const Json& entry, const std::string& path, const std::string& source,
                                            const TableName& table);
// A tracked function in a document ({"function", "configuration"}) and back.
Json tracked_function_json(const TrackFunction& function);

// One input argument of a function, as its catalog says.
struct FunctionArgument {
    std::string name;                 // empty when unnamed
    std::string type;                 // format_type()
    bool composite = false;
    std::optional<TableName> table;   // a composite type's table (a table's row type)
    bool has_default = false;
};

struct FunctionDescription {
    char volatility = 'v';            // i, s, v (pg_proc.provolatile)
    bool returns_set = false;
    std::string return_type;          // format_type()
    char return_kind = 'b';           // pg_type.typtype
    std::optional<TableName> return_table;  // a composite return type's table
    bool variadic = false;
    std::vector<FunctionArgument> arguments;
    std::string description;          // the function's comment

    static FunctionDescription from_json(const Json& description);
    bool is_volatile() const { return volatility == 'v'; }
};

// The query that describes a function ($1 schema, $2 name): one row per function of that name
// (overloads make several), one json column.  It runs unchanged on this database and on a remote
// one.
extern const char* const describe_function_sql;

// How GraphQL calls a function that passed the checks: which argument takes the row (computed
// fields) and which the session, and the rest, which GraphQL's `args` gives.
struct FunctionCallShape {
    std::optional<std::string> table_argument;  // by name; nullopt with table_first: the first
    bool table_first = false;
    std::optional<std::string> session_argument;
    std::string session_type;                   // json or jsonb
    std::vector<FunctionArgument> inputs;
    bool returns_table = false;                 // SETOF a table (else a scalar)
    std::optional<TableName> return_table;
    std::string return_type;
};

// Hasura's checks for a computed field of `table` (not-supported, its messages, all the reasons
// at once); `tracked(t)` says whether a table is tracked in the field's source.
FunctionCallShape check_computed_field(const AddComputedField& field, const FunctionDescription& f,
                                       const std::function<bool(const TableName&)>& tracked);
// Hasura's checks for a tracked function; the return table's tracking is checked by the caller.
FunctionCallShape check_tracked_function(const TrackFunction& function, const FunctionDescription& f);

// A tracked function's GraphQL name (configuration.custom_name, or "name" in schema public and
// "schema_name" elsewhere), its root fields, and whether it is a mutation.
std::string function_graphql_name(const FunctionName& function, const Json& configuration);
std::string function_root_field(const FunctionName& function, const Json& configuration, const char* key);
bool function_is_mutation(const Json& configuration, const FunctionDescription& f);

}  // namespace graphgate
