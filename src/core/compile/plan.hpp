#pragma once
// What the planner decides about an operation, as plain structs the printer walks (design §8:
// "the compiler is two steps").  Everything that depends on the document, the variables or the
// schema is settled here: which fields, which rows (filter tree, sort keys, distinct_on,
// limit/offset), which values are parameters, which variables shape the statement, and which
// relationship fields are answered by one batched fetch for all parents (those whose target
// lives in another database).  The printer only turns these into SQL text.
//
// Tables, columns and relationships are pointers into the schema's snapshot, which outlives
// the plan.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/compile/params.hpp"
#include "core/schema/catalog_snapshot.hpp"

namespace graphgate::compile {

using schema::RelationshipInfo;
using schema::TableInfo;

// A value the statement binds: parameter `param` (an index into Plan::params), cast to its type.
struct BoundValue {
    size_t param = 0;
    std::string pg_type;
    bool list = false;  // an array of pg_type
};

// A call of a SQL function (computed fields, tracked functions): its `args` by name, and where
// the function takes them, the row of `row_table` (a computed field's: the row it is a field of)
// and the session variables.
struct FunctionCall {
    std::string schema;
    std::string name;
    const TableInfo* row_table = nullptr;
    bool table_first = false;                    // the row goes first, positionally
    std::optional<std::string> table_argument;   // or by this name
    std::optional<std::string> session_argument;
    std::string session_type;
    std::vector<std::pair<std::string, BoundValue>> args;
    std::string result_type;                     // a scalar computed field's type
    // Printed as this relation instead of the call: a volatile function's rows, produced once
    // by the statement's first CTE (mutations).
    std::string materialized_as;
};

// A `where` tree.  Conditions on a relationship hold the target's condition as their only child.
struct Filter {
    enum class Kind {
        True,
        False,
        And,        // children
        Or,         // children
        Not,        // children[0]
        Compare,    // column op value:  =, <>, <, LIKE, ~*, @>, ?|, ...
        In,         // column = ANY (value), negated: NOT (...)
        IsNull,     // column IS NULL, negated: IS NOT NULL
        Related,    // a related row matches children[0] (EXISTS, or a batched key set)
        RelatedCount,  // the number of related rows matching children[0] (counted as count_columns,
                       // distinct) meets children[1..], comparisons whose column is empty
    };
    Kind kind = Kind::True;
    std::vector<Filter> children;
    std::string column;
    std::string cast;  // Compare, In, IsNull: the type the column is compared as (jsonb's _cast)
    std::string op;    // Compare; In: the equality operator (an extension's is schema-qualified)
    std::string operand_function;  // Compare: applied to the value first (SIMILAR TO's escape)
    std::optional<FunctionCall> computed;  // Compare, In, IsNull: of a computed field, not a column
    BoundValue value;
    bool negated = false;
    const RelationshipInfo* relationship = nullptr;  // Related
    const TableInfo* target = nullptr;               // Related
    bool batched = false;  // Related(Count): the target lives in another database (fetched first)
    std::vector<std::string> count_columns;  // RelatedCount: count(col, ...), none for count(*)
    bool distinct = false;                   // RelatedCount
};

// One key of an ORDER BY.
struct SortKey {
    enum class Kind {
        Column,           // column
        Related,          // through an object relationship: nested[0] is the key on the target
        AggregateCount,   // count(*) of an array relationship's rows
        Aggregate,        // function(column) over an array relationship's rows
    };
    Kind kind = Kind::Column;
    std::string column;
    std::optional<FunctionCall> computed;  // Column: a computed field's value instead
    std::string function;  // Aggregate: avg, max, min, sum, ...
    const RelationshipInfo* relationship = nullptr;
    const TableInfo* target = nullptr;
    bool batched = false;  // Related: into another database, through one fetch of the target for all rows
    std::vector<SortKey> nested;
    std::string direction;  // "ASC NULLS LAST", ...
};

// Which rows of a table a list reads.
struct RowsArgs {
    std::optional<FunctionCall> call;      // the rows a function returns, not the table's
    Filter where;                          // Kind::True when there is none
    std::vector<SortKey> order_by;
    std::vector<std::string> distinct_on;  // columns; order_by starts with them
    std::optional<BoundValue> limit;
    std::optional<BoundValue> offset;
};

struct Field;

// The fields of an aggregate object: `aggregate { count sum { col } ... }`, `nodes`, __typename.
struct AggregateValue {
    enum class Kind { Typename, Count, Function };
    std::string response_name;
    Kind kind = Kind::Count;
    std::string literal;                  // Typename
    std::vector<std::string> columns;     // Count: count(col, ...), none for count(*)
    bool distinct = false;                // Count
    std::string function;                 // Function: avg, max, ...
    // Function: per response name, a column (or, with an empty column, __typename: `literal`)
    struct Column {
        std::string response_name;
        std::string column;
        std::string literal;
        bool as_text = false;             // a JSON string: numbers as strings (CompileInput)
    };
    std::vector<Column> function_columns;
    bool as_float = false;                // Function: the result is float8 (avg, stddev, ...)
};

struct AggregatePart {
    enum class Kind { Typename, Nodes, Aggregate };
    std::string response_name;
    Kind kind = Kind::Aggregate;
    std::string literal;                  // Typename (also the aggregate object's type name)
    std::vector<Field> nodes;             // Nodes
    std::vector<AggregateValue> values;   // Aggregate
};

// One field of a row's JSON object.
struct Field {
    enum class Kind {
        Typename,   // literal
        Column,     // column, json_path
        Object,     // an object relationship: the target row's `fields`, or null
        Array,      // an array relationship (or a SETOF computed field, args.call and no
                    // relationship): `args` over the related rows, their `fields`
        Aggregate,  // <rel>_aggregate: `args` over the related rows, `aggregate`
    };
    std::string response_name;
    Kind kind = Kind::Column;
    std::string literal;
    std::string column;
    std::optional<BoundValue> json_path;  // a json/jsonb column's `path` argument, as text[]
    std::optional<FunctionCall> computed; // Column: a scalar computed field's value instead
    bool as_text = false;                 // Column: a JSON string, numbers as strings (CompileInput)
    const RelationshipInfo* relationship = nullptr;
    const TableInfo* target = nullptr;
    // Answered by a fetch of its own for all the parents at this place in the query, joined back
    // by key (design §8): its target lives in another database than the parent row, or the
    // parent row is itself fetched from a remote source and this field's rows hold a field of
    // another database (which the local side joins, so this one cannot be answered inside the
    // remote statement).
    bool batched = false;
    RowsArgs args;
    std::vector<Field> fields;
    std::vector<AggregatePart> aggregate;
};

struct RootField {
    enum class Kind {
        Typename,   // literal
        Constant,   // a bound constant (introspection): value
        Text,       // a string constant: literal
        Select,     // table, args, fields
        ByPk,       // table, pk (column, value), fields
        Aggregate,  // table, args, aggregate
    };
    std::string response_name;
    Kind kind = Kind::Select;
    std::string literal;
    BoundValue value;
    const TableInfo* table = nullptr;
    RowsArgs args;
    std::vector<std::pair<std::string, BoundValue>> pk;
    std::vector<Field> fields;
    std::vector<AggregatePart> aggregate;
};

// The database a table's rows are read in: "" for graphgate's own, else its remote source's name.
inline const std::string& database_of(const TableInfo& t) {
    static const std::string local;
    return t.is_remote ? t.source : local;
}

// The one rule for fetching across databases: a relationship whose target lives in another
// database than the row it starts from is answered by one fetch for all the parent rows at its
// place in the query (through the remote executor, design §8a), never by a lookup per row.
inline bool crosses_databases(const TableInfo& from, const TableInfo& to) { return database_of(from) != database_of(to); }

// A streaming subscription (<t>_stream): the rows after the cursor in the cursor column's order,
// at most batch_size of them.  The cursor is the statement's variable stream_cursor_variable,
// which the caller sets to `initial` first and then to the last row's value: the statement's
// last root field, stream_cursor_field, lists the cursor column of the rows it returned.
// Neither name is a GraphQL name, so no variable or alias of a client can clash with them.
struct StreamCursor {
    std::string column;
    Json initial;
};
inline constexpr const char* stream_cursor_variable = "#cursor";
inline constexpr const char* stream_cursor_field = "#cursor";

struct Plan {
    std::vector<RootField> fields;
    std::optional<StreamCursor> stream;
    std::vector<Param> params;
    // Variables whose values shaped the plan: see CompiledQuery.
    std::set<std::string> structural_variables;
};

}  // namespace graphgate::compile
