// The mutation printer: writes the statements of a mutation plan (plan_mutation.hpp) as SQL.
// A write is a data-modifying CTE (_gg_w<n>); the output is built by the query printer's
// row printing over the rows the write returned: in the same statement when it reads no table
// the field wrote, else in a second statement over the returned rows, passed back as json
// (json_populate_recordset), which runs after the write and so sees it.
#include <algorithm>
#include <set>

#include "core/compile/insert_input.hpp"
#include "core/compile/mutation_compiler.hpp"
#include "core/compile/mutation_planner.hpp"
#include "core/compile/printer.hpp"
#include "core/sql/quote.hpp"

namespace graphgate::compile {
namespace {

using printer_detail::column;
using printer_detail::join_strings;
using printer_detail::Printer;
using sql::quote_ident;
using sql::quote_literal;

constexpr const char* kWriteAlias = "_w";

// The columns RETURNING gives: the role's columns when anything reads the rows, else a
// constant (counting them needs no privilege).
std::string returning_list(const TableInfo& t, bool rows_needed) {
    if (!rows_needed || t.columns.empty()) return "1 AS \"__gg_one\"";
    std::vector<std::string> out;
    for (const schema::ColumnInfo& c : t.columns) out.push_back(column(kWriteAlias, c.name));
    return join_strings(out, ", ");
}

class FieldPrinter {
public:
    FieldPrinter(const MutationFieldPlan& plan, int64_t first_remote_id, std::vector<RemoteRequest>& remote,
                 std::set<std::string>& written_sources)
        : plan_(plan), first_remote_id_(first_remote_id), remote_(remote), written_sources_(written_sources) {}

    CompiledMutationField run() {
        CompiledMutationField out;
        out.response_name = plan_.response_name;
        out.many = plan_.many;
        out.params = plan_.params.params;
        if (plan_.kind == MutationFieldPlan::Kind::Typename) {
            out.literal = Json(plan_.literal).dump();
            return out;
        }
        if (table().is_remote) written_sources_.insert(table().source);
        if (plan_.kind == MutationFieldPlan::Kind::Function) {
            CompiledUnit unit;
            Printer p = printer();
            std::vector<std::pair<std::string, std::string>> writes;
            std::string rows = p.function_rows(table(), plan_.function_rows, plan_.row_fields, writes);
            unit.statements.push_back(statement(p, writes, rows + "::text", 0));
            out.units.push_back(std::move(unit));
            return out;
        }
        if (plan_.insert) {
            const InsertPlan& insert = *plan_.insert;
            out.insert_shape = insert.shape;
            out.insert_variable = insert.variable;
            out.insert_constant = insert.constant;
            out.insert_single = insert.single;
            out.error_path = insert.path;
            out.units.push_back(unit([&](Printer& p, std::vector<std::pair<std::string, std::string>>& writes) {
                return insert_writes(p, insert, writes);
            }));
        } else {
            for (const RowsWrite& w : plan_.writes)
                out.units.push_back(unit([&](Printer& p, std::vector<std::pair<std::string, std::string>>& writes) {
                    return rows_writes(p, w, writes);
                }));
        }
        return out;
    }

private:
    const MutationFieldPlan& plan_;
    int64_t first_remote_id_;
    std::vector<RemoteRequest>& remote_;
    // Remote sources the request wrote to so far (this field included): postgres_fdw's
    // transaction holds those writes, which the remote executor's own connections cannot see.
    std::set<std::string>& written_sources_;

    const TableInfo& table() const { return *plan_.table; }

    bool rows_needed() const {
        if (plan_.single_row || plan_.two_step) return true;
        for (const ResponsePart& p : plan_.response)
            if (p.kind == ResponsePart::Kind::Returning) return true;
        return false;
    }

    // The written rows as one relation: its SQL, and the column that orders it ("": none).
    struct Written {
        std::string rows;
        std::string order_column;
        std::vector<std::string> counts;  // expressions of the rows each write affected
    };

