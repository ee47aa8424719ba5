#include "core/compile/plan_arguments.hpp"

#include <algorithm>

namespace graphgate::compile {

using Origin = schema::GraphQLSchema::FieldOrigin;

const char* sort_direction(const std::string& order) {
    if (order == "asc" || order == "asc_nulls_last") return "ASC NULLS LAST";
    if (order == "asc_nulls_first") return "ASC NULLS FIRST";
    if (order == "desc" || order == "desc_nulls_first") return "DESC NULLS FIRST";
    return "DESC NULLS LAST";  // desc_nulls_last; the schema allows nothing else
}

namespace {

// The keys ORDER BY gets, in order: a group of keys through a relationship counts as its keys.
void leaves(const std::vector<SortKey>& keys, std::vector<const SortKey*>& out) {
    for (const SortKey& k : keys) {
        if (k.kind == SortKey::Kind::Related) leaves(k.nested, out);
        else out.push_back(&k);
    }
}

}  // namespace

RowsArgs ArgumentPlanner::rows(const TableInfo& t, const graphql::CollectedField& f, const Input& args,
                               const std::vector<PathSegment>& path) {
    RowsArgs rows;
    rows.where = where(t, inputs_.argument(args, f, "where"));
    for (const Input& element : inputs_.elements(inputs_.argument(args, f, "order_by")))
        order_keys(t, t, element, true, rows.order_by, path);
    Input distinct = inputs_.argument(args, f, "distinct_on");
    if (!distinct.is_null()) {
        for (const Json& c : inputs_.structural(distinct)) rows.distinct_on.push_back(c.get<std::string>());
        // DISTINCT ON keeps the first row of each group in ORDER BY order, which must therefore
        // start with the same columns (Hasura's rule too).
        std::vector<const SortKey*> order;
        leaves(rows.order_by, order);
        for (size_t i = 0; i < order.size() && i < rows.distinct_on.size(); ++i)
            if (order[i]->kind != SortKey::Kind::Column || order[i]->column != rows.distinct_on[i])
                throw GraphQLError("\"distinct_on\" columns must match initial \"order_by\" columns", {},
                                   error_code::validation_failed);
        for (size_t i = order.size(); i < rows.distinct_on.size(); ++i) {
            SortKey k;
            k.column = rows.distinct_on[i];
            k.direction = "ASC NULLS LAST";
            rows.order_by.push_back(std::move(k));
        }
    }
    auto count = [&](const char* name) -> std::optional<BoundValue> {
        Input in = inputs_.argument(args, f, name);
        if (in.is_null()) return std::nullopt;
        std::vector<PathSegment> p = path;
        p.emplace_back("args");
        p.emplace_back(name);
        return inputs_.bind_count(in, std::move(p));
    };
    rows.limit = count("limit");
    rows.offset = count("offset");
    return rows;
}

Filter ArgumentPlanner::where(const TableInfo& t, const Input& in) {
    Filter out;
    if (in.is_null()) return out;
    inputs_.mark_if_variable(in);
    std::vector<Filter> parts;
    for (auto it = in.value->begin(); it != in.value->end(); ++it) {
        const std::string& key = it.key();
        Input sub = inputs_.child(in, key);
        if (sub.is_null()) continue;  // Hasura ignores a null condition
        if (key == "_and" || key == "_or") {
            Filter group;
            group.kind = key == "_and" ? Filter::Kind::And : Filter::Kind::Or;
            for (const Input& e : inputs_.elements(sub)) group.children.push_back(where(t, e));
            if (group.children.empty()) group.kind = key == "_and" ? Filter::Kind::True : Filter::Kind::False;
            parts.push_back(std::move(group));
        } else if (key == "_not") {
            Filter negation;
            negation.kind = Filter::Kind::Not;
            negation.children.push_back(where(t, sub));
            parts.push_back(std::move(negation));
        } else if (const Origin* origin = schema_.field_origin(t, key)) {
            if (origin->kind == Origin::Column) {
                comparisons(*origin->column, sub, parts);
            } else if (origin->kind == Origin::Relationship) {
                Filter related;
                related.kind = Filter::Kind::Related;
                related.relationship = origin->relationship;
                related.target = &target(*origin->relationship);
                related.batched = crosses_databases(t, *related.target);
                related.children.push_back(where(*related.target, sub));
                parts.push_back(std::move(related));
            }
        }
    }
    if (parts.empty()) return out;
    out.kind = Filter::Kind::And;
    out.children = std::move(parts);
    return out;
}

void ArgumentPlanner::comparisons(const schema::ColumnInfo& c, const Input& in, std::vector<Filter>& out) {
    static const std::vector<std::pair<std::string, std::string>> binary = {
        {"_eq", "="}, {"_neq", "<>"}, {"_gt", ">"}, {"_lt", "<"}, {"_gte", ">="}, {"_lte", "<="},
        {"_like", "LIKE"}, {"_nlike", "NOT LIKE"}, {"_ilike", "ILIKE"}, {"_nilike", "NOT ILIKE"},
        {"_similar", "SIMILAR TO"}, {"_nsimilar", "NOT SIMILAR TO"}, {"_regex", "~"}, {"_iregex", "~*"},
        {"_nregex", "!~"}, {"_niregex", "!~*"}, {"_contains", "@>"}, {"_contained_in", "<@"}, {"_has_key", "?"},
        {"_has_keys_any", "?|"}, {"_has_keys_all", "?&"}};
    inputs_.mark_if_variable(in);
    for (auto it = in.value->begin(); it != in.value->end(); ++it) {
        const std::string& op = it.key();
        Input operand = inputs_.child(in, op);
        if (operand.is_null()) continue;
        Filter f;
        f.column = c.name;
        if (op == "_is_null") {
            f.kind = Filter::Kind::IsNull;
            f.negated = !inputs_.structural(operand).get<bool>();
        } else if (op == "_in" || op == "_nin") {
            f.kind = Filter::Kind::In;
            f.negated = op == "_nin";
            f.value = inputs_.bind(operand, c.pg_type, true);
        } else {
            auto sql = std::find_if(binary.begin(), binary.end(), [&](const auto& b) { return b.first == op; });
            if (sql == binary.end()) continue;
            f.kind = Filter::Kind::Compare;
            f.op = sql->second;
            // Pattern operators compare text; the jsonb key operators take keys.
            bool pattern = f.op.find("LIKE") != std::string::npos || f.op.find("SIMILAR") != std::string::npos ||
                           f.op.find('~') != std::string::npos;
            if (op == "_has_keys_any" || op == "_has_keys_all") f.value = inputs_.bind(operand, "text", true);
            else if (op == "_has_key" || pattern) f.value = inputs_.bind(operand, "text");
            else f.value = inputs_.bind(operand, c.pg_type);
        }
        out.push_back(std::move(f));
    }
}

// A key in another database can order rows of graphgate's own database, at the top of their
// order_by (one fetch of the key's values for all rows); rows of a remote source are ordered in
// that source, which cannot see another database.
void ArgumentPlanner::refuse_remote_order(const TableInfo& rows, const std::string& key, bool top,
                                          const std::vector<PathSegment>& path) {
    if (top && !rows.is_remote) return;
    std::vector<PathSegment> at = path;
    at.emplace_back("args");
    at.emplace_back("order_by");
    throw GraphQLError("ordering by \"" + key + "\" is not supported here: it is in another database than " +
                           (rows.is_remote ? std::string("the rows, which are ordered in their remote source")
                                           : std::string("the relationship it is reached through")),
                       {}, "not-supported", at);
}

void ArgumentPlanner::order_keys(const TableInfo& rows, const TableInfo& t, const Input& in, bool top,
                                 std::vector<SortKey>& out, const std::vector<PathSegment>& path) {
    if (in.is_null()) return;
    inputs_.mark_if_variable(in);
    for (auto it = in.value->begin(); it != in.value->end(); ++it) {
        const std::string& key = it.key();
        Input sub = inputs_.child(in, key);
        if (sub.is_null()) continue;
        const Origin* origin = schema_.field_origin(t, key);
        if (!origin) continue;
        if (origin->kind == Origin::Column) {
            SortKey k;
            k.column = key;
            k.direction = sort_direction(inputs_.structural(sub).get<std::string>());
            out.push_back(std::move(k));
        } else if (origin->kind == Origin::Relationship) {
            // An object relationship: the keys are the target's.  Across databases, one fetch of
            // the target for all rows is joined (where the rows are not fetched rows themselves).
            SortKey k;
            k.kind = SortKey::Kind::Related;
            k.relationship = origin->relationship;
            k.target = &target(*k.relationship);
            k.batched = crosses_databases(t, *k.target);
            if (k.batched) refuse_remote_order(rows, key, top, path);
            order_keys(rows, *k.target, sub, false, k.nested, path);
            out.push_back(std::move(k));
        } else {
            // <rel>_aggregate: {count: dir} or {<fn>: {column: dir}}
            for (auto fn = sub.value->begin(); fn != sub.value->end(); ++fn) {
                Input spec = inputs_.child(sub, fn.key());
                if (spec.is_null()) continue;
                SortKey k;
                k.relationship = origin->relationship;
                k.target = &target(*k.relationship);
                k.batched = crosses_databases(t, *k.target);
                if (k.batched) refuse_remote_order(rows, key, top, path);
                if (fn.key() == "count") {
                    k.kind = SortKey::Kind::AggregateCount;
                    k.direction = sort_direction(inputs_.structural(spec).get<std::string>());
                    out.push_back(std::move(k));
                    continue;
                }
                for (auto col = spec.value->begin(); col != spec.value->end(); ++col) {
                    Input dir = inputs_.child(spec, col.key());
                    if (dir.is_null()) continue;
                    SortKey agg = k;
                    agg.kind = SortKey::Kind::Aggregate;
                    agg.function = fn.key();
                    agg.column = col.key();
                    agg.direction = sort_direction(inputs_.structural(dir).get<std::string>());
                    out.push_back(std::move(agg));
                }
            }
        }
    }
}

}  // namespace graphgate::compile
