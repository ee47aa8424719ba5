#pragma once
// The printer: walks a plan and writes the one SQL statement that answers it, returning one row
// with one json column, the whole response ({"data": ...}), built in SQL so that rows never
// travel as anything but the JSON the client gets, in the order of the selection set.  It
// decides nothing about the request (the planner did); what it knows is how to say the plan in
// SQL.
//
// Shape: each root field is a scalar subquery; a list is `coalesce(json_agg(row ORDER BY ..),
// '[]')` over a subquery that filters, orders and limits; relationships within one database are
// correlated subqueries of the same shape; aggregates are one more subquery.
//
// What lives in a remote source is read through remote requests (printer_remote.cpp, design
// §8a): the printer writes each request's statement for the source's database (its rows built
// as JSON there), and the local statement calls graphgate.remote_fetch() once per level with
// the requests of that level, their keys computed from the local rows.  The same printing
// functions write both statements; the scope says which database the SQL being written is for.
// Identifiers are quoted; values are parameters ($n).
#include <deque>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/compile/compiler.hpp"
#include "core/compile/plan.hpp"

namespace graphgate::compile {

CompiledQuery print_plan(Plan plan, int64_t first_remote_id);

namespace printer_detail {

// The rows of a root list, read once: a MATERIALIZED CTE that both the output and everything
// needing those rows again (the keys of fetches, nested levels' candidates) read, so that they
// all see the same rows.  Two scans of one table need not return the same rows when a LIMIT
// picks some of them without a total order (synchronized seq scans start mid-table, parallel
// scans), so a second scan for the keys would join the wrong parents.  Emitted only when
// something reads it besides the output (`used`).
struct RowsCte {
    std::string name;
    std::string body;
    int depth = 0;      // the deepest fetch group its body reads
    bool used = false;
};

// One level of the response: the rows of one table under one alias.  Fields answered by a fetch
// add LEFT JOINs to the level's FROM, and take their keys from the level's candidates: at the
// root, its rows read once (RowsCte); below it, `superset`, an uncorrelated query for a superset
// of the level's rows (the same filters, without per-parent limits, over the parents'
// candidates), so that every fetch is one request for all parent rows.
struct Level {
    std::string superset;
    int superset_depth = 0;      // the deepest fetch group `superset` reads
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
    int depth() const { return rows ? rows->depth : superset_depth; }

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
    std::string type;  // of expr (a key fetched from another database comes back as text)
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

// A field of another database met inside a request's rows: the request answers its row's other
// fields as a JSON array (its value at `position` left null) and the keys the field needs in
// its `c` column; the local statement joins the field's own fetch and builds the row.
struct Chain {
    const Field* field;
    size_t position;
    std::vector<size_t> keys;  // the parent row's key columns, as indexes into c (1-based)
};

// A remote request being written: its statement's parameters ($1.. as the local statement
// computes their text), the tables it reads, and the chains its rows hold.
struct RequestSql {
    std::string source;
    std::vector<std::string> args;
    std::vector<std::string> types;
    std::vector<const TableInfo*> reads;
    std::vector<Chain> chains;
    std::vector<std::string> chain_keys;  // c's columns: expressions in the request's statement
    int depth = 0;                        // the deepest fetch group its arguments read
};

// A request keyed by the values of a relationship's columns in a level's candidates: the columns
// here, the target columns' types, the key arrays' subquery, and the request with its key
// parameters ($1..$k) in place.
struct KeyedRequest {
    std::vector<std::string> from;
    std::vector<std::string> types;
    std::string element_keys;
    RequestSql request;
};

// How a request's answer is joined back to the rows of `alias`: its key columns named
// __gg_k1.., and the join condition.
struct JoinBack {
    std::vector<std::string> named;
    std::vector<std::string> match;
};

// What a request's rows are to the local statement.
struct Fetched {
    int64_t id = 0;
    int depth = 0;                     // its fetch group, _gg_f<depth>
    const RequestSql* request = nullptr;
};

class Printer {
public:
    Printer(Plan plan, int64_t first_remote_id) : plan_(std::move(plan)), next_request_(first_remote_id) {}
    CompiledQuery run();

    // ---- for the mutation printer (mutation_printer.cpp), which writes the writes and asks
    // for the output: the rows of `t` read from `rows` (a CTE, or an SRF over returned rows) as
    // the JSON of `fields` - their list, or the first
    // row (null when there is none) - with relationships, local and fetched, as queries have.
    // `order_column`: a column of `rows` that orders them ("": the order they come in).
    std::string written_rows(const TableInfo& t, const std::string& rows, const std::string& order_column,
                             const std::vector<Field>& fields, bool single);
    std::string condition(const TableInfo& t, const std::string& alias, const Filter& f) { return filter(t, alias, f); }
    std::string bound(const BoundValue& v) { return value(v); }
    std::string table(const TableInfo& t) { return relation(t); }
    std::string json_object(const std::vector<std::pair<std::string, std::string>>& parts) const { return object(parts); }
    // A function exposed as a mutation: its call (args.call) run once, as a CTE added to
    // `writes`, and the JSON of `fields` of the rows it returned that `args` selects.
    std::string function_rows(const TableInfo& t, const RowsArgs& args, const std::vector<Field>& fields,
                              std::vector<std::pair<std::string, std::string>>& writes);
    // The statement: `writes` (data-modifying CTEs, in order) before the CTEs the output needs,
    // then SELECT `select_list`.
    CompiledQuery finish(const std::vector<std::pair<std::string, std::string>>& writes, const std::string& select_list);

private:
    // ---- printer.cpp: rows, fields, aggregates, filters, ordering (in either database)
    std::string root(const RootField& f);
    std::string select_by_pk(const RootField& f);
    Level candidates(const TableInfo& t, const Filter& where, const RelationshipInfo* join, const std::string& parent_alias,
                     const Level* parent, const FunctionCall* call = nullptr);
    RowSource row_source(const TableInfo& t, const RowsArgs& args, const RelationshipInfo* join,
                         const std::string& parent_alias, const Level* parent);
    std::string inner_query(const RowSource& src, const std::string& select_list);
    std::string outer_order(const RowSource& src, const std::string& alias) const;
    std::string select_rows(const TableInfo& t, const RowsArgs& args, const std::vector<Field>& fields,
                            const RelationshipInfo* join, const std::string& parent_alias, const Level* parent);
    std::string aggregate(const TableInfo& t, const RowsArgs& args, const std::vector<AggregatePart>& parts,
                          const RelationshipInfo* join, const std::string& parent_alias, const Level* parent);
    std::string aggregate_object(const TableInfo& t, const std::string& rows, const std::vector<AggregatePart>& parts,
                                 const std::string& nodes_order, Level& nodes_level);
    std::string aggregate_values(const std::string& rows, const std::vector<AggregateValue>& values);
    std::string row_json(const TableInfo& t, const std::string& alias, const std::vector<Field>& fields, Level& level);
    std::string field_value(const TableInfo& t, const std::string& alias, const Field& f, Level& level);
    std::string filter(const TableInfo& t, const std::string& alias, const Filter& f);
    std::string comparison(const std::string& subject, const Filter& f);
    void order_terms(const TableInfo& t, const std::string& alias, const std::vector<SortKey>& keys,
                     std::vector<OrderTerm>& out, Level* level);