    Printer printer() const {
        Plan plan;
        plan.params = plan_.params.params;
        return Printer(std::move(plan), first_remote_id_ + static_cast<int64_t>(remote_.size()));
    }

    CompiledStatement statement(Printer& p, const std::vector<std::pair<std::string, std::string>>& writes,
                                const std::string& select_list, size_t previous_columns) {
        CompiledQuery q = p.finish(writes, select_list);
        for (RemoteRequest& r : q.remote_requests) {
            if (written_sources_.count(r.source))
                throw GraphQLError("reading remote source \"" + r.source +
                                       "\" after writing to it in the same request is not supported yet",
                                   {}, "not-supported", {std::string("selectionSet"), plan_.response_name});
            remote_.push_back(std::move(r));
        }
        CompiledStatement s;
        s.sql = std::move(q.sql);
        for (size_t i = 0; i < plan_.params.params.size(); ++i) s.params.push_back({StatementParam::Source::Request, 0, i});
        if (plan_.insert)
            for (size_t g = 0; g < plan_.insert->row_params.size(); ++g)
                s.params[plan_.insert->row_params[g]] = {StatementParam::Source::InsertRows, g, 0};
        for (size_t c = 0; c < previous_columns; ++c) s.params.push_back({StatementParam::Source::PreviousRow, 0, c});
        return s;
    }

    // The output of the field (its JSON value) over the written rows.
    std::string output(Printer& p, const Written& w, const std::string& affected) {
        if (plan_.single_row) return p.written_rows(table(), w.rows, w.order_column, plan_.row_fields, true);
        std::vector<std::pair<std::string, std::string>> parts;
        for (const ResponsePart& part : plan_.response) {
            switch (part.kind) {
                case ResponsePart::Kind::Typename: parts.emplace_back(part.response_name, quote_literal(part.literal)); break;
                case ResponsePart::Kind::AffectedRows: parts.emplace_back(part.response_name, affected); break;
                case ResponsePart::Kind::Returning:
                    parts.emplace_back(part.response_name,
                                       p.written_rows(table(), w.rows, w.order_column, part.fields, false));
                    break;
            }
        }
        return p.json_object(parts);
    }

    template <typename Writes>
    CompiledUnit unit(Writes writes_of) {
        CompiledUnit unit;
        Printer first = printer();
        std::vector<std::pair<std::string, std::string>> writes;
        Written w = writes_of(first, writes);
        std::string affected = w.counts.empty() ? "0" : "(" + join_strings(w.counts, " + ") + ")";
        if (!plan_.two_step) {
            unit.statements.push_back(statement(first, writes, output(first, w, affected) + "::text", 0));
            return unit;
        }
        // The write returns its count and its rows; the output is read after it.
        std::string order = w.order_column.empty() ? "" : " ORDER BY x." + quote_ident(w.order_column);
        unit.statements.push_back(statement(
            first, writes,
            affected + "::text, (SELECT coalesce(json_agg(x" + order + "), '[]') FROM " + w.rows + " x)::text", 0));
        Printer second = printer();
        size_t n = plan_.params.params.size();
        Written again;
        again.rows = "json_populate_recordset(NULL::" + second.table(table()) + ", $" + std::to_string(n + 2) +
                     "::json) WITH ORDINALITY";
        again.order_column = "ordinality";
        unit.statements.push_back(
            statement(second, {}, output(second, again, "$" + std::to_string(n + 1) + "::bigint") + "::text", 2));
        return unit;
    }

    // ---- insert -------------------------------------------------------------------------

