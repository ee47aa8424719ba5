#pragma once
// The printer: walks a plan and writes the one SQL statement that answers it, returning one row
// with one json column, the whole response ({"data": ...}), built in SQL so that rows never
// travel as anything but the JSON the client gets, in the order of the selection set.  It
// decides nothing about the request (the planner did); what it knows is how to say the plan in
// SQL.
//
// Shape: each root field is a scalar subquery; a list is `coalesce(json_agg(row ORDER BY ..),
// '[]')` over a subquery that filters, orders and limits; local relationships are correlated
// subqueries of the same shape; aggregates are one more subquery.  Batched relationship fields
// (printer_batch.cpp) are one fetch each for all parents at their place, as a MATERIALIZED CTE,
// LEFT JOINed back by key.  Identifiers are quoted; values are parameters ($n).
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "core/compile/compiler.hpp"
#include "core/compile/plan.hpp"

namespace graphgate::compile {

CompiledQuery print_plan(Plan plan);

namespace printer_detail {

// The rows of a root list, read once: a MATERIALIZED CTE that both the output and everything
// needing those rows again (the keys of batched fetches, nested levels' candidates) read, so that
// they all see the same rows.  Two scans of one table need not return the same rows when a LIMIT
// picks some of them without a total order (synchronized seq scans start mid-table, parallel
// scans), so a second scan for the keys would join the wrong parents.  Emitted only when
// something reads it besides the output (`used`).
struct RowsCte {
    std::string name;
    std::string body;
    size_t slot = 0;    // its place among the CTEs: after those its body reads (ordering joins)
    bool used = false;
};

// One level of the response: the rows of one table under one alias.  Batched relationship
// fields add LEFT JOINs to the level's FROM, and fetch their keys from the level's candidates:
// at the root, its rows read once (RowsCte); below it, `superset`, an uncorrelated query for a
// superset of the level's rows (the same filters, without per-parent limits, over the parents'
// candidates), so that every fetch runs once for all parent rows.
struct Level {
    std::string superset;
    RowsCte* rows = nullptr;     // the level's own rows, read once (root levels)
    RowsCte* reads = nullptr;    // the read `superset` selects from, if any
    std::vector<std::string> joins;

    // The query for the level's candidates, for SQL that will be emitted: marks the read it uses
    // as needed.
    std::string candidates() const {
        if (RowsCte* r = read()) r->used = true;
        return text();
    }
    // The same text, for building another level's candidates (which mark it when emitted).
    std::string text() const { return rows ? "SELECT * FROM " + rows->name : superset; }
    RowsCte* read() const { return rows ? rows : reads; }

    std::string from_clause() const {
        std::string out;
        for (const auto& j : joins) out += " " + j;
        return out;
    }
};

// An ORDER BY term as printed.
struct OrderTerm {
    std::string expr;
    std::string direction;
};

// How the rows of a table at one place are selected: its FROM, WHERE, order, limit.
struct RowSource {
    std::string alias;
    std::string from;                        // "FROM <relation> <alias>"
    std::string where;                       // " WHERE ..." or empty
    Level level;
    std::vector<OrderTerm> order;
    std::vector<std::string> distinct_on;    // column expressions
    std::string limit_offset;
    std::string columns;      // the role's columns of the table, as <alias>."col", ...
    size_t order_joins = 0;   // level.joins added for ordering (the rest are for fields)
};

class Printer {
public:
    explicit Printer(Plan plan) : plan_(std::move(plan)) {}
    CompiledQuery run();

private:
    // ---- printer.cpp: rows, fields, aggregates, filters, ordering
    std::string root(const RootField& f);
    std::string select_by_pk(const RootField& f);
    Level candidates(const TableInfo& t, const Filter& where, const RelationshipInfo* join, const std::string& parent_alias,
                     const Level* parent);
    RowSource row_source(const TableInfo& t, const RowsArgs& args, const RelationshipInfo* join,
                         const std::string& parent_alias, const Level* parent);
    std::string inner_query(const RowSource& src, const std::string& select_list);
    std::string outer_order(const RowSource& src, const std::string& alias) const;
    std::string select_rows(const TableInfo& t, const RowsArgs& args, const std::vector<Field>& fields,
                            const RelationshipInfo* join, const std::string& parent_alias, const Level* parent);
    std::string aggregate(const TableInfo& t, const RowsArgs& args, const std::vector<AggregatePart>& parts,
                          const std::string& type_name, const RelationshipInfo* join, const std::string& parent_alias,
                          const Level* parent);
    std::string aggregate_values(const std::string& rows, const std::vector<AggregateValue>& values);
    std::string row_json(const TableInfo& t, const std::string& alias, const std::vector<Field>& fields, Level& level);
    std::string filter(const TableInfo& t, const std::string& alias, const Filter& f);
    void order_terms(const std::string& alias, const std::vector<SortKey>& keys, std::vector<OrderTerm>& out,
                     Level* level);

    // ---- printer_batch.cpp: relationships answered by one fetch for all parents
    std::string batch_cte(const RelationshipInfo& rel, const TableInfo& target, const std::string& parent_candidates,
                          const Filter& where);
    std::string per_parent_rows(const RelationshipInfo& rel, const std::string& b, const RowsArgs& args);
    std::string batched_field(const std::string& alias, const Field& f, Level& level);
    std::string batched_aggregate(const std::string& alias, const Field& f, Level& level);
    std::string batched_filter(const std::string& alias, const Filter& f);
    void batched_order_terms(const std::string& alias, const SortKey& key, std::vector<OrderTerm>& out, Level& level);

    // ---- shared helpers
    std::string new_alias();
    std::string value(const BoundValue& v) const;
    std::string object(const std::vector<std::pair<std::string, std::string>>& parts) const;
    std::string join_condition(const RelationshipInfo& rel, const std::string& parent, const std::string& alias) const;

    Plan plan_;
    CompiledQuery out_;
    int aliases_ = 0;
    std::vector<std::pair<std::string, std::string>> ctes_;  // batched fetches and root rows, in dependency order
    std::deque<RowsCte> rows_ctes_;
};

std::string join_strings(const std::vector<std::string>& parts, const std::string& separator);
std::string relation(const TableInfo& t);
std::string column(const std::string& alias, const std::string& name);

}  // namespace printer_detail
}  // namespace graphgate::compile
