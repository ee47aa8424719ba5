#include "core/compile/printer.hpp"

#include <stdexcept>

#include "core/sql/quote.hpp"

namespace graphgate::compile {
namespace printer_detail {

using sql::quote_ident;
using sql::quote_literal;
using sql::quote_qualified;

// json_build_object takes at most 100 arguments.
constexpr size_t kMaxPairsPerObject = 50;

std::string join_strings(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
    return out;
}

std::string column(const std::string& alias, const std::string& name) { return alias + "." + quote_ident(name); }

std::string Printer::new_alias() { return quote_ident("_" + std::to_string(aliases_++)); }

// A table as the SQL being written names it: the foreign table in the local statement (a remote
// table the local side reads, such as the target of a filter), the table itself in its source's.
std::string Printer::relation(const TableInfo& t) {
    if (!remote()) return quote_qualified(t.sql_schema, t.sql_name);
    bool known = false;
    for (const TableInfo* r : request_->reads) known |= r == &t;
    if (!known) request_->reads.push_back(&t);
    return quote_qualified(t.table_schema, t.table_name);
}

// A bound value: a parameter of the local statement ($n, bound as text, cast); in a remote
// request's statement a parameter of that statement, whose text the local statement passes.
std::string Printer::value(const BoundValue& v) {
    std::string type = v.pg_type + (v.list ? "[]" : "");
    std::string local = "$" + std::to_string(v.param + 1);
    if (!remote()) return local + "::" + type;
    request_->args.push_back(local);
    request_->types.push_back(type);
    return "$" + std::to_string(request_->args.size()) + "::" + type;
}

// The row goes as ROW(columns)::type, which works whatever the relation under the alias is (the
// table, a read of its rows, a subquery of their columns): a computed field's row is the whole
// row, so its role reads every column (the schema shows it only then).
std::string Printer::call(const FunctionCall& c, const std::string& row_alias) {
    if (!c.materialized_as.empty()) return c.materialized_as;
    std::vector<std::string> args;
    if (c.row_table) {
        std::vector<std::string> columns;
        for (const schema::ColumnInfo& col : c.row_table->columns) columns.push_back(column(row_alias, col.name));
        std::string row = "ROW(" + join_strings(columns, ", ") + ")::" + relation(*c.row_table);
        args.push_back(c.table_first ? row : quote_ident(*c.table_argument) + " => " + row);
    }
    for (const auto& [name, v] : c.args) args.push_back(quote_ident(name) + " => " + value(v));
    if (c.session_argument) args.push_back(quote_ident(*c.session_argument) + " => " + session_value(c.session_type));
    return quote_qualified(c.schema, c.name) + "(" + join_strings(args, ", ") + ")";
}

// The session variables (graphql() sets them in hasura.user); a remote statement gets them as a
// parameter.
std::string Printer::session_value(const std::string& type) {
    const std::string session = "pg_catalog.current_setting('hasura.user', true)";
    if (!remote()) return session + "::" + type;
    request_->args.push_back(session);
    request_->types.push_back(type);
    return "$" + std::to_string(request_->args.size()) + "::" + type;
}

std::string Printer::function_rows(const TableInfo& t, const RowsArgs& args, const std::vector<Field>& fields,
                                   std::vector<std::pair<std::string, std::string>>& writes) {
    std::string name = "_gg_fn" + std::to_string(writes.size());
    writes.emplace_back(name, "SELECT * FROM " + call(*args.call, ""));
    RowsArgs once = args;
    once.call->materialized_as = name;
    return select_rows(t, once, fields, nullptr, "", nullptr);
}

std::string Printer::object(const std::vector<std::pair<std::string, std::string>>& parts) const {
    if (parts.size() <= kMaxPairsPerObject) {
        std::string out = "json_build_object(";
        for (size_t i = 0; i < parts.size(); ++i)
            out += (i ? ", " : "") + quote_literal(parts[i].first) + ", " + parts[i].second;
        return out + ")";
    }
    // More keys than json_build_object takes: a row's columns keep their order too.
    std::string columns;
    for (size_t i = 0; i < parts.size(); ++i)
        columns += (i ? ", " : "") + parts[i].second + " AS " + quote_ident(parts[i].first);
    return "(SELECT row_to_json(o) FROM (SELECT " + columns + ") o)";
}

// alias.to = parent.from for each mapped column
std::string Printer::join_condition(const RelationshipInfo& rel, const std::string& parent, const std::string& alias) const {
    std::vector<std::string> parts;
    for (const auto& [from, to] : rel.mapping) parts.push_back(column(alias, to) + " = " + column(parent, from));
    return join_strings(parts, " AND ");
}

std::string Printer::add_cte(const std::string& prefix, const std::string& body) {
    std::string name = prefix + std::to_string(ctes_.size());
    ctes_.emplace_back(name, body);
    return name;
}

CompiledQuery Printer::run() {
    std::vector<std::pair<std::string, std::string>> parts;
    for (const RootField& f : plan_.fields) parts.emplace_back(f.response_name, root(f));
    return finish({}, "json_build_object('data', " + object(parts) + ")");
}

std::string Printer::written_rows(const TableInfo& t, const std::string& rows, const std::string& order_column,
                                  const std::vector<Field>& fields, bool single) {
    std::string alias = new_alias();
    std::string order = order_column.empty() ? "" : " ORDER BY " + column(alias, order_column);
    Level level{"SELECT " + alias + ".* FROM " + rows + " " + alias};
    std::string row = row_json(t, alias, fields, level);
    std::string from = " FROM " + rows + " " + alias + level.from_clause();
    if (single) return "(SELECT " + row + from + order + " LIMIT 1)";
    return "(SELECT coalesce(json_agg(" + row + order + "), '[]')" + from + ")";
}

CompiledQuery Printer::finish(const std::vector<std::pair<std::string, std::string>>& writes,
                              const std::string& select_list) {
    for (const auto& [depth, elements] : fetch_groups_)
        ctes_.emplace_back(fetch_group(depth), "SELECT * FROM graphgate.remote_fetch(ARRAY[" + join_strings(elements, ", ") +
                                                   "]::graphgate.remote_request[])");
    std::string with;
    for (const auto& [name, body] : writes) with += (with.empty() ? "WITH RECURSIVE " : ", ") + name + " AS (" + body + ")";
    for (const auto& [name, body] : ctes_) with += (with.empty() ? "WITH RECURSIVE " : ", ") + name + " AS MATERIALIZED (" + body + ")";
    out_.sql = with + (with.empty() ? "" : " ") + "SELECT " + select_list;
    out_.params = std::move(plan_.params);
    out_.structural_variables = std::move(plan_.structural_variables);
    out_.stream = std::move(plan_.stream);
    return std::move(out_);
}

// ---- root fields ------------------------------------------------------------------------

std::string Printer::root(const RootField& f) {
    switch (f.kind) {
        case RootField::Kind::Typename:
        case RootField::Kind::Text: return quote_literal(f.literal);
        case RootField::Kind::Constant: return value(f.value);
        default: break;
    }
    if (f.table->is_remote) return remote_root(f);
    switch (f.kind) {
        case RootField::Kind::Select: return select_rows(*f.table, f.args, f.fields, nullptr, "", nullptr);
        case RootField::Kind::ByPk: return select_by_pk(f);
        default: return aggregate(*f.table, f.args, f.aggregate, nullptr, "", nullptr);
    }
}

std::string Printer::select_by_pk(const RootField& f) {
    const TableInfo& t = *f.table;
    std::string alias = new_alias();
    std::vector<std::string> conditions;
    for (const auto& [key, v] : f.pk) conditions.push_back(column(alias, key) + " = " + value(v));
    std::string where = join_strings(conditions, " AND ");
    // One row by its key: any second read finds the same row.
    Level level{"SELECT " + alias + ".* FROM " + relation(t) + " " + alias + " WHERE " + where};
    std::string row = row_json(t, alias, f.fields, level);
    return "(SELECT " + row + " FROM " + relation(t) + " " + alias + level.from_clause() + " WHERE " + where + ")";
}

// ---- the rows of a list: filter, order, distinct, limit -----------------------------------

// An uncorrelated query for the rows of `t` that `where` keeps among those related (through
// `join`, from `parent_alias`) to any of `parent`'s candidates; all of them at the root.
Level Printer::candidates(const TableInfo& t, const Filter& where, const RelationshipInfo* join,
                          const std::string& parent_alias, const Level* parent, const FunctionCall* call) {
    // Inside a remote request's statement nothing is fetched, so nothing asks for candidates.
    if (remote()) return Level{};
    ReadingProbe probe(*this);
    std::string c = new_alias();
    std::vector<std::string> conditions;
    Level level;
    if (join && parent) {
        std::vector<std::string> mine;
        std::vector<std::string> theirs;
        for (const auto& [from, to] : join->mapping) {
            mine.push_back(column(c, to));
            theirs.push_back(column("p", from));
        }
        conditions.push_back("(" + join_strings(mine, ", ") + ") IN (SELECT " + join_strings(theirs, ", ") + " FROM (" +
                             parent->text() + ") p)");
        level.reads = parent->read();
    }
    if (where.kind != Filter::Kind::True) conditions.push_back(filter(t, c, where));
    std::string from = relation(t) + " " + c;
    if (call && call->row_table && parent) {
        // A computed field's rows: the function over each of the parents' candidates.
        from = "(" + parent->text() + ") p CROSS JOIN LATERAL " + this->call(*call, "p") + " " + c;
        level.reads = parent->read();
    } else if (call) {
        from = this->call(*call, "") + " " + c;
    }
    level.superset = "SELECT " + c + ".* FROM " + from +
                     (conditions.empty() ? "" : " WHERE " + join_strings(conditions, " AND "));
    level.superset_depth = std::max(probe.depth(), parent ? parent->depth() : 0);
    return level;
}

RowSource Printer::row_source(const TableInfo& t, const RowsArgs& args, const RelationshipInfo* join,
                              const std::string& parent_alias, const Level* parent) {
    RowSource src;
    src.alias = new_alias();
    ReadingProbe probe(*this);
    std::vector<std::string> conditions;
    if (join) conditions.push_back(join_condition(*join, parent_alias, src.alias));
    if (args.where.kind != Filter::Kind::True) conditions.push_back(filter(t, src.alias, args.where));
    src.from = "FROM " + (args.call ? call(*args.call, parent_alias) : relation(t)) + " " + src.alias;
    if (!conditions.empty()) src.where = " WHERE " + join_strings(conditions, " AND ");
    src.level = candidates(t, args.where, join, parent_alias, parent, args.call ? &*args.call : nullptr);

    order_terms(t, src.alias, args.order_by, src.order, &src.level);
    src.order_joins = src.level.joins.size();
    std::vector<std::string> columns;
    for (const schema::ColumnInfo& c : t.columns) columns.push_back(column(src.alias, c.name));
    src.columns = join_strings(columns, ", ");
    for (const std::string& c : args.distinct_on) src.distinct_on.push_back(column(src.alias, c));
    if (args.limit) src.limit_offset += " LIMIT " + value(*args.limit);
    if (args.offset) src.limit_offset += " OFFSET " + value(*args.offset);
    if (!join && parent_alias.empty() && !remote()) {
        // A root level's rows are known exactly: fetches and nested levels take them from the
        // read the output makes (ordering, decided before, reads the superset).
        std::vector<std::string> keys;
        for (const OrderTerm& k : src.order) keys.push_back(k.expr + " " + k.direction);
        std::string distinct = src.distinct_on.empty() ? "" : "DISTINCT ON (" + join_strings(src.distinct_on, ", ") + ") ";
        std::string body = "SELECT " + distinct + src.columns;
        for (size_t i = 0; i < src.order.size(); ++i) body += ", " + src.order[i].expr + " AS __gg_s" + std::to_string(i);
        body += " " + src.from + src.level.from_clause() + src.where +
                (keys.empty() ? "" : " ORDER BY " + join_strings(keys, ", ")) + src.limit_offset;
        rows_ctes_.push_back(RowsCte{"_gg_r" + std::to_string(rows_ctes_.size()), body, probe.depth()});
        src.level.rows = &rows_ctes_.back();
    }
    return src;
}

// The inner query: the given expressions plus the sort keys as __gg_s<n>, filtered, ordered and
// limited.  The joins of fetched fields are made after the limit, over the level's rows only:
// joined before it, the planner would join every row the filter keeps (and sort them all) to
// return a few.  Joins that ordering needs stay before it.  A level whose rows are read once
// (RowsCte) selects from that read.
std::string Printer::inner_query(const RowSource& src, const std::string& select_list) {
    std::string order_joins;
    std::string field_joins;
    for (size_t i = 0; i < src.level.joins.size(); ++i)
        (i < src.order_joins ? order_joins : field_joins) += " " + src.level.joins[i];
    std::string sort_columns;
    for (size_t i = 0; i < src.order.size(); ++i) sort_columns += ", " + src.alias + ".__gg_s" + std::to_string(i);
    if (RowsCte* rows = src.level.rows; rows && rows->used) {
        ctes_.emplace_back(rows->name, rows->body);
        return "SELECT " + select_list + sort_columns + " FROM " + rows->name + " " + src.alias + field_joins;
    }
    std::vector<std::string> keys;
    for (const OrderTerm& k : src.order) keys.push_back(k.expr + " " + k.direction);
    std::string order_by = keys.empty() ? "" : " ORDER BY " + join_strings(keys, ", ");
    std::string distinct = src.distinct_on.empty() ? "" : "DISTINCT ON (" + join_strings(src.distinct_on, ", ") + ") ";
    if (field_joins.empty()) {
        std::string sql = "SELECT " + distinct + select_list;
        for (size_t i = 0; i < src.order.size(); ++i) sql += ", " + src.order[i].expr + " AS __gg_s" + std::to_string(i);
        return sql + " " + src.from + order_joins + src.where + order_by + src.limit_offset;
    }
    std::string rows = "SELECT " + distinct + src.columns;
    for (size_t i = 0; i < src.order.size(); ++i) rows += ", " + src.order[i].expr + " AS __gg_s" + std::to_string(i);
    rows += " " + src.from + order_joins + src.where + order_by + src.limit_offset;
    return "SELECT " + select_list + sort_columns + " FROM (" + rows + ") " + src.alias + field_joins;
}

std::string Printer::outer_order(const RowSource& src, const std::string& alias) const {
    if (src.order.empty()) return "";
    std::vector<std::string> keys;
    for (size_t i = 0; i < src.order.size(); ++i)
        keys.push_back(alias + ".__gg_s" + std::to_string(i) + " " + src.order[i].direction);
    return " ORDER BY " + join_strings(keys, ", ");
}

std::string Printer::select_rows(const TableInfo& t, const RowsArgs& args, const std::vector<Field>& fields,
                                 const RelationshipInfo* join, const std::string& parent_alias, const Level* parent) {
    RowSource src = row_source(t, args, join, parent_alias, parent);
    std::string row = row_json(t, src.alias, fields, src.level);
    return "(SELECT coalesce(json_agg(r.__gg_j" + outer_order(src, "r") + "), '[]') FROM (" +
           inner_query(src, row + " AS __gg_j") + ") r)";
}

// ---- aggregates ---------------------------------------------------------------------------

std::string Printer::aggregate(const TableInfo& t, const RowsArgs& args, const std::vector<AggregatePart>& parts,
                               const RelationshipInfo* join, const std::string& parent_alias, const Level* parent) {
    RowSource src = row_source(t, args, join, parent_alias, parent);
    std::vector<std::string> columns;
    for (const schema::ColumnInfo& c : t.columns) columns.push_back(column(src.alias, c.name));
    std::string rows = new_alias();
    Level nodes_level = src.level;  // the same rows, with joins of their own
    nodes_level.joins.clear();
    std::string object = aggregate_object(t, rows, parts, outer_order(src, rows), nodes_level);
    return "(SELECT " + object + " FROM (" +
           inner_query(src, columns.empty() ? "1 AS __gg_none" : join_strings(columns, ", ")) + ") " + rows +
           nodes_level.from_clause() + ")";
}

// The aggregate object over the rows `rows` (aggregate values, nodes ordered by `nodes_order`).
std::string Printer::aggregate_object(const TableInfo& t, const std::string& rows, const std::vector<AggregatePart>& parts,
                                      const std::string& nodes_order, Level& nodes_level) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const AggregatePart& part : parts) {
        std::string expr;
        switch (part.kind) {
            case AggregatePart::Kind::Typename: expr = quote_literal(part.literal); break;
            case AggregatePart::Kind::Nodes:
                expr = "coalesce(json_agg(" + row_json(t, rows, part.nodes, nodes_level) + nodes_order + "), '[]')";
                break;
            case AggregatePart::Kind::Aggregate: expr = aggregate_values(rows, part.values); break;
        }
        out.emplace_back(part.response_name, expr);
    }
    return object(out);
}

