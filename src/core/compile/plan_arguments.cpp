#include "core/compile/plan_arguments.hpp"

#include <algorithm>

#include "core/sql/quote.hpp"

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
        for (const Json& c : inputs_.structural(distinct))
            rows.distinct_on.push_back(schema_.column_name(t, c.get<std::string>()));
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

namespace {

// A call of the function as the schema describes it, before any `args`.
FunctionCall bare_call(const schema::FunctionCallInfo& info, const TableInfo* row) {
    FunctionCall c;
    c.schema = info.schema;
    c.name = info.name;
    c.row_table = row;
    c.table_first = info.table_first;
    c.table_argument = info.table_argument;
    c.session_argument = info.session_argument;
    c.session_type = info.session_type;
    return c;
}

// A computed field's call in a condition or an ordering: one without arguments of its own.
FunctionCall computed_call(const schema::ComputedFieldInfo& c, const TableInfo& t) {
    FunctionCall call = bare_call(c.function, &t);
    call.result_type = c.pg_type;
    return call;
}

}  // namespace

FunctionCall ArgumentPlanner::call(const schema::FunctionCallInfo& info, const TableInfo* row,
                                   const graphql::CollectedField& f, const Input& args) {
    FunctionCall c = bare_call(info, row);
    if (info.args.empty()) return c;
    Input given = inputs_.argument(args, f, "args");
    if (given.is_null()) return c;
    // Which arguments are given shapes the call (the others take their defaults).
    inputs_.mark_if_variable(given);
    for (const schema::FunctionArgInfo& a : info.args) {
        Input v = inputs_.child(given, a.name);
        if (v.is_null()) continue;
        c.args.emplace_back(a.name, a.kind == schema::ScalarKind::Json ? inputs_.bind_json(v, a.pg_type)
                                                                        : inputs_.bind(v, a.pg_type));
    }
    return c;
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
            } else if (origin->kind == Origin::ComputedField) {
                const schema::ComputedFieldInfo& c = *origin->computed;
                schema::ColumnInfo as_column;
                as_column.pg_type = c.pg_type;
                as_column.scalar = c.scalar;
                as_column.kind = c.kind;
                size_t first = parts.size();
                comparisons(as_column, sub, parts);
                for (size_t i = first; i < parts.size(); ++i) parts[i].computed = computed_call(c, t);
            } else if (origin->kind == Origin::Relationship) {
                Filter related;
                related.kind = Filter::Kind::Related;
                related.relationship = origin->relationship;
                related.target = &target(*origin->relationship);
                related.batched = crosses_databases(t, *related.target);
                related.children.push_back(where(*related.target, sub));
                parts.push_back(std::move(related));
            } else {
                parts.push_back(aggregate_predicate(t, *origin->relationship, sub));
            }
        }
    }
    if (parts.empty()) return out;
    out.kind = Filter::Kind::And;
    out.children = std::move(parts);
    return out;
}

Filter ArgumentPlanner::aggregate_predicate(const TableInfo& t, const RelationshipInfo& rel, const Input& in) {
    inputs_.mark_if_variable(in);
    Input count = inputs_.child(in, "count");
    if (count.is_null()) return Filter{};
    inputs_.mark_if_variable(count);
    Filter f;
    f.kind = Filter::Kind::RelatedCount;
    f.relationship = &rel;
    f.target = &target(rel);
    f.batched = crosses_databases(t, *f.target);
    // Rows of a remote source are filtered in it, which cannot count rows of another database.
    if (f.batched && t.is_remote)
        throw GraphQLError("\"" + schema::relationship_aggregate_field(rel.name) + "\" cannot filter the rows of table \"" +
                               t.graphql_name + "\": they are filtered in their remote source, and the related rows "
                               "are in another database",
                           {}, "not-supported");
    Input arguments = inputs_.child(count, "arguments");
    if (!arguments.is_null())
        for (const Json& c : inputs_.structural(arguments))
            f.count_columns.push_back(schema_.column_name(*f.target, c.get<std::string>()));
    Input distinct = inputs_.child(count, "distinct");
    f.distinct = !distinct.is_null() && inputs_.structural(distinct).get<bool>();
    f.children.push_back(where(*f.target, inputs_.child(count, "filter")));
    schema::ColumnInfo counted;  // no name: the comparisons are of the count
    counted.pg_type = "bigint";
    counted.scalar = "Int";
    counted.kind = schema::ScalarKind::Int;
    comparisons(counted, inputs_.child(count, "predicate"), f.children);
    return f;
}