    std::string conflict_clause(Printer& p, const TableInfo& t, const ConflictPlan& c) {
        // A foreign table takes DO NOTHING only, without a target: the source's constraints decide.
        if (t.is_remote) return " ON CONFLICT DO NOTHING";
        std::string out = " ON CONFLICT ";
        if (c.key->is_constraint) {
            out += "ON CONSTRAINT " + quote_ident(c.key->name);
        } else {
            std::vector<std::string> columns;
            for (const std::string& k : c.key->columns) columns.push_back(quote_ident(k));
            out += "(" + join_strings(columns, ", ") + ")";
            if (!c.key->predicate.empty()) out += " WHERE " + c.key->predicate;
        }
        if (c.update_columns.empty()) return out + " DO NOTHING";
        std::vector<std::string> sets;
        for (const std::string& col : c.update_columns) sets.push_back(quote_ident(col) + " = EXCLUDED." + quote_ident(col));
        out += " DO UPDATE SET " + join_strings(sets, ", ");
        if (c.where.kind != Filter::Kind::True) out += " WHERE " + p.condition(t, kWriteAlias, c.where);
        return out;
    }

    // The columns of node n's rows that the statement needs: the role's (for the output), the
    // keys its relationships link by, and the conflict target its rows are matched by.
    std::vector<std::string> node_columns(const InsertPlan& insert, size_t n) const {
        const InsertShape& shape = insert.shape;
        const InsertNode& node = shape.nodes[n];
        std::vector<std::string> out;
        auto add = [&out](const std::string& c) {
            if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
        };
        if (n == 0 && rows_needed())
            for (const schema::ColumnInfo& c : node.table->columns) add(c.name);
        if (n > 0 && !node.relationship->insert_after_parent)
            for (const auto& [here, there] : node.relationship->mapping) add(there);
        for (size_t c : node.children)
            if (shape.nodes[c].relationship->insert_after_parent)
                for (const auto& [here, there] : shape.nodes[c].relationship->mapping) add(here);
        for (size_t g = 0; g < node.groups.size(); ++g)
            if (insert.correlations[n][g] == Correlation::ConflictKey)
                for (const std::string& k : insert.conflicts[n][g]->key->columns) add(k);
        return out;
    }

    // A select list's leading items, "" or "a, b, ".
    static std::string prefixed(const std::string& list) { return list.empty() ? "" : list + ", "; }

    static std::string column_list(const std::string& alias, const std::vector<std::string>& columns) {
        std::vector<std::string> out;
        for (const std::string& c : columns) out.push_back((alias.empty() ? "" : alias + ".") + quote_ident(c));
        return join_strings(out, ", ");
    }