    // ---- printer_remote.cpp: remote requests and what the local statement does with them
    std::string remote_root(const RootField& f);
    std::string fetched_field(const TableInfo& t, const std::string& alias, const Field& f, Level& level);
    std::string key_set(const Filter& f, const std::vector<std::string>& from_columns, const std::string& alias);
    std::string fetched_count(const Filter& f, const std::string& alias);
    void fetched_order_terms(const std::string& alias, const SortKey& key, std::vector<OrderTerm>& out, Level& level);
    std::string request_rows(const Field& f, RequestSql& request, bool keyless);
    std::string remote_row(const TableInfo& t, const std::string& alias, const std::vector<Field>& fields,
                           RequestSql& request);
    Fetched add_request(RequestSql request, const TableInfo& target, const std::string& sql,
                        const std::string& keyless_sql, int keys, const std::string& element_keys);
    Level fetched_level(const Fetched& f, const TableInfo& t);
    std::string rebuilt_row(const TableInfo& t, const std::vector<Field>& fields, const std::string& alias, Level& level);
    std::string keys_for(const std::string& candidates, const std::vector<std::string>& columns,
                         const std::vector<std::string>& types);
    KeyedRequest keyed_request(const RelationshipInfo& rel, const TableInfo& target, Level& level);
    JoinBack join_back(const RelationshipInfo& rel, const TableInfo& target, const std::vector<std::string>& from,
                       const std::string& j, const std::string& alias);

    // ---- shared helpers
    bool remote() const { return request_ != nullptr; }
    // A function's call, with the row under `row_alias` where it takes one.
    std::string call(const FunctionCall& c, const std::string& row_alias);
    std::string session_value(const std::string& type);
    std::string new_alias();
    std::string relation(const TableInfo& t);
    std::string value(const BoundValue& v);
    std::string object(const std::vector<std::pair<std::string, std::string>>& parts) const;
    std::string join_condition(const RelationshipInfo& rel, const std::string& parent, const std::string& alias) const;
    std::string fetch_group(int depth);
    std::string add_cte(const std::string& prefix, const std::string& body);

    Plan plan_;
    CompiledQuery out_;
    int aliases_ = 0;
    int64_t next_request_;
    // CTEs in no particular order: the statement says WITH RECURSIVE, which lets one refer to a
    // later one (none is recursive).
    std::vector<std::pair<std::string, std::string>> ctes_;
    std::deque<RowsCte> rows_ctes_;
    std::map<int, std::vector<std::string>> fetch_groups_;  // depth -> request elements
    std::deque<RequestSql> requests_;                       // kept for their chains
    RequestSql* request_ = nullptr;  // the remote request being written; null: the local statement
    int reading_ = 0;                // the deepest fetch group the SQL being written reads
    std::map<const Filter*, Fetched> key_sets_;  // one request per condition, however often printed

    friend struct ReadingProbe;
    friend struct RequestScope;
};

// Writes SQL for a remote request (or, with nullptr, for the local statement) until destroyed.
struct RequestScope {
    Printer& printer;
    RequestSql* saved;
    RequestScope(Printer& p, RequestSql* request) : printer(p), saved(p.request_) { p.request_ = request; }
    ~RequestScope() { printer.request_ = saved; }
};

// Measures the deepest fetch group a stretch of SQL reads: the printer's reading_ is reset for
// the stretch, and raised back to the larger of the two afterwards.
struct ReadingProbe {
    Printer& printer;
    int saved;
    explicit ReadingProbe(Printer& p) : printer(p), saved(p.reading_) { p.reading_ = 0; }
    int depth() const { return printer.reading_; }
    ~ReadingProbe() { printer.reading_ = std::max(saved, printer.reading_); }
};

std::string join_strings(const std::vector<std::string>& parts, const std::string& separator);
std::string column(const std::string& alias, const std::string& name);
std::string aggregate_type(const TableInfo& t, const SortKey& k);
// count(*), count(a.col) or count(DISTINCT (a.c1, a.c2)) over the rows under `alias`.
std::string count_of(const std::string& alias, const std::vector<std::string>& columns, bool distinct);

}  // namespace printer_detail
}  // namespace graphgate::compile
