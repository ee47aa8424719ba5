#pragma once
// A relationship's catalog row, and the objects generated for it in schema graphgate_rel:
//  * the batch function <base>_batch(<one array per mapped column>) returning the target rows
//    whose keys are in the arrays — LANGUAGE sql, STABLE, one SELECT with one `col = ANY($n)`
//    per column, so that the planner inlines it and postgres_fdw ships each array as one
//    parameter; for several columns an exact (a, b) match is checked locally on top;
//  * the view <base>: the table LEFT JOINed to its target, target columns named "<rel>.<col>".
#include "core/json.hpp"
#include <optional>
#include <string>
#include <vector>

#include "core/metadata/relationships.hpp"
#include "pg/catalog.hpp"
#include "pg/spi.hpp"

namespace graphgate::pg {

struct RelationshipRow {
    std::string source;  // catalog keys of the sources
    TableName table;
    std::string name;
    RelationshipKind kind = RelationshipKind::Object;
    bool is_remote = false;
    std::string target_source;
    TableName target_table;
    ColumnMapping mapping;
    Json using_json;  // local relationships only
    std::string function_name;
    std::string view_name;
    std::optional<std::string> inconsistent_reason;
};

std::optional<RelationshipRow> find_relationship(Spi& spi, const std::string& source, const TableName& table,
                                                 const std::string& name);
std::vector<RelationshipRow> all_relationships(Spi& spi);
void insert_relationship(Spi& spi, const RelationshipRow& rel);

// Picks free names for the generated objects (at most 63 bytes, unique in graphgate_rel).
void assign_object_names(Spi& spi, RelationshipRow& rel, const Source& source);
// (Re)creates the batch function and the view.
void generate_objects(Spi& spi, const RelationshipRow& rel, const TrackedTable& from, const TrackedTable& to);
void drop_objects(Spi& spi, const RelationshipRow& rel);
bool objects_exist(Spi& spi, const RelationshipRow& rel);

}  // namespace graphgate::pg