    // The writes of node n and of the nodes below it: object relationships' targets first (their
    // keys go into the node's rows), the node, then array relationships (they take its keys).
    // Each group is one INSERT ... SELECT over its rows; a node whose rows something links to
    // gets _gg_m<n>: its rows with their place (__gg_i, __gg_p).
    void insert_node(Printer& p, const InsertPlan& insert, size_t n, Written& w,
                     std::vector<std::pair<std::string, std::string>>& writes) {
        const InsertShape& shape = insert.shape;
        const InsertNode& node = shape.nodes[n];
        for (size_t c : node.children)
            if (!shape.nodes[c].relationship->insert_after_parent) insert_node(p, insert, c, w, writes);
        const TableInfo& t = *node.table;
        std::vector<std::string> columns = node_columns(insert, n);
        std::string returning = columns.empty() ? "1 AS \"__gg_one\"" : column_list(kWriteAlias, columns);
        std::vector<std::string> matched;
        for (size_t g = 0; g < node.groups.size(); ++g) {
            const InsertGroup& group = node.groups[g];
            const std::optional<ConflictPlan>& conflict = insert.conflicts[n][g];
            // json, not jsonb: json_to_recordset reads the text graphgate wrote in one pass, where
            // jsonb_in would build and sort a tree first (half the cost at 10,000 rows), and a
            // json column keeps the value as it was sent.
            std::string rows_param =
                "$" + std::to_string(insert.row_params[shape.flat_index[n] + g] + 1) + "::json";
            std::vector<std::string> names;
            std::vector<std::string> values;
            std::vector<std::string> record = {"\"__gg_i\" bigint", "\"__gg_p\" bigint"};
            for (const std::string& c : group.columns) {
                names.push_back(quote_ident(c));
                values.push_back("r." + quote_ident(c));
                record.push_back(quote_ident(c) + " " + t.writes.insert_column(c)->sql_type);
            }
            std::string joins;
            for (size_t c : group.children) {
                const RelationshipInfo& rel = *shape.nodes[c].relationship;
                if (rel.insert_after_parent) continue;
                std::string alias = "_c" + std::to_string(c);
                joins += " LEFT JOIN _gg_m" + std::to_string(c) + " " + alias + " ON " + alias + ".\"__gg_p\" = r.\"__gg_i\"";
                for (const auto& [here, there] : rel.mapping) {
                    names.push_back(quote_ident(here));
                    values.push_back(alias + "." + quote_ident(there));
                }
            }
            if (n > 0 && node.relationship->insert_after_parent) {
                joins += " JOIN _gg_m" + std::to_string(node.parent) + " _p ON _p.\"__gg_i\" = r.\"__gg_p\"";
                for (const auto& [here, there] : node.relationship->mapping) {
                    names.push_back(quote_ident(there));
                    values.push_back("_p." + quote_ident(here));
                }
            }
            std::string name = "_gg_w" + std::to_string(writes.size());
            writes.emplace_back(name, "INSERT INTO " + p.table(t) + " AS " + kWriteAlias +
                                          (names.empty() ? "" : " (" + join_strings(names, ", ") + ")") + " SELECT " +
                                          join_strings(values, ", ") + " FROM json_to_recordset(" + rows_param +
                                          ") AS r(" + join_strings(record, ", ") + ")" + joins +
                                          " ORDER BY r.\"__gg_i\"" + (conflict ? conflict_clause(p, t, *conflict) : "") +
                                          " RETURNING " + returning);
            w.counts.push_back("(SELECT count(*) FROM " + name + ")");
            if (n == 0 && !insert.linked[0]) {
                matched.push_back(name);
                continue;
            }
            if (!insert.linked[n]) continue;
            std::string numbered = "_gg_o" + std::to_string(writes.size());
            std::string places = "json_to_recordset(" + rows_param + ") AS r(\"__gg_i\" bigint, \"__gg_p\" bigint";
            if (insert.correlations[n][g] == Correlation::ConflictKey) {
                // An upsert returns no row for an object DO NOTHING skipped: its row is the one
                // already there, found by the conflict target (the statement sees the table as
                // it was before it).
                const std::vector<std::string>& key = conflict->key->columns;
                std::vector<std::string> typed;
                for (const std::string& k : key) typed.push_back(quote_ident(k) + " " + t.column(k)->sql_type);
                std::string mine = "(" + column_list("r", key) + ")";
                writes.emplace_back(
                    numbered, "SELECT x.*, r.\"__gg_i\", r.\"__gg_p\" FROM " + places + ", " + join_strings(typed, ", ") +
                                  ") CROSS JOIN LATERAL (SELECT " + prefixed(column_list("", columns)) + "true AS \"__gg_new\" FROM " + name +
                                  " WHERE (" + column_list(name, key) + ") = " + mine + " UNION ALL SELECT " +
                                  prefixed(column_list("_e", columns)) + "false FROM " + p.table(t) + " _e WHERE (" +
                                  column_list("_e", key) + ") = " + mine + " AND NOT EXISTS (SELECT FROM " + name +
                                  " WHERE (" + column_list(name, key) + ") = " + mine + ") LIMIT 1) x");
            } else {
                // The n-th row an INSERT ... SELECT ... ORDER BY returns is its n-th object.
                writes.emplace_back(
                    numbered, "SELECT w.*, i.\"__gg_i\", i.\"__gg_p\", true AS \"__gg_new\" FROM (SELECT " + name +
                                  ".*, row_number() OVER () AS \"__gg_n\" FROM " + name + ") w JOIN (SELECT r.\"__gg_i\", "
                                  "r.\"__gg_p\", row_number() OVER (ORDER BY r.\"__gg_i\") AS \"__gg_n\" FROM " + places +
                                  ")) i USING (\"__gg_n\")");
            }
            matched.push_back(numbered);
        }
        if (insert.linked[n]) {
            std::vector<std::string> selects;
            std::string list = prefixed(column_list("", columns)) + "\"__gg_i\", \"__gg_p\", \"__gg_new\"";
            for (const std::string& m : matched) selects.push_back("SELECT " + list + " FROM " + m);
            writes.emplace_back("_gg_m" + std::to_string(n), join_strings(selects, " UNION ALL "));
        }
        if (n == 0) {
            if (insert.linked[0]) {
                // The objects' rows, in their order; not those an upsert left as they were.
                w.rows = "(SELECT * FROM _gg_m0 WHERE \"__gg_new\")";
                w.order_column = "__gg_i";
            } else if (matched.size() == 1) {
                w.rows = matched[0];
            } else {
                // Upserts' rows that cannot be matched to their objects: group after group.
                std::vector<std::string> selects;
                std::string list = columns.empty() ? "\"__gg_one\"" : column_list("", columns);
                for (size_t g = 0; g < matched.size(); ++g)
                    selects.push_back("SELECT " + list + ", " + std::to_string(g) + " AS \"__gg_i\" FROM " + matched[g]);
                w.rows = "(" + join_strings(selects, " UNION ALL ") + ")";
                w.order_column = "__gg_i";
            }
        }
        for (size_t c : node.children)
            if (shape.nodes[c].relationship->insert_after_parent) insert_node(p, insert, c, w, writes);
    }