std::string count_of(const std::string& alias, const std::vector<std::string>& columns, bool distinct) {
    std::vector<std::string> exprs;
    for (const std::string& c : columns) exprs.push_back(column(alias, c));
    std::string d = distinct ? "DISTINCT " : "";
    if (exprs.empty()) return "count(*)";
    if (exprs.size() == 1) return "count(" + d + exprs[0] + ")";
    return "count(" + d + "(" + join_strings(exprs, ", ") + "))";
}

std::string Printer::aggregate_values(const std::string& rows, const std::vector<AggregateValue>& values) {
    std::vector<std::pair<std::string, std::string>> parts;
    for (const AggregateValue& v : values) {
        std::string expr;
        switch (v.kind) {
            case AggregateValue::Kind::Typename: expr = quote_literal(v.literal); break;
            case AggregateValue::Kind::Count: expr = count_of(rows, v.columns, v.distinct); break;
            case AggregateValue::Kind::Function: {
                std::vector<std::pair<std::string, std::string>> columns;
                for (const AggregateValue::Column& c : v.function_columns)
                    columns.emplace_back(c.response_name, c.column.empty()
                                                              ? quote_literal(c.literal)
                                                              : v.function + "(" + column(rows, c.column) + ")" +
                                                                    (v.as_float ? "::float8" : "") + (c.as_text ? "::text" : ""));
                expr = object(columns);
                break;
            }
        }
        parts.emplace_back(v.response_name, expr);
    }
    return object(parts);
}

