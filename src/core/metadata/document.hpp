#pragma once
// The whole metadata as one document, in Hasura's layout (version 3):
//   {"version": 3, "sources": [{"name", "kind", "tables": [{"table", "configuration",
//     "object_relationships", "array_relationships", "remote_relationships"}], "configuration"}]}
// Read by replace_metadata, written by export_metadata; JSON or YAML.
#include "core/json.hpp"
#include <optional>
#include <string>
#include <vector>

#include "core/metadata/relationships.hpp"
#include "core/metadata/requests.hpp"

namespace graphgate {

struct TableDocument {
    TableName table;
    Json configuration = Json::object();
    bool is_enum = false;
    std::vector<CreateRelationship> object_relationships;
    std::vector<CreateRelationship> array_relationships;
    std::vector<CreateRemoteRelationship> remote_relationships;
    std::vector<AddComputedField> computed_fields;
};

struct SourceDocument {
    std::string name;
    // Empty for the database the extension lives in; otherwise how to reach the source.
    std::optional<std::string> connection;
    std::optional<std::string> server;
    Json customization = Json::object();
    std::vector<TableDocument> tables;
    std::vector<TrackFunction> functions;
};

struct MetadataDocument {
    std::vector<SourceDocument> sources;
};

// Parses a document.  Sources named in `local_names` (this database's name and "default") are
// this database: their entry needs no configuration.  Throws MetadataError with the path of the
// bad part; nothing is looked up in any catalog.
MetadataDocument parse_metadata_document(const Json& doc, const std::vector<std::string>& local_names);

Json to_json(const MetadataDocument& doc);

}  // namespace graphgate