    Written insert_writes(Printer& p, const InsertPlan& insert, std::vector<std::pair<std::string, std::string>>& writes) {
        Written w;
        insert_node(p, insert, 0, w, writes);
        return w;
    }

    // ---- update, delete -----------------------------------------------------------------

    std::string value_of(Printer& p, const ValueRef& v) {
        if (v.bound) return p.bound(*v.bound);
        return "_r" + std::to_string(v.record) + "." + quote_ident(v.key);
    }

    static std::string assignment(const std::string& target, UpdateOp op, const std::string& v) {
        switch (op) {
            case UpdateOp::Set: return v;
            case UpdateOp::Inc: return target + " + " + v;
            case UpdateOp::Append: return target + " || " + v;
            case UpdateOp::Prepend: return v + " || " + target;
            case UpdateOp::DeleteKey:
            case UpdateOp::DeleteElem: return target + " - " + v;
            case UpdateOp::DeleteAtPath: return target + " #- " + v;
        }
        return v;
    }

    Written rows_writes(Printer& p, const RowsWrite& write, std::vector<std::pair<std::string, std::string>>& writes) {
        const TableInfo& t = table();
        bool update = plan_.kind == MutationFieldPlan::Kind::Update;
        std::vector<std::string> records;
        for (size_t r = 0; r < write.records.size(); ++r) {
            const RecordInput& record = write.records[r];
            std::vector<std::string> columns;
            for (const auto& [key, type] : record.columns) columns.push_back(quote_ident(key) + " " + type);
            records.push_back("json_to_record(" + p.bound(record.json) + ") AS _r" + std::to_string(r) + "(" +
                              join_strings(columns, ", ") + ")");
        }
        std::vector<std::string> conditions;
        if (write.where.kind != Filter::Kind::True) conditions.push_back(p.condition(t, kWriteAlias, write.where));
        for (const auto& [key, v] : write.pk) conditions.push_back(column(kWriteAlias, key) + " = " + value_of(p, v));
        std::string where = conditions.empty() ? "" : " WHERE " + join_strings(conditions, " AND ");
        std::string from = records.empty() ? "" : join_strings(records, ", ");
        std::string body;
        std::string returning = " RETURNING " + returning_list(t, rows_needed());
        if (update && write.assignments.empty()) {
            // Hasura's update without operators changes nothing and answers as if no row matched.
            body = "SELECT " + returning_list(t, rows_needed()) + " FROM " + p.table(t) + " AS " + kWriteAlias + " WHERE false";
        } else if (update) {
            std::vector<std::string> sets;
            for (const Assignment& a : write.assignments)
                sets.push_back(quote_ident(a.column) + " = " +
                               assignment(column(kWriteAlias, a.column), a.op, value_of(p, a.value)));
            body = "UPDATE " + p.table(t) + " AS " + kWriteAlias + " SET " + join_strings(sets, ", ") +
                   (from.empty() ? "" : " FROM " + from) + where + returning;
        } else {
            body = "DELETE FROM " + p.table(t) + " AS " + kWriteAlias + (from.empty() ? "" : " USING " + from) + where +
                   returning;
        }
        std::string name = "_gg_w" + std::to_string(writes.size());
        writes.emplace_back(name, body);
        Written w;
        w.rows = name;
        if (!(update && write.assignments.empty())) w.counts.push_back("(SELECT count(*) FROM " + name + ")");
        return w;
    }
};

}  // namespace

CompiledMutation compile_mutation(const CompileInput& input) {
    MutationPlan plan = plan_mutation(input);
    CompiledMutation out;
    std::set<std::string> written_sources;
    for (const MutationFieldPlan& f : plan.fields)
        out.fields.push_back(FieldPrinter(f, input.first_remote_id, out.remote_requests, written_sources).run());
    out.structural_variables = std::move(plan.structural_variables);
    out.probes = std::move(plan.probes);
    return out;
}

std::string probe_key(const schema::GraphQLSchema& schema, const std::vector<ShapeProbe>& probes, const Json& variables) {
    std::string out;
    for (const ShapeProbe& probe : probes) {
        auto it = variables.find(probe.variable);
        if (it == variables.end() || it->is_null()) {
            out += "null;";
            continue;
        }
        if (probe.kind == ShapeProbe::Kind::ObjectKeys) {
            for (auto k = it->begin(); k != it->end(); ++k) out += Json(k.key()).dump() + ",";
            out += ";";
            continue;
        }
        const schema::CatalogSnapshot& snapshot = schema.snapshot();
        // insert_<t>_one's object as a list of it; a list read where it is (thousands of rows).
        const Json one = probe.single ? Json::array({*it}) : Json();
        const Json& list = probe.single ? one : *it;
        out += shape_key(read_insert_shape(snapshot, snapshot.tables.at(probe.table), list, probe.path, probe.single)) + ";";
    }
    return out;
}

std::vector<std::string> field_insert_rows(const CompiledMutationField& field, const Json& variables) {
    if (!field.insert_shape) return {};
    if (!field.insert_variable) return insert_rows(*field.insert_shape, field.insert_constant);
    const Json& value = variables.at(*field.insert_variable);
    if (field.insert_single) return insert_rows(*field.insert_shape, Json::array({value}));
    return insert_rows(*field.insert_shape, value);
}

std::optional<std::string> statement_param_text(const CompiledMutationField& field, const StatementParam& p, size_t i,
                                                const Json& variables, const std::vector<std::string>& rows,
                                                const std::vector<std::optional<std::string>>& previous) {
    switch (p.source) {
        case StatementParam::Source::Request: return param_text(field.params.at(p.column), variables);
        case StatementParam::Source::InsertRows: return rows.at(p.group);
        case StatementParam::Source::PreviousRow: return previous.at(p.column);
        case StatementParam::Source::Unused: return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace graphgate::compile
