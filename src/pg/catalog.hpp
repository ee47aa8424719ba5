#pragma once
// The graphgate catalog (schema graphgate): sources and tracked tables, and the operations of
// the metadata API that change them.  Callers hold an Spi connection for the current call.
#include <optional>
#include <string>

#include "core/json.hpp"
#include <utility>
#include <vector>

#include "core/metadata/document.hpp"
#include "core/metadata/requests.hpp"
#include "pg/spi.hpp"

namespace graphgate::pg {

struct Source {
    std::string name;          // its one name: current_database() for this database
    std::string kind;          // local | postgres | foreign
    std::optional<std::string> server;
    bool owns_server = false;
    std::optional<std::string> import_schema;

    bool is_local() const { return kind == "local"; }
};

// Resolves a source by name: "default" and current_database() both name this database.
// Throws MetadataError (not-exists) naming the sources there are.
Source find_source(Spi& spi, const std::string& name);
// Renames this database's source to current_database() if the database was renamed or
// restored under another name.  Every operation that may change the catalog calls it first,
// before it reads any catalog row; reads show the new name without it (export, GraphQL).
void name_local_source(Spi& spi);

// A tracked table: where it lives (its source) and the relation in this database that reads it.
struct TrackedTable {
    std::string source;  // catalog key
    TableName table;
    std::string local_schema;
    std::string local_name;
    Json primary_key;
    Json foreign_keys;
};

// The keys of a table as its source's catalog has them ({"primary_key", "unique_keys",
// "foreign_keys", "row_estimate"}); nullopt if the source has no such table.  Empty keys for a
// source of another FDW, whose catalog cannot be read.
std::optional<Json> describe_table(Spi& spi, const Source& source, const TableName& table);
// A description's row estimate as a float8 parameter (NULL when the source does not know it).
Value row_estimate_of(const Json& description);

std::optional<TrackedTable> find_tracked_table(Spi& spi, const Source& source, const TableName& table);
// Like find_tracked_table, but tracks the table first if it is not tracked yet.
TrackedTable find_or_track_table(Spi& spi, const Source& source, const TableName& table);

void add_source(Spi& spi, const AddSource& cmd);
void drop_source(Spi& spi, const DropSource& cmd);
void track_table(Spi& spi, const TrackTable& cmd);
void set_table_customization(Spi& spi, const SetTableCustomization& cmd);
void untrack_table(Spi& spi, const UntrackTable& cmd);

// Enum tables (enum_tables.cpp): makes a tracked table an enum table, its rows read and checked
// (MetadataError constraint-violation in Hasura's words when it cannot be one), or not.
void set_enum(Spi& spi, const TrackedTable& table, bool is_enum);
void set_table_is_enum(Spi& spi, const SetTableIsEnum& cmd);
// reload_metadata: reads every enum table's rows again.
void reload_enum_values(Spi& spi);

void create_relationship(Spi& spi, const CreateRelationship& cmd);
void create_remote_relationship(Spi& spi, const CreateRemoteRelationship& cmd);
void drop_relationship(Spi& spi, const DropRelationship& cmd);

// SQL functions (catalog_functions.cpp): computed fields and tracked functions.
void add_computed_field(Spi& spi, const AddComputedField& cmd);
void drop_computed_field(Spi& spi, const DropComputedField& cmd);
void track_function(Spi& spi, const TrackFunction& cmd);
void untrack_function(Spi& spi, const UntrackFunction& cmd);

// Checks every relationship against the database as it is now: regenerates the objects of the
// valid ones, drops those of the broken ones and records why.  Returns true if all are valid.
bool check_relationships(Spi& spi);
// Drops the generated objects of the relationships that involve the given relations (schema,
// name of the relation in this database), before DDL on them runs.
// A relation with an empty name stands for every relation of its schema (DROP SCHEMA).
void drop_objects_of_relations(Spi& spi, const std::vector<std::pair<std::string, std::string>>& relations);

// The metadata as a document (export_metadata), and replacing it (replace_metadata).
MetadataDocument export_document(Spi& spi);
void replace_document(Spi& spi, const Json& document);
// reload_metadata: re-reads the keys of every tracked table, then checks relationships.
bool reload(Spi& spi);
// get_inconsistent_metadata's body.
Json inconsistent_objects(Spi& spi);

// Set while graphgate itself runs DDL, so that its event triggers leave that DDL alone.
class OwnDdl {
public:
    OwnDdl() { ++depth_; }
    ~OwnDdl() { --depth_; }
    OwnDdl(const OwnDdl&) = delete;
    OwnDdl& operator=(const OwnDdl&) = delete;
    static bool active() { return depth_ > 0; }

private:
    static inline int depth_ = 0;
};

// Makes an object that add_source created depend on the extension, so that
// DROP EXTENSION graphgate CASCADE removes it while pg_dump still dumps it as a normal object.
void depend_on_extension(unsigned int class_id, unsigned int object_id);

}  // namespace graphgate::pg
