#pragma once
// The graphgate catalog (schema graphgate): sources and tracked tables, and the operations of
// the metadata API that change them.  Callers hold an Spi connection for the current call.
#include <optional>
#include <string>

#include "core/metadata/requests.hpp"
#include "pg/spi.hpp"

namespace graphgate::pg {

struct Source {
    std::string name;          // catalog key ("default" for this database)
    std::string display_name;  // what users see: current_database() for this database
    std::string kind;          // local | postgres | foreign
    std::optional<std::string> server;
    bool owns_server = false;
    std::optional<std::string> import_schema;

    bool is_local() const { return kind == "local"; }
};

// Resolves a source by name: "default" and current_database() both name this database.
// Throws MetadataError (not-exists).
Source find_source(Spi& spi, const std::string& name);

void add_source(Spi& spi, const AddSource& cmd);
void drop_source(Spi& spi, const DropSource& cmd);
void track_table(Spi& spi, const TrackTable& cmd);
void untrack_table(Spi& spi, const UntrackTable& cmd);

// Makes an object that add_source created depend on the extension, so that
// DROP EXTENSION graphgate CASCADE removes it while pg_dump still dumps it as a normal object.
void depend_on_extension(unsigned int class_id, unsigned int object_id);

}  // namespace graphgate::pg