// ---- one row as JSON ----------------------------------------------------------------------

std::string Printer::row_json(const TableInfo& t, const std::string& alias, const std::vector<Field>& fields,
                              Level& level) {
    std::vector<std::pair<std::string, std::string>> parts;
    for (const Field& f : fields) parts.emplace_back(f.response_name, field_value(t, alias, f, level));
    return object(parts);
}

std::string Printer::field_value(const TableInfo& t, const std::string& alias, const Field& f, Level& level) {
    if (f.batched && f.target->is_remote) {
        // Inside a remote request's statement, such a field is a chain: remote_row keeps it out.
        if (remote()) throw std::logic_error("a fetched field inside a remote statement");
        return fetched_field(t, alias, f, level);
    }
    // A field of graphgate's own database under a fetched row is answered here, like any other
    // local relationship: the fetched rows are a row set with the key columns (remote_rows).
    switch (f.kind) {
        case Field::Kind::Typename: return quote_literal(f.literal);
        case Field::Kind::Column: {
            std::string expr = f.computed ? call(*f.computed, alias) : column(alias, f.column);
            if (f.json_path) return "(" + expr + " #> " + value(*f.json_path) + ")";
            return f.as_text ? expr + "::text" : expr;
        }
        case Field::Kind::Object: {
            std::string a = new_alias();
            Level child = candidates(*f.target, Filter{}, f.relationship, alias, &level);
            std::string row = row_json(*f.target, a, f.fields, child);
            return "(SELECT " + row + " FROM " + relation(*f.target) + " " + a + child.from_clause() + " WHERE " +
                   join_condition(*f.relationship, alias, a) + " LIMIT 1)";
        }
        case Field::Kind::Array: return select_rows(*f.target, f.args, f.fields, f.relationship, alias, &level);
        case Field::Kind::Aggregate: return aggregate(*f.target, f.args, f.aggregate, f.relationship, alias, &level);
    }
    return "NULL";  // unreachable: the switch covers every kind
}

