#pragma once
// Hasura metadata/query API request bodies ({"type": ..., "args": ...}) parsed into typed
// commands.  Parsing checks shape only; whether a source or table exists is the executor's job.
#include "core/json.hpp"
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/metadata/relationships.hpp"
#include "core/metadata/sql_functions.hpp"
#include "core/metadata/table_name.hpp"

namespace graphgate {

struct AddSource {
    std::string name;
    std::optional<std::string> connection;  // libpq conninfo or URI
    std::optional<std::string> server;      // adopt this existing foreign server instead
    Json customization = Json::object();
    bool replace_configuration = false;
};

struct DropSource {
    std::string name;
    bool cascade = false;
};

struct TrackTable {
    std::string source;
    TableName table;
    Json configuration = Json::object();
    bool is_enum = false;  // Hasura's enum table: its rows become a GraphQL enum
};

// pg_set_table_is_enum: makes a tracked table an enum table (checked as when tracked) or not.
struct SetTableIsEnum {
    std::string source;
    TableName table;
    bool is_enum = false;
};

// pg_set_table_customization: the table's configuration replaced whole, as in Hasura.
struct SetTableCustomization {
    std::string source;
    TableName table;
    Json configuration = Json::object();
};

struct UntrackTable {
    std::string source;
    TableName table;
    bool cascade = false;
};

struct ExportMetadata {};
struct ReplaceMetadata {
    Json document;
};
struct ReloadMetadata {};
struct GetInconsistentMetadata {};

struct ParsedRequest;
// Hasura's bulk: every command applies, or none does.
struct Bulk {
    std::vector<ParsedRequest> requests;
};

using Command = std::variant<AddSource, DropSource, TrackTable, SetTableCustomization, SetTableIsEnum, UntrackTable,
                             CreateRelationship,
                             CreateRemoteRelationship, DropRelationship, ExportMetadata, ReplaceMetadata,
                             ReloadMetadata, GetInconsistentMetadata, AddComputedField, DropComputedField,
                             TrackFunction, UntrackFunction, Bulk>;

struct ParsedRequest {
    std::string type;  // as written in the request
    std::string path;  // JSONPath of this request inside the body ("$" or "$.args[2]")
    Command command;
};

// Parses one request body.  Throws MetadataError with Hasura's code and path.
ParsedRequest parse_metadata_request(const Json& body, const std::string& path = "$");

// pg_add_source's args ({"name", "configuration", "customization"}), also the shape of a source
// in a metadata document.  `extra_keys` are keys the caller reads itself.
AddSource parse_add_source_args(const Json& args, const std::string& path,
                                const std::vector<std::string>& extra_keys = {});

// A local relationship as it appears in a request's args or a document ({"name", "using"}),
// defined on `table` of `source`.
CreateRelationship parse_relationship_entry(RelationshipKind kind, const Json& entry, const std::string& path,
                                            const std::string& source, const TableName& table,
                                            const std::vector<std::string>& extra_keys = {});

// A libpq conninfo string of key/value pairs, every value quoted.
std::string conninfo_from_options(const std::vector<std::pair<std::string, std::string>>& options);

// Builds a libpq conninfo string from Hasura's connection_parameters object
// ({"host","port","database","username","password"}), quoting every value.
std::string conninfo_from_parameters(const Json& parameters, const std::string& path);

// The source Hasura requests name when they leave "source" out.
inline constexpr const char* kDefaultSource = "default";

}  // namespace graphgate
