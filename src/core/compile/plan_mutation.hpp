#pragma once
// What the mutation planner decides (design §11), as plain structs the mutation printer walks:
// per root field, the write (the objects of an insert, split into nodes and groups; the
// assignments of an update; a delete) with its `where` and `on_conflict`, and the output
// (`affected_rows`, `returning`, or the row of a _one/_by_pk field, planned by the query planner
// as rows are), and whether the output needs a statement of its own after the write.
//
// A root field is one unit of statements (update_<t>_many: one per update, in order), run in
// the request's transaction, each seeing the writes before it.  All statements of a root field
// share one parameter list (`params`); each statement binds the ones it uses.
#include <optional>
#include <string>
#include <vector>

#include "core/compile/insert_input.hpp"
#include "core/compile/plan.hpp"
#include "core/schema/mutation_schema.hpp"

namespace graphgate::compile {

using schema::UniqueKey;
using schema::UpdateOp;

// A part of a <t>_mutation_response selection, in selection order.
struct ResponsePart {
    enum class Kind { Typename, AffectedRows, Returning };
    std::string response_name;
    Kind kind = Kind::AffectedRows;
    std::string literal;          // Typename
    std::vector<Field> fields;    // Returning: the fields of each row
};

// An object argument given as one variable (`_set: $changes`, `pk_columns: $pk`): its value
// travels as one json parameter, read with json_to_record into typed columns (`columns`: the
// keys it has - they shape the statement - with the types they are read as).
struct RecordInput {
    BoundValue json;
    std::vector<std::pair<std::string, std::string>> columns;
};

// A value of a write: a parameter ($n::type), or a column of one of the plan's records.
struct ValueRef {
    std::optional<BoundValue> bound;
    size_t record = 0;
    std::string key;
};

// One assignment of an UPDATE: column = op(column, value).
struct Assignment {
    std::string column;
    UpdateOp op = UpdateOp::Set;
    ValueRef value;
};

// The rows an update or delete writes, and (update) what it sets.
struct RowsWrite {
    Filter where;                                          // Kind::True when there is none
    std::vector<std::pair<std::string, ValueRef>> pk;      // _by_pk: column = value, each
    std::vector<Assignment> assignments;                   // update; none: Hasura's no-op
    std::vector<RecordInput> records;
};

// on_conflict: the target, what DO UPDATE sets (nothing: DO NOTHING), and which conflicting
// rows it updates.
struct ConflictPlan {
    const UniqueKey* key = nullptr;
    std::vector<std::string> update_columns;
    Filter where;
};

// How the rows an INSERT returned are matched to the objects they came from, when something
// needs to know (the parent's key for nested rows, a nested row's key for its parent, the
// objects' order for returning): by position (a plain INSERT ... SELECT returns its rows in
// the order it reads them, checked by count), or by the conflict target's columns (an upsert
// may skip rows: then the conflicting row is read, and matched the same way).
enum class Correlation { None, Position, ConflictKey };

struct InsertPlan {
    InsertShape shape;
    // The objects at each request: the variable's value (objects: $v), else this literal.
    std::optional<std::string> variable;
    Json constant;
    bool single = false;                                   // insert_<t>_one (`object`)
    std::vector<PathSegment> path;                         // $.selectionSet.<f>.args.objects
    // Per node, per group: its on_conflict (the field's at the root), how its rows are matched.
    std::vector<std::vector<std::optional<ConflictPlan>>> conflicts;
    std::vector<std::vector<Correlation>> correlations;
    std::vector<bool> linked;                              // per node: its rows are matched
    std::vector<size_t> row_params;                        // per flat group: its rows' parameter
};

struct MutationFieldPlan {
    enum class Kind { Typename, Insert, Update, Delete, Function };
    std::string response_name;
    Kind kind = Kind::Insert;
    std::string literal;                   // Typename
    const TableInfo* table = nullptr;
    // insert_<t>_one, update_<t>_by_pk, delete_<t>_by_pk: the field is the row (or null).
    bool single_row = false;
    // update_<t>_many: a list of responses, one per update.
    bool many = false;

    std::optional<InsertPlan> insert;
    std::vector<RowsWrite> writes;         // update, delete: one (update_many: one per update)

    std::vector<ResponsePart> response;    // mutation response fields
    std::vector<Field> row_fields;         // single_row, Function: the row's fields
    RowsArgs function_rows;                // Function: the call, and which of its rows
    // The output reads a table the field writes: the write returns its rows, and a second
    // statement builds the output after the write, seeing it (one statement would read those
    // tables as they were before it).
    bool two_step = false;

    Plan params;  // the field's parameters and structural variables
};

// An argument given as one variable whose shape, not value, shaped the statements: the cache
// keys statements by it (shape_key of the objects, or an object's keys).
struct ShapeProbe {
    enum class Kind { InsertObjects, ObjectKeys };
    Kind kind = Kind::InsertObjects;
    std::string variable;
    size_t table = 0;                      // InsertObjects: the table, in the schema's snapshot
    bool single = false;                   // InsertObjects: `object` (one) rather than `objects`
    std::vector<PathSegment> path;         // InsertObjects: of the argument, for its errors
};

struct MutationPlan {
    std::vector<MutationFieldPlan> fields;
    std::set<std::string> structural_variables;  // of the whole operation (directives)
    std::vector<ShapeProbe> probes;
};

}  // namespace graphgate::compile
