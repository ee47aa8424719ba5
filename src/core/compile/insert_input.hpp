#pragma once
// The objects of an insert, read in one pass.  They form a tree of nodes - the table inserted
// into, and below it each relationship that objects insert through (all parents' objects of one
// relationship are one node) - and each node's objects are split into groups that supply the
// same columns (and relationships, and, below the root, the same on_conflict).  A group is one
// INSERT ... SELECT of its own, naming just the columns its objects supply, so that a column an
// object omits takes its default, as Hasura's homogenised VALUES do.
//
// The shape (which nodes and groups there are) decides the statement; the rows do not: they
// travel as one json parameter per group, flattened at every request from the objects (a
// variable's value or the document's literal), so one saved plan serves any number of rows.
// Each row carries its place: __gg_i, its number in its node (1, 2, ... in document order), and
// __gg_p, its parent's number in the parent node (0 at the root).
#include <optional>
#include <string>
#include <vector>

#include "core/compile/params.hpp"
#include "core/graphql/error.hpp"
#include "core/schema/catalog_snapshot.hpp"

namespace graphgate::compile {

struct InsertGroup {
    std::string key;                     // canonical: columns | relationships | on_conflict
    std::vector<std::string> columns;    // the columns its objects supply, in table order
    std::vector<size_t> children;        // nodes its objects insert through, in node order
    Json on_conflict;                    // below the root: the relationship's, coerced (or null)
};

struct InsertNode {
    const schema::TableInfo* table = nullptr;
    const schema::RelationshipInfo* relationship = nullptr;  // from the parent (null at the root)
    size_t parent = 0;
    size_t depth = 0;                    // relationships from the root
    std::vector<InsertGroup> groups;     // sorted by key
    std::vector<size_t> children;        // nodes below, in the order first met
};

struct InsertShape {
    std::vector<InsertNode> nodes;       // nodes[0] is the root
    // Groups numbered across nodes: group g of node n is flat_index[n] + g.
    std::vector<size_t> flat_index;
    size_t group_count() const;
};

// Reads `objects` (a JSON array of coerced <t>_insert_input objects) into its shape, with
// Hasura's validations ("cannot insert ... already being determined by parent insert", ...)
// reported at the object's path below `path` (...args.objects[i]; ...args.object when `single`:
// insert_<t>_one's one object, given as a list of it).  Throws GraphQLError.
InsertShape read_insert_shape(const schema::CatalogSnapshot& snapshot, const schema::TableInfo& table,
                              const Json& objects, const std::vector<PathSegment>& path, bool single = false);

// A canonical text of a shape: objects with the same text compile to the same statement.
std::string shape_key(const InsertShape& shape);

// The rows of every group of `shape`, by flat index, as JSON arrays of
// {"__gg_i": n, "__gg_p": n, "<column>": value, ...}, for objects of that shape (read_insert_shape
// gave it the same key).  Throws std::logic_error for objects of another shape (a bug).
std::vector<std::string> insert_rows(const InsertShape& shape, const Json& objects);

}  // namespace graphgate::compile
