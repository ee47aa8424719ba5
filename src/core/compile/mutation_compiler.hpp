#pragma once
// GraphQL mutation -> statements (design §11), in the compiler's two steps: the mutation
// planner (mutation_planner.hpp) decides, the mutation printer (mutation_printer.cpp) writes.
//
// Each root field is a unit of statements run in document order in the request's transaction
// (update_<t>_many: one unit per update).  A unit is one statement of data-modifying CTEs that
// returns the field's JSON, or - when the output reads a table the field wrote - that statement
// returning the written rows, then a second one building the output from them (after the first,
// so it sees the write).  Every statement returns one row; its first column is the unit's value
// (the last statement's), or what the next statement binds.
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/compile/compiler.hpp"
#include "core/compile/plan_mutation.hpp"

namespace graphgate::compile {

// Where a statement's parameter $i+1 takes its value from.
struct StatementParam {
    enum class Source {
        Request,      // the field's Param i, from the request (params.hpp)
        InsertRows,   // the rows of group `group` of the field's insert (insert_rows)
        PreviousRow,  // column `column` of the row the unit's previous statement returned
        Unused,       // NULL: the statement does not read it
    };
    Source source = Source::Unused;
    size_t group = 0;
    size_t column = 0;
};

struct CompiledStatement {
    std::string sql;
    std::vector<StatementParam> params;
};

struct CompiledUnit {
    std::vector<CompiledStatement> statements;
};

struct CompiledMutationField {
    std::string response_name;
    std::optional<std::string> literal;  // __typename: the value's JSON text
    bool many = false;                   // the value is the list of its units' values
    std::vector<CompiledUnit> units;
    std::vector<Param> params;           // the field's request parameters (by index)
    // The insert's objects (for InsertRows): their shape, and where they are at each request.
    std::optional<InsertShape> insert_shape;
    std::optional<std::string> insert_variable;
    Json insert_constant;
    bool insert_single = false;
    // Where Hasura reports the write's integrity and data errors: ...args.objects of an insert,
    // the root ($) otherwise.
    std::vector<PathSegment> error_path;
};

struct CompiledMutation {
    std::vector<CompiledMutationField> fields;
    std::set<std::string> structural_variables;
    std::vector<ShapeProbe> probes;
    // The remote requests of all statements (`returning`'s remote fields), numbered from
    // CompileInput::first_remote_id.
    std::vector<RemoteRequest> remote_requests;
};

// Throws GraphQLError (validation-failed, constraint-error, not-supported) for what the write
// refuses before anything runs.
CompiledMutation compile_mutation(const CompileInput& input);

// The key of the shapes the probes look at, for these variables: a compiled mutation serves
// requests whose key is the one it was compiled for.  Throws GraphQLError as read_insert_shape.
std::string probe_key(const schema::GraphQLSchema& schema, const std::vector<ShapeProbe>& probes,
                      const Json& variables);

// The rows parameters of a field's insert, by group, for these variables.
std::vector<std::string> field_insert_rows(const CompiledMutationField& field, const Json& variables);

// The text statement parameter `i` binds (Request or InsertRows; nullopt is NULL), given the
// rows of the field's insert (field_insert_rows) and the previous statement's row.
std::optional<std::string> statement_param_text(const CompiledMutationField& field, const StatementParam& p, size_t i,
                                                const Json& variables, const std::vector<std::string>& rows,
                                                const std::vector<std::optional<std::string>>& previous);

}  // namespace graphgate::compile
