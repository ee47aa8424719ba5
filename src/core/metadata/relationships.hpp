#pragma once
// Relationship definitions as Hasura writes them: local object/array relationships with a
// `using` clause, and remote source relationships (the seed's `remote_source` object, or
// `definition.to_source`).  Parsed for shape here; resolved against the catalog by pg.
#include "core/json.hpp"
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/metadata/table_name.hpp"

namespace graphgate {

// Pairs of (column of the table the relationship is defined on, column of the target table),
// in a stable order (source column name).
using ColumnMapping = std::vector<std::pair<std::string, std::string>>;

enum class RelationshipKind { Object, Array };
const char* to_string(RelationshipKind kind);

// using: {"foreign_key_constraint_on": "col" | ["a", "b"]} — a foreign key of this table.
struct ForeignKeyOnThisTable {
    std::vector<std::string> columns;
};
// using: {"foreign_key_constraint_on": {"table": t, "column": c | "columns": [...]}} — a foreign
// key of table t that points at this table.
struct ForeignKeyOnOtherTable {
    TableName table;
    std::vector<std::string> columns;
};
// using: {"manual_configuration": {"remote_table": t, "column_mapping": {...}}}
struct ManualConfiguration {
    TableName remote_table;
    ColumnMapping mapping;
};
using RelationshipUsing = std::variant<ForeignKeyOnThisTable, ForeignKeyOnOtherTable, ManualConfiguration>;

struct CreateRelationship {
    RelationshipKind kind = RelationshipKind::Object;
    std::string source;
    TableName table;
    std::string name;
    RelationshipUsing using_clause;
    Json using_json;  // as written, for export
};

struct CreateRemoteRelationship {
    std::string source;
    TableName table;
    std::string name;
    RelationshipKind kind = RelationshipKind::Object;
    std::string target_source;
    TableName target_table;
    ColumnMapping mapping;
    bool replace = false;  // update_remote_relationship
};

struct DropRelationship {
    std::string source;
    TableName table;
    std::string name;
    bool remote_only = false;  // pg_delete_remote_relationship names only remote ones
    bool cascade = false;
};

// using clause of a local relationship; `kind` decides which forms are allowed.
RelationshipUsing parse_relationship_using(RelationshipKind kind, const Json& value, const std::string& path);

// The target of a remote relationship: either the seed's remote_source object or Hasura's
// definition object ({"to_source": {...}}).  Fills kind, target and mapping of `rel`.
void parse_remote_source(const Json& remote_source, const std::string& path, CreateRemoteRelationship& rel);
void parse_remote_definition(const Json& definition, const std::string& path, CreateRemoteRelationship& rel);

// Hasura's definition object for export: {"to_source": {relationship_type, source, table, field_mapping}}.
Json remote_definition_json(const CreateRemoteRelationship& rel);

ColumnMapping parse_column_mapping(const Json& value, const std::string& path, const char* what);
RelationshipKind parse_relationship_type(const Json& value, const std::string& path);

}  // namespace graphgate
