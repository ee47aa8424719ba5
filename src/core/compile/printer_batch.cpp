// The printer's batched relationships: a relationship whose target lives in another database is
// answered by one fetch through its generated batch function (design §7) for all parent rows at
// its place in the query, a MATERIALIZED CTE called once with the distinct parent keys, and the
// fetched rows are LEFT JOINed back to each parent by key.
#include <algorithm>

#include "core/compile/printer.hpp"
#include "core/sql/quote.hpp"

namespace graphgate::compile::printer_detail {

using sql::quote_literal;
using sql::quote_qualified;

namespace {

std::string key_list(const RelationshipInfo& rel, const std::string& alias) {
    std::vector<std::string> keys;
    for (const auto& [from, to] : rel.mapping) keys.push_back(column(alias, to));
    return join_strings(keys, ", ");
}

// j.__gg_k<i> = parent.from_i (or, with `named` false, j.to_i = parent.from_i)
std::string key_match(const RelationshipInfo& rel, const std::string& j, const std::string& parent, bool named) {
    std::vector<std::string> parts;
    for (size_t i = 0; i < rel.mapping.size(); ++i)
        parts.push_back((named ? j + ".__gg_k" + std::to_string(i + 1) : column(j, rel.mapping[i].second)) + " = " +
                        column(parent, rel.mapping[i].first));
    return join_strings(parts, " AND ");
}

std::string named_keys(const RelationshipInfo& rel, const std::string& alias) {
    std::vector<std::string> keys;
    for (size_t i = 0; i < rel.mapping.size(); ++i)
        keys.push_back(column(alias, rel.mapping[i].second) + " AS __gg_k" + std::to_string(i + 1));
    return join_strings(keys, ", ");
}

std::string group_keys(const RelationshipInfo& rel, const std::string& alias) {
    std::vector<std::string> keys;
    for (size_t i = 0; i < rel.mapping.size(); ++i) keys.push_back(alias + ".__gg_k" + std::to_string(i + 1));
    return join_strings(keys, ", ");
}

// A NULL in any join column gives null, not an empty result (Hasura's semantics).
std::string any_key_null(const RelationshipInfo& rel, const std::string& parent) {
    std::vector<std::string> parts;
    for (const auto& [from, to] : rel.mapping) parts.push_back(column(parent, from) + " IS NULL");
    return join_strings(parts, " OR ");
}

}  // namespace

// The fetch: a CTE over the batch function, called once with the distinct non-NULL key tuples
// of the parent candidates, each key column as one array that postgres_fdw ships as a single
// parameter.  With no keys the fetch is gated off and sends nothing.
std::string Printer::batch_cte(const RelationshipInfo& rel, const TableInfo& target, const std::string& parent_candidates,
                               const Filter& where) {
    std::string name = "_gg_b" + std::to_string(ctes_.size());
    std::vector<std::string> not_null;
    std::vector<std::string> distinct;
    std::vector<std::string> args;
    for (size_t i = 0; i < rel.mapping.size(); ++i) {
        std::string n = std::to_string(i + 1);
        not_null.push_back(column("p", rel.mapping[i].first) + " IS NOT NULL");
        distinct.push_back(column("p", rel.mapping[i].first) + " AS c" + n);
        args.push_back("k.a" + n);
    }
    // One ARRAY(subquery) per key column: the planner turns each into a parameter that
    // postgres_fdw ships (an array_agg in a subquery would be joined, and not shipped).  Several
    // columns read the same distinct tuples in the same total order, so the arrays line up
    // element by element.
    std::string tuples = "SELECT DISTINCT " + join_strings(distinct, ", ") + " FROM (" + parent_candidates + ") p WHERE " +
                         join_strings(not_null, " AND ");
    std::vector<std::string> order;
    for (size_t i = 0; i < rel.mapping.size(); ++i) order.push_back("x.c" + std::to_string(i + 1));
    std::vector<std::string> arrays;
    for (size_t i = 0; i < rel.mapping.size(); ++i) {
        std::string n = std::to_string(i + 1);
        arrays.push_back(rel.mapping.size() == 1
                             ? "ARRAY(SELECT DISTINCT " + column("p", rel.mapping[0].first) + " FROM (" +
                                   parent_candidates + ") p WHERE " + not_null[0] + ") AS a1"
                             : "ARRAY(SELECT x.c" + n + " FROM (" + tuples + ") x ORDER BY " + join_strings(order, ", ") +
                                   ") AS a" + n);
    }
    std::string keys = "(SELECT " + join_strings(arrays, ", ") + ") k";
    std::string u = new_alias();
    std::string body = "SELECT " + u + ".* FROM " + keys + " CROSS JOIN LATERAL " +
                       quote_qualified(rel.batch_schema, rel.batch_function) + "(" + join_strings(args, ", ") + ") " + u +
                       " WHERE cardinality(k.a1) > 0";
    if (where.kind != Filter::Kind::True) body += " AND " + filter(target, u, where);
    ctes_.emplace_back(name, body);
    return name;
}

// The fetched rows of an array relationship with the per-parent arguments applied (distinct_on,
// order_by, offset, limit, through row_number over each parent's key), as a query with the
// target's columns, __gg_k<i> and __gg_rn.
std::string Printer::per_parent_rows(const RelationshipInfo& rel, const std::string& b, const RowsArgs& args) {
    std::string u = new_alias();
    std::vector<OrderTerm> order;
    order_terms(u, args.order_by, order, nullptr);
    std::string source = b + " " + u;
    if (!args.distinct_on.empty()) {
        std::vector<std::string> keys{key_list(rel, u)};
        for (const std::string& c : args.distinct_on) keys.push_back(column(u, c));
        std::vector<std::string> sort = keys;
        for (size_t i = args.distinct_on.size(); i < order.size(); ++i) sort.push_back(order[i].expr + " " + order[i].direction);
        source = "(SELECT DISTINCT ON (" + join_strings(keys, ", ") + ") " + u + ".* FROM " + b + " " + u + " ORDER BY " +
                 join_strings(sort, ", ") + ") " + u;
    }
    std::vector<std::string> sort;
    for (const OrderTerm& k : order) sort.push_back(k.expr + " " + k.direction);
    std::string numbered = "SELECT " + named_keys(rel, u) + ", " + u + ".*, row_number() OVER (PARTITION BY " +
                           key_list(rel, u) + (sort.empty() ? "" : " ORDER BY " + join_strings(sort, ", ")) +
                           ") AS __gg_rn FROM " + source;
    std::string filter;
    std::string skip = args.offset ? value(*args.offset) : "0";
    if (args.offset) filter += " WHERE " + u + ".__gg_rn > " + skip;
    if (args.limit)
        filter += std::string(filter.empty() ? " WHERE " : " AND ") + u + ".__gg_rn <= " + skip + " + " + value(*args.limit);
    return "SELECT * FROM (" + numbered + ") " + u + filter;
}

std::string Printer::batched_field(const std::string& alias, const Field& f, Level& level) {
    const RelationshipInfo& rel = *f.relationship;
    const TableInfo& target = *f.target;
    std::string b = batch_cte(rel, target, level.candidates(), f.args.where);
    Level child{"SELECT * FROM " + b};
    std::string j = new_alias();
    std::string x = new_alias();
    if (f.kind == Field::Kind::Object) {
        // A target key that is not unique would repeat the parent row: keep one match (and skip
        // the sort that costs when the key is the target's primary key).
        std::vector<std::string> to;
        for (const auto& [from, column_to] : rel.mapping) to.push_back(column_to);
        std::vector<std::string> pk = target.primary_key;
        std::sort(to.begin(), to.end());
        std::sort(pk.begin(), pk.end());
        std::string distinct = to == pk ? "" : "DISTINCT ON (" + key_list(rel, x) + ") ";
        std::string row = row_json(target, x, f.fields, child);
        level.joins.push_back("LEFT JOIN (SELECT " + distinct + named_keys(rel, x) + ", " + row + " AS __gg_v FROM " + b +
                              " " + x + child.from_clause() + ") " + j + " ON " + key_match(rel, j, alias, true));
        return j + ".__gg_v";
    }
    std::string rows = per_parent_rows(rel, b, f.args);
    std::string row = row_json(target, x, f.fields, child);
    level.joins.push_back("LEFT JOIN (SELECT " + group_keys(rel, x) + ", json_agg(" + row + " ORDER BY " + x +
                          ".__gg_rn) AS __gg_v FROM (" + rows + ") " + x + child.from_clause() + " GROUP BY " +
                          group_keys(rel, x) + ") " + j + " ON " + key_match(rel, j, alias, true));
    return "CASE WHEN " + any_key_null(rel, alias) + " THEN NULL ELSE coalesce(" + j + ".__gg_v, '[]') END";
}

std::string Printer::batched_aggregate(const std::string& alias, const Field& f, Level& level) {
    const RelationshipInfo& rel = *f.relationship;
    const TableInfo& target = *f.target;
    std::string b = batch_cte(rel, target, level.candidates(), f.args.where);
    Level child{"SELECT * FROM " + b};
    std::string rows = per_parent_rows(rel, b, f.args);
    std::string x = new_alias();
    std::vector<std::pair<std::string, std::string>> parts;
    for (const AggregatePart& part : f.aggregate) {
        std::string expr;
        switch (part.kind) {
            case AggregatePart::Kind::Typename: expr = quote_literal(part.literal); break;
            case AggregatePart::Kind::Nodes:
                expr = "coalesce(json_agg(" + row_json(target, x, part.nodes, child) + " ORDER BY " + x + ".__gg_rn), '[]')";
                break;
            case AggregatePart::Kind::Aggregate: expr = aggregate_values(x, part.values); break;
        }
        parts.emplace_back(part.response_name, expr);
    }
    std::string j = new_alias();
    std::string from = " FROM (" + rows + ") " + x + child.from_clause();
    level.joins.push_back("LEFT JOIN (SELECT " + group_keys(rel, x) + ", " + object(parts) + " AS __gg_v" + from +
                          " GROUP BY " + group_keys(rel, x) + ") " + j + " ON " + key_match(rel, j, alias, true));
    // A parent without related rows still gets its aggregate: the same object over no rows.
    std::string empty = "(SELECT " + object(parts) + from + " WHERE false)";
    return "CASE WHEN " + any_key_null(rel, alias) + " THEN NULL ELSE coalesce(" + j + ".__gg_v, " + empty + ") END";
}

// The keys of the matching target rows, fetched once with the condition shipped to their
// database, rather than a lookup per row.
std::string Printer::batched_filter(const std::string& alias, const Filter& f) {
    std::string a = new_alias();
    std::vector<std::string> mine;
    std::vector<std::string> theirs;
    for (const auto& [from, to] : f.relationship->mapping) {
        mine.push_back(column(alias, from));
        theirs.push_back(column(a, to));
    }
    return "(" + join_strings(mine, ", ") + ") IN (SELECT " + join_strings(theirs, ", ") + " FROM " + relation(*f.target) +
           " " + a + " WHERE " + filter(*f.target, a, f.children[0]) + ")";
}

// Ordering by fields of an object relationship into another database joins one fetch of the
// target for all the level's candidates.
void Printer::batched_order_terms(const std::string& alias, const SortKey& key, std::vector<OrderTerm>& out,
                                  Level& level) {
    const RelationshipInfo& rel = *key.relationship;
    std::string b = batch_cte(rel, *key.target, level.candidates(), Filter{});
    std::string j = new_alias();
    std::string u = new_alias();
    level.joins.push_back("LEFT JOIN (SELECT DISTINCT ON (" + key_list(rel, u) + ") " + u + ".* FROM " + b + " " + u +
                          ") " + j + " ON " + key_match(rel, j, alias, false));
    order_terms(j, key.nested, out, nullptr);
}

}  // namespace graphgate::compile::printer_detail