// ---- where --------------------------------------------------------------------------------

namespace {

// The column a condition compares, cast where the condition says (jsonb's _cast: its text).
std::string compared(const std::string& alias, const Filter& f) {
    std::string c = column(alias, f.column);
    return f.cast.empty() ? c : "(" + c + ")::" + f.cast;
}

bool is_comparison(const Filter& f) {
    return f.kind == Filter::Kind::Compare || f.kind == Filter::Kind::In || f.kind == Filter::Kind::IsNull;
}

}  // namespace

// A comparison (Compare, In, IsNull) of `subject`.
std::string Printer::comparison(const std::string& subject, const Filter& f) {
    if (!is_comparison(f)) throw std::logic_error("not a comparison");
    if (f.kind == Filter::Kind::IsNull) return subject + (f.negated ? " IS NOT NULL" : " IS NULL");
    if (f.kind == Filter::Kind::In) {
        std::string test = subject + " " + f.op + " ANY (" + value(f.value) + ")";
        return f.negated ? "NOT (" + test + ")" : test;
    }
    std::string operand = value(f.value);
    if (!f.operand_function.empty()) operand = f.operand_function + "(" + operand + ")";
    return subject + " " + f.op + " " + operand;
}

std::string Printer::filter(const TableInfo& t, const std::string& alias, const Filter& f) {
    switch (f.kind) {
        case Filter::Kind::True: return "true";
        case Filter::Kind::False: return "false";
        case Filter::Kind::And:
        case Filter::Kind::Or: {
            std::vector<std::string> terms;
            for (const Filter& c : f.children) terms.push_back(filter(t, alias, c));
            return "(" + join_strings(terms, f.kind == Filter::Kind::And ? " AND " : " OR ") + ")";
        }
        case Filter::Kind::Not: return "NOT " + filter(t, alias, f.children[0]);
        case Filter::Kind::Compare:
        case Filter::Kind::In:
        case Filter::Kind::IsNull: {
            if (!f.computed) return comparison(compared(alias, f), f);
            std::string value = call(*f.computed, alias);
            return comparison(f.cast.empty() ? value : "(" + value + ")::" + f.cast, f);
        }
        case Filter::Kind::RelatedCount: {
            std::string count;
            if (f.batched) {
                count = fetched_count(f, alias);
            } else {
                std::string a = new_alias();
                count = "(SELECT " + count_of(a, f.count_columns, f.distinct) + " FROM " + relation(*f.target) + " " + a +
                        " WHERE " + join_condition(*f.relationship, alias, a) + " AND " +
                        filter(*f.target, a, f.children[0]) + ")";
            }
            std::vector<std::string> terms;
            for (size_t i = 1; i < f.children.size(); ++i) terms.push_back(comparison(count, f.children[i]));
            return terms.empty() ? "true" : "(" + join_strings(terms, " AND ") + ")";
        }
        case Filter::Kind::Related: {
            if (f.batched) {
                std::vector<std::string> from;
                for (const auto& [here, there] : f.relationship->mapping) from.push_back(here);
                return key_set(f, from, alias);
            }
            std::string a = new_alias();
            return "EXISTS (SELECT 1 FROM " + relation(*f.target) + " " + a + " WHERE " +
                   join_condition(*f.relationship, alias, a) + " AND " + filter(*f.target, a, f.children[0]) + ")";
        }
    }
    return "true";  // unreachable: the switch covers every kind
}