void ArgumentPlanner::comparisons(const schema::ColumnInfo& c, const Input& in, std::vector<Filter>& out,
                                  const std::string& cast) {
    // What an operator is in SQL, and the type its operand is bound as ("" for the column's own;
    // `list`: an array of it).
    struct Operator {
        const char* name;
        const char* sql;
        const char* operand;
        bool list;
    };
    static const Operator binary[] = {
        {"_eq", "=", "", false}, {"_neq", "<>", "", false}, {"_gt", ">", "", false}, {"_lt", "<", "", false},
        {"_gte", ">=", "", false}, {"_lte", "<=", "", false},
        // patterns are text (citext's too: its operators take text and ignore case)
        {"_like", "LIKE", "text", false}, {"_nlike", "NOT LIKE", "text", false}, {"_ilike", "ILIKE", "text", false},
        {"_nilike", "NOT ILIKE", "text", false}, {"_similar", "SIMILAR TO", "text", false},
        {"_nsimilar", "NOT SIMILAR TO", "text", false}, {"_regex", "~", "text", false}, {"_iregex", "~*", "text", false},
        {"_nregex", "!~", "text", false}, {"_niregex", "!~*", "text", false},
        // jsonb
        {"_contains", "@>", "", false}, {"_contained_in", "<@", "", false}, {"_has_key", "?", "text", false},
        {"_has_keys_any", "?|", "text", true}, {"_has_keys_all", "?&", "text", true},
        // ltree: the column an ancestor (descendant) of the value, or of any value of the array
        {"_ancestor", "@>", "", false}, {"_descendant", "<@", "", false}, {"_ancestor_any", "@>", "", true},
        {"_descendant_any", "<@", "", true}, {"_matches", "~", "lquery", false}, {"_matches_any", "?", "lquery", true},
        {"_matches_fulltext", "@", "ltxtquery", false}};
    // citext and ltree ("public.citext") have their operators in their extension's schema,
    // which a search_path need not hold (a remote source's sessions search pg_catalog only,
    // where citext's LIKE would silently become text's): they are named with that schema.
    // (Other types' operators, an enum's say, are pg_catalog's.)
    size_t dot = c.pg_type.rfind('.');
    bool extension_type = dot != std::string::npos && c.pg_type.find('"') == std::string::npos &&
                          (c.pg_type.compare(dot + 1, std::string::npos, "citext") == 0 ||
                           c.pg_type.compare(dot + 1, std::string::npos, "ltree") == 0);
    std::string schema = extension_type ? c.pg_type.substr(0, dot) : std::string();
    auto qualified = [&](const std::string& sql) {
        static const std::pair<const char*, const char*> symbols[] = {
            {"LIKE", "~~"}, {"NOT LIKE", "!~~"}, {"ILIKE", "~~*"}, {"NOT ILIKE", "!~~*"},
            {"SIMILAR TO", "~"}, {"NOT SIMILAR TO", "!~"}};
        std::string symbol = sql;
        for (const auto& [keyword, op] : symbols)
            if (sql == keyword) symbol = op;
        return "OPERATOR(" + sql::quote_ident(schema) + "." + symbol + ")";
    };
    inputs_.mark_if_variable(in);
    for (auto it = in.value->begin(); it != in.value->end(); ++it) {
        const std::string& op = it.key();
        Input operand = inputs_.child(in, op);
        if (operand.is_null()) continue;
        if (op == "_cast") {
            // jsonb's {String: {...}}: the value as text, compared as text is
            inputs_.mark_if_variable(operand);
            Input as_text = inputs_.child(operand, "String");
            if (as_text.is_null()) continue;
            schema::ColumnInfo text = c;
            text.pg_type = "text";
            text.scalar = "String";
            text.kind = schema::ScalarKind::String;
            comparisons(text, as_text, out, "text");
            continue;
        }
        Filter f;
        f.column = c.name;
        f.cast = cast;
        if (op == "_is_null") {
            f.kind = Filter::Kind::IsNull;
            f.negated = !inputs_.structural(operand).get<bool>();
        } else if (op == "_in" || op == "_nin") {
            f.kind = Filter::Kind::In;
            f.negated = op == "_nin";
            f.op = schema.empty() ? "=" : qualified("=");
            f.value = inputs_.bind(operand, c.pg_type, true);
        } else {
            auto sql = std::find_if(std::begin(binary), std::end(binary), [&](const Operator& b) { return op == b.name; });
            if (sql == std::end(binary)) continue;
            f.kind = Filter::Kind::Compare;
            f.op = sql->sql;
            // ltree's query types live beside it
            std::string operand_type = *sql->operand ? sql->operand : c.pg_type;
            if (!schema.empty() && (operand_type == "lquery" || operand_type == "ltxtquery"))
                operand_type = schema + "." + operand_type;
            f.value = inputs_.bind(operand, operand_type, sql->list);
            if (!schema.empty()) {
                // SIMILAR TO is ~ of its pattern made a regular expression
                if (f.op.find("SIMILAR") != std::string::npos) f.operand_function = "pg_catalog.similar_to_escape";
                f.op = qualified(f.op);
            }
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
        if (origin->kind == Origin::Column || origin->kind == Origin::ComputedField) {
            SortKey k;
            if (origin->column) k.column = origin->column->name;
            else k.computed = computed_call(*origin->computed, t);
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
                    agg.column = schema_.column_name(*k.target, col.key());
                    agg.direction = sort_direction(inputs_.structural(dir).get<std::string>());
                    out.push_back(std::move(agg));
                }
            }
        }
    }
}

}  // namespace graphgate::compile