// ---- order_by -----------------------------------------------------------------------------

// The type an aggregate sort key has: count bigint, max/min the column's, the others numbers
// (numeric orders every number type the same way).
std::string aggregate_type(const TableInfo& t, const SortKey& k) {
    if (k.kind == SortKey::Kind::AggregateCount) return "bigint";
    if (k.function == "max" || k.function == "min") {
        const schema::ColumnInfo* c = t.column(k.column);
        return c ? c->pg_type : "text";
    }
    return "numeric";
}

// `level`, when given, may receive LEFT JOINs: ordering by a field of another database joins that
// field's fetch instead of querying per row.
void Printer::order_terms(const TableInfo& t, const std::string& alias, const std::vector<SortKey>& keys,
                          std::vector<OrderTerm>& out, Level* level) {
    for (const SortKey& k : keys) {
        if (k.batched) {
            if (!level || remote()) throw std::logic_error("an order_by key of another database in the wrong place");
            fetched_order_terms(alias, k, out, *level);
            continue;
        }
        switch (k.kind) {
            case SortKey::Kind::Column: {
                if (k.computed) {
                    out.push_back(OrderTerm{call(*k.computed, alias), k.direction, k.computed->result_type});
                    break;
                }
                const schema::ColumnInfo* c = t.column(k.column);
                out.push_back(OrderTerm{column(alias, k.column), k.direction, c ? c->pg_type : "text"});
                break;
            }
            case SortKey::Kind::Related: {
                std::string a = new_alias();
                std::vector<OrderTerm> nested;
                order_terms(*k.target, a, k.nested, nested, nullptr);
                for (OrderTerm& n : nested)
                    out.push_back(OrderTerm{"(SELECT " + n.expr + " FROM " + relation(*k.target) + " " + a + " WHERE " +
                                                join_condition(*k.relationship, alias, a) + " LIMIT 1)",
                                            n.direction, n.type});
                break;
            }
            case SortKey::Kind::AggregateCount:
            case SortKey::Kind::Aggregate: {
                std::string a = new_alias();
                std::string what = k.kind == SortKey::Kind::AggregateCount ? "count(*)"
                                                                           : k.function + "(" + column(a, k.column) + ")";
                out.push_back(OrderTerm{"(SELECT " + what + " FROM " + relation(*k.target) + " " + a + " WHERE " +
                                            join_condition(*k.relationship, alias, a) + ")",
                                        k.direction, aggregate_type(*k.target, k)});
                break;
            }
        }
    }
}

}  // namespace printer_detail

CompiledQuery print_plan(Plan plan, int64_t first_remote_id) {
    return printer_detail::Printer(std::move(plan), first_remote_id).run();
}

}  // namespace graphgate::compile
