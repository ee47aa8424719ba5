// The printer's remote requests (design §8a).  What lives in a remote source is read by requests
// that graphgate.remote_fetch() sends, the requests of one level all at once.  For each, the
// printer writes the statement for the source (only the columns asked for, per-parent
// where/order_by/limit/offset/distinct_on and aggregates applied there, each row's JSON built
// there, the keys as one array parameter per key column) and, in the local statement, the
// request's element of its level's call (its id, the key arrays computed from the parent rows,
// the values of its other parameters) and the join of its answer back to the parents.
//
// A request answers rows (k, o, c, v): k the key (as text) that joins it back to its parent, o
// its order among its parent's rows, c the keys its rows hold for fields of yet another
// database (chains), v its JSON.  A row with chains comes back as a JSON array of its other
// fields' values, rebuilt here with the chains' own fetches joined in.
#include <algorithm>

#include "core/compile/printer.hpp"
#include "core/sql/quote.hpp"

namespace graphgate::compile::printer_detail {

using sql::quote_ident;
using sql::quote_literal;

namespace {

const std::string& column_type(const TableInfo& t, const std::string& name) {
    static const std::string text = "text";
    const schema::ColumnInfo* c = t.column(name);
    return c ? c->pg_type : text;
}

bool has_chains(const std::vector<Field>& fields) {
    for (const Field& f : fields)
        if (f.batched) return true;
    return false;
}

// ((alias.k)[i])::type for each key column: the key a request answered, as the target's type.
std::vector<std::string> decoded_keys(const std::string& alias, const std::string& array, const RelationshipInfo& rel,
                                      const TableInfo& target) {
    std::vector<std::string> out;
    for (size_t i = 0; i < rel.mapping.size(); ++i)
        out.push_back("((" + alias + "." + array + ")[" + std::to_string(i + 1) + "])::" +
                      column_type(target, rel.mapping[i].second));
    return out;
}

}  // namespace

// The name of a fetch group, noting (for the local statement) that the SQL being written reads it.
std::string Printer::fetch_group(int depth) {
    if (!remote()) reading_ = std::max(reading_, depth);
    return "_gg_f" + std::to_string(depth);
}

// The key arrays of a request: one array per key column over the distinct non-NULL key tuples of
// `candidates`, each as the target column's type, aligned element by element.  One aggregate
// over one read of the tuples: a subquery with an aggregate is never pulled up into its
// references, so the keys are computed once however often the request refers to them.
std::string Printer::keys_for(const std::string& candidates, const std::vector<std::string>& columns,
                              const std::vector<std::string>& types) {
    std::vector<std::string> not_null;
    std::vector<std::string> distinct;
    std::vector<std::string> order;
    for (size_t i = 0; i < columns.size(); ++i) {
        std::string n = std::to_string(i + 1);
        not_null.push_back(column("p", columns[i]) + " IS NOT NULL");
        distinct.push_back(column("p", columns[i]) + "::" + types[i] + " AS c" + n);
        order.push_back("x.c" + n);
    }
    std::string tuples = "SELECT DISTINCT " + join_strings(distinct, ", ") + " FROM (" + candidates + ") p WHERE " +
                         join_strings(not_null, " AND ");
    std::string in_order = columns.size() > 1 ? " ORDER BY " + join_strings(order, ", ") : "";
    std::vector<std::string> arrays;
    for (size_t i = 0; i < columns.size(); ++i) {
        std::string n = std::to_string(i + 1);
        arrays.push_back("coalesce(array_agg(x.c" + n + in_order + "), '{}') AS a" + n);
    }
    return "SELECT " + join_strings(arrays, ", ") + " FROM (" + tuples + ") x";
}

KeyedRequest Printer::keyed_request(const RelationshipInfo& rel, const TableInfo& target, Level& level) {
    KeyedRequest out;
    for (const auto& [here, there] : rel.mapping) {
        out.from.push_back(here);
        out.types.push_back(column_type(target, there));
    }
    out.element_keys = keys_for(level.candidates(), out.from, out.types);
    out.request.source = target.source;
    for (size_t i = 0; i < out.from.size(); ++i) {
        out.request.args.push_back("k.a" + std::to_string(i + 1) + "::text");
        out.request.types.push_back(out.types[i] + "[]");
    }
    out.request.depth = level.depth();
    return out;
}

JoinBack Printer::join_back(const RelationshipInfo& rel, const TableInfo& target, const std::vector<std::string>& from,
                            const std::string& j, const std::string& alias) {
    JoinBack out;
    std::vector<std::string> keys = decoded_keys("f", "k", rel, target);
    for (size_t i = 0; i < keys.size(); ++i) {
        out.named.push_back(keys[i] + " AS __gg_k" + std::to_string(i + 1));
        out.match.push_back(j + ".__gg_k" + std::to_string(i + 1) + " = " + column(alias, from[i]));
    }
    return out;
}

// Registers a request and puts it in the fetch group of its level: one deeper than everything it
// reads (its keys' candidates, its parameters).
Fetched Printer::add_request(RequestSql request, const TableInfo& target, const std::string& sql,
                             const std::string& keyless_sql, int keys, const std::string& element_keys) {
    int64_t id = next_request_++;
    RemoteRequest out;
    out.source = request.source;
    // The request's own table first: its foreign table's server is where it goes.
    std::vector<const TableInfo*> reads{&target};
    for (const TableInfo* t : request.reads)
        if (t != &target) reads.push_back(t);
    for (const TableInfo* t : reads) {
        RemoteRequest::Read read{t->sql_schema, t->sql_name, {}};
        for (const schema::ColumnInfo& c : t->columns) read.columns.push_back(c.name);
        out.reads.push_back(std::move(read));
    }
    // Marked, so that the source's logs, pg_stat_activity and pg_stat_statements say who sent it.
    out.sql = "/* graphgate */ " + sql;
    if (!keyless_sql.empty()) out.keyless_sql = "/* graphgate */ " + keyless_sql;
    out.keys = keys;
    out.row_estimate = target.row_estimate;
    out.param_types = request.types;
    out_.remote_requests.push_back(std::move(out));

    std::string args = request.args.empty() ? "ARRAY[]::text[]" : "ARRAY[" + join_strings(request.args, ", ") + "]::text[]";
    std::string element = "ROW(" + std::to_string(id) + "::bigint, " + (keys ? "cardinality(k.a1)::bigint" : "NULL::bigint") +
                          ", " + args + ")::graphgate.remote_request";
    if (keys) element = "(SELECT " + element + " FROM (" + element_keys + ") k)";
    int depth = request.depth + 1;
    out_.remote_requests.back().level = depth;
    fetch_groups_[depth].push_back(element);
    requests_.push_back(std::move(request));
    return Fetched{id, depth, &requests_.back()};
}

// A row of a request's target, in the request's statement: its JSON object, or, when some of
// its fields are in yet another database (chains), the JSON array of its other fields' values
// (null where a chain goes) with the chains' keys in the request's c column.
std::string Printer::remote_row(const TableInfo& t, const std::string& alias, const std::vector<Field>& fields,
                                RequestSql& request) {
    Level none;
    if (!has_chains(fields)) return row_json(t, alias, fields, none);
    std::vector<std::string> values;
    for (size_t i = 0; i < fields.size(); ++i) {
        const Field& f = fields[i];
        if (!f.batched) {
            values.push_back(field_value(t, alias, f, none));
            continue;
        }
        Chain chain{&f, i, {}};
        for (const auto& [from, to] : f.relationship->mapping) {
            auto at = std::find(request.chain_keys.begin(), request.chain_keys.end(), from);
            if (at == request.chain_keys.end()) at = request.chain_keys.insert(request.chain_keys.end(), from);
            chain.keys.push_back(static_cast<size_t>(at - request.chain_keys.begin()) + 1);
        }
        request.chains.push_back(chain);
        values.push_back("NULL");
    }
    return "json_build_array(" + join_strings(values, ", ") + ")";
}

namespace {

// c: the chains' key columns of the row under `alias`, as text, or NULL.
std::string chain_column(const RequestSql& request, const std::string& alias) {
    if (request.chain_keys.empty()) return "NULL::text[]";
    std::vector<std::string> keys;
    for (const std::string& k : request.chain_keys) keys.push_back(column(alias, k) + "::text");
    return "ARRAY[" + join_strings(keys, ", ") + "]";
}

}  // namespace

// A fetched request's rows as a local row set: the fetch group's rows of the request, with the
// chains' key columns decoded under their names, so that the chains (and fields of this
// database) are printed like the fields of any other local rows (`t`: the request's table).
Level Printer::fetched_level(const Fetched& f, const TableInfo& t) {
    std::string decoded;
    const std::vector<std::string>& keys = f.request->chain_keys;
    for (size_t i = 0; i < keys.size(); ++i)
        decoded += ", ((f.c)[" + std::to_string(i + 1) + "])::" + column_type(t, keys[i]) + " AS " + quote_ident(keys[i]);
    Level level;
    level.superset = "SELECT f.k, f.o, f.c, f.v" + decoded + " FROM " + fetch_group(f.depth) + " f WHERE f.request = " +
                     std::to_string(f.id);
    level.superset_depth = f.depth;
    return level;
}

// The local JSON of a request's row under `alias` (a row of fetched_level's rows): v itself, or,
// with chains, the object rebuilt from v's values and the chains (whose fetches join `level`).
std::string Printer::rebuilt_row(const TableInfo& t, const std::vector<Field>& fields, const std::string& alias,
                                 Level& level) {
    if (!has_chains(fields)) return alias + ".v";
    std::vector<std::pair<std::string, std::string>> parts;
    for (size_t i = 0; i < fields.size(); ++i) {
        const Field& f = fields[i];
        parts.emplace_back(f.response_name, f.batched ? field_value(t, alias, f, level)
                                                      : alias + ".v -> " + std::to_string(i));
    }
    return object(parts);
}

// A relationship field into a remote source, for rows of this database (or for a fetched
// request's rows, as local rows): one request for the keys of all the level's candidates, and
// its answer joined back by key.
std::string Printer::fetched_field(const TableInfo& t, const std::string& alias, const Field& f, Level& level) {
    const RelationshipInfo& rel = *f.relationship;
    const TableInfo& target = *f.target;
    auto [from, types, element_keys, request] = keyed_request(rel, target, level);
    std::string sql;
    {
        RequestScope scope(*this, &request);
        sql = request_rows(f, request, false);
    }
    // The same statement without the keys, for a batch covering most of the target: the
    // executor picks it when the keys would be most of the table (design §8a).
    RequestSql keyless;
    keyless.source = target.source;
    std::string keyless_sql;
    {
        RequestScope scope(*this, &keyless);
        keyless_sql = request_rows(f, keyless, true);
    }
    Fetched fetched = add_request(std::move(request), target, sql, keyless_sql, static_cast<int>(from.size()), element_keys);

    std::string j = new_alias();
    auto [named, match] = join_back(rel, target, from, j, alias);
    std::string group = fetch_group(fetched.depth);
    std::string own = " FROM " + group + " f WHERE f.request = " + std::to_string(fetched.id);
    std::string answer;
    if (f.kind == Field::Kind::Aggregate || !has_chains(f.fields)) {
        answer = "SELECT " + join_strings(named, ", ") + ", f.v AS __gg_v" + own;
    } else {
        Level rows = fetched_level(fetched, target);
        std::string row = rebuilt_row(target, f.fields, "f", rows);
        std::string from_rows = " FROM (" + rows.superset + ") f" + rows.from_clause();
        if (f.kind == Field::Kind::Object) {
            answer = "SELECT " + join_strings(named, ", ") + ", " + row + " AS __gg_v" + from_rows;
        } else {
            std::vector<std::string> positions;
            for (size_t i = 0; i < named.size(); ++i) positions.push_back(std::to_string(i + 1));
            answer = "SELECT " + join_strings(named, ", ") + ", json_agg(" + row + " ORDER BY f.o) AS __gg_v" + from_rows +
                     " GROUP BY " + join_strings(positions, ", ");
        }
    }
    // OFFSET 0 keeps the subquery from being pulled up into the join, where the planner would
    // decode (cast) the text keys again on every hash probe instead of once per fetched row.
    level.joins.push_back("LEFT JOIN (" + answer + " OFFSET 0) " + j + " ON " + join_strings(match, " AND "));
    if (f.kind == Field::Kind::Object) return j + ".__gg_v";
    // A NULL in any join column gives null, not an empty result (Hasura's semantics).
    std::vector<std::string> null_key;
    for (const std::string& c : from) null_key.push_back(column(alias, c) + " IS NULL");
    // A parent without related rows gets [] (arrays) or the aggregate over no rows, which the
    // request answers as its row without a key.
    std::string none = f.kind == Field::Kind::Array
                           ? "'[]'::json"
                           : "(SELECT f.v" + own + " AND f.k IS NULL)";
    return "CASE WHEN " + join_strings(null_key, " OR ") + " THEN NULL ELSE coalesce(" + j + ".__gg_v, " + none + ") END";
}

// The statement of a relationship field's request, in the target's database: the target rows of
// the keys ($1..$k; all of them for `keyless`), with the field's arguments applied per parent.
std::string Printer::request_rows(const Field& f, RequestSql& request, bool keyless) {
    const RelationshipInfo& rel = *f.relationship;
    const TableInfo& t = *f.target;
    std::string u = new_alias();
    std::vector<std::string> to;
    std::vector<std::string> conditions;
    for (size_t i = 0; i < rel.mapping.size(); ++i) {
        const std::string& there = rel.mapping[i].second;
        to.push_back(column(u, there));
        if (!keyless)
            conditions.push_back(column(u, there) + " = ANY ($" + std::to_string(i + 1) + "::" + column_type(t, there) + "[])");
    }
    auto key_array = [&](const std::string& alias) {
        std::vector<std::string> texts;
        for (const auto& [here, there] : rel.mapping) texts.push_back(column(alias, there) + "::text");
        return "ARRAY[" + join_strings(texts, ", ") + "]";
    };
    if (f.kind == Field::Kind::Object) {
        // A target key that is not unique would repeat the parent row: keep one match (and skip
        // the sort that costs when the key is the target's primary key).
        std::vector<std::string> columns;
        for (const auto& [here, there] : rel.mapping) columns.push_back(there);
        std::vector<std::string> pk = t.primary_key;
        std::sort(columns.begin(), columns.end());
        std::sort(pk.begin(), pk.end());
        std::string distinct = columns == pk ? "" : "DISTINCT ON (" + join_strings(to, ", ") + ") ";
        std::string row = remote_row(t, u, f.fields, request);
        return "SELECT " + distinct + key_array(u) + " AS k, NULL::bigint AS o, " + chain_column(request, u) + " AS c, " +
               row + " AS v FROM " + relation(t) + " " + u +
               (conditions.empty() ? "" : " WHERE " + join_strings(conditions, " AND "));
    }
    // Arrays and aggregates: each parent's rows numbered in its order (distinct_on first), then
    // its offset and limit.
    if (f.args.where.kind != Filter::Kind::True) conditions.push_back(filter(t, u, f.args.where));
    std::string where = conditions.empty() ? "" : " WHERE " + join_strings(conditions, " AND ");
    std::vector<OrderTerm> order;
    order_terms(t, u, f.args.order_by, order, nullptr);
    std::vector<std::string> sort;
    for (const OrderTerm& k : order) sort.push_back(k.expr + " " + k.direction);
    std::string source = relation(t) + " " + u + where;
    if (!f.args.distinct_on.empty()) {
        std::vector<std::string> keys = to;
        for (const std::string& c : f.args.distinct_on) keys.push_back(column(u, c));
        std::vector<std::string> distinct_sort = keys;
        for (size_t i = f.args.distinct_on.size(); i < order.size(); ++i) distinct_sort.push_back(sort[i]);
        source = "(SELECT DISTINCT ON (" + join_strings(keys, ", ") + ") " + u + ".* FROM " + relation(t) + " " + u + where +
                 " ORDER BY " + join_strings(distinct_sort, ", ") + ") " + u;
    }
    // Numbered only when something needs the numbers: an order, an offset or a limit.
    bool numbered_rows = !sort.empty() || f.args.offset || f.args.limit;
    std::string numbered = numbered_rows ? "SELECT " + u + ".*, row_number() OVER (PARTITION BY " + join_strings(to, ", ") +
                                               (sort.empty() ? "" : " ORDER BY " + join_strings(sort, ", ")) +
                                               ") AS __gg_rn FROM " + source
                                         : "SELECT " + u + ".*, 0 AS __gg_rn FROM " + source;
    std::string n = new_alias();
    std::string in_order = numbered_rows ? " ORDER BY " + n + ".__gg_rn" : "";
    std::string window;
    std::string skip = f.args.offset ? value(*f.args.offset) : "0";
    if (f.args.offset) window += " WHERE " + n + ".__gg_rn > " + skip;
    if (f.args.limit)
        window += std::string(window.empty() ? " WHERE " : " AND ") + n + ".__gg_rn <= " + skip + " + " + value(*f.args.limit);
    std::vector<std::string> group;
    for (const auto& [here, there] : rel.mapping) group.push_back(column(n, there));
    std::string rows = " FROM (" + numbered + ") " + n;
    if (f.kind == Field::Kind::Aggregate) {
        Level none;
        std::string object = aggregate_object(t, n, f.aggregate, in_order, none);
        return "SELECT " + key_array(n) + " AS k, NULL::bigint AS o, NULL::text[] AS c, " + object + " AS v" + rows + window +
               " GROUP BY " + join_strings(group, ", ") + " UNION ALL SELECT NULL::text[], NULL::bigint, NULL::text[], " +
               object + rows + " WHERE false";
    }
    if (!has_chains(f.fields)) {
        Level none;
        return "SELECT " + key_array(n) + " AS k, NULL::bigint AS o, NULL::text[] AS c, json_agg(" +
               row_json(t, n, f.fields, none) + in_order + ") AS v" + rows + window + " GROUP BY " +
               join_strings(group, ", ");
    }
    std::string row = remote_row(t, n, f.fields, request);
    return "SELECT " + key_array(n) + " AS k, " + n + ".__gg_rn AS o, " + chain_column(request, n) + " AS c, " + row +
           " AS v" + rows + window;
}

// A root field over a remote source's table: one request for the whole field, its rows (or its
// aggregate) built there; the local statement only collects them in order.
std::string Printer::remote_root(const RootField& f) {
    const TableInfo& t = *f.table;
    RequestSql request;
    request.source = t.source;
    std::string sql;
    {
        RequestScope scope(*this, &request);
        if (f.kind == RootField::Kind::ByPk) {
            std::string a = new_alias();
            std::vector<std::string> conditions;
            for (const auto& [key, v] : f.pk) conditions.push_back(column(a, key) + " = " + value(v));
            std::string row = remote_row(t, a, f.fields, request);
            sql = "SELECT NULL::text[] AS k, NULL::bigint AS o, " + chain_column(request, a) + " AS c, " + row + " AS v FROM " +
                  relation(t) + " " + a + " WHERE " + join_strings(conditions, " AND ");
        } else {
            RowSource src = row_source(t, f.args, nullptr, "", nullptr);
            std::vector<std::string> columns;
            for (const schema::ColumnInfo& c : t.columns) columns.push_back(column(src.alias, c.name));
            std::string inner = inner_query(src, columns.empty() ? "1 AS __gg_none" : join_strings(columns, ", "));
            std::string r = new_alias();
            if (f.kind == RootField::Kind::Aggregate) {
                Level none;
                std::string object = aggregate_object(t, r, f.aggregate, outer_order(src, r), none);
                sql = "SELECT NULL::text[] AS k, NULL::bigint AS o, NULL::text[] AS c, " + object + " AS v FROM (" + inner +
                      ") " + r;
            } else {
                std::string row = remote_row(t, r, f.fields, request);
                std::string order = outer_order(src, r);
                sql = "SELECT NULL::text[] AS k, row_number() OVER (" + (order.empty() ? "" : order.substr(1)) + ") AS o, " +
                      chain_column(request, r) + " AS c, " + row + " AS v FROM (" + inner + ") " + r;
            }
        }
    }
    Fetched fetched = add_request(std::move(request), t, sql, "", 0, "");
    std::string own = " WHERE f.request = " + std::to_string(fetched.id);
    if (f.kind == RootField::Kind::Aggregate) return "(SELECT f.v FROM " + fetch_group(fetched.depth) + " f" + own + ")";
    Level rows = fetched_level(fetched, t);
    std::string row = rebuilt_row(t, f.fields, "f", rows);
    std::string from = " FROM (" + rows.superset + ") f" + rows.from_clause();
    if (f.kind == RootField::Kind::ByPk) return "(SELECT " + row + from + ")";
    return "(SELECT coalesce(json_agg(" + row + " ORDER BY f.o), '[]')" + from + ")";
}

// A condition on a relationship into another database: the keys of the target rows that match,
// fetched first (one request, however often the condition is printed).  In the local statement
// the condition reads them from their fetch group; in a remote request's statement they are a
// parameter, computed by the local statement (from a fetch, or from this database's own rows
// when the relationship comes back here).
std::string Printer::key_set(const Filter& f, const std::vector<std::string>& from_columns, const std::string& alias) {
    const RelationshipInfo& rel = *f.relationship;
    const TableInfo& t = *f.target;
    std::vector<std::string> mine;
    for (const std::string& c : from_columns) mine.push_back(column(alias, c));
    std::vector<std::string> arrays;  // in a remote statement: the key arrays' texts, per column
    if (!t.is_remote) {
        RequestSql* outer = request_;
        RequestScope local(*this, nullptr);
        ReadingProbe probe(*this);
        std::string a = new_alias();
        std::vector<std::string> columns;
        std::vector<std::string> types;
        for (const auto& [here, there] : rel.mapping) {
            columns.push_back(there);
            types.push_back(column_type(t, there));
        }
        std::string matching = "SELECT " + a + ".* FROM " + relation(t) + " " + a + " WHERE " + filter(t, a, f.children[0]);
        std::string keys = keys_for(matching, columns, types);
        for (size_t i = 0; i < columns.size(); ++i)
            arrays.push_back("(SELECT k.a" + std::to_string(i + 1) + "::text FROM (" + keys + ") k)");
        outer->depth = std::max(outer->depth, probe.depth());
    } else {
        auto memo = key_sets_.find(&f);
        if (memo == key_sets_.end()) {
            RequestSql request;
            request.source = t.source;
            std::string sql;
            {
                RequestScope scope(*this, &request);
                std::string a = new_alias();
                std::vector<std::string> keys;
                for (const auto& [here, there] : rel.mapping) keys.push_back(column(a, there) + "::text");
                std::string condition = filter(t, a, f.children[0]);
                sql = "SELECT d.k, NULL::bigint AS o, NULL::text[] AS c, NULL::json AS v FROM (SELECT DISTINCT ARRAY[" +
                      join_strings(keys, ", ") + "] AS k FROM " + relation(t) + " " + a + " WHERE " + condition + ") d";
            }
            memo = key_sets_.emplace(&f, add_request(std::move(request), t, sql, "", 0, "")).first;
        }
        const Fetched& fetched = memo->second;
        std::vector<std::string> keys = decoded_keys("f", "k", rel, t);
        std::string group = fetch_group(fetched.depth);
        std::string own = " FROM " + group + " f WHERE f.request = " + std::to_string(fetched.id);
        if (!remote()) return "(" + join_strings(mine, ", ") + ") IN (SELECT " + join_strings(keys, ", ") + own + ")";
        request_->depth = std::max(request_->depth, fetched.depth);
        for (const std::string& k : keys) arrays.push_back("(SELECT ARRAY(SELECT " + k + own + " ORDER BY f.k))::text");
    }
    std::vector<std::string> params;
    for (size_t i = 0; i < arrays.size(); ++i) {
        request_->args.push_back(arrays[i]);
        std::string type = column_type(t, rel.mapping[i].second) + "[]";
        request_->types.push_back(type);
        params.push_back("$" + std::to_string(request_->args.size()) + "::" + type);
    }
    if (params.size() == 1) return mine[0] + " = ANY (" + params[0] + ")";
    return "(" + join_strings(mine, ", ") + ") IN (SELECT * FROM unnest(" + join_strings(params, ", ") + "))";
}

// Ordering rows of this database by a field of another one: one request for the keys of all the
// level's candidates answers each key's sort values (in c, as text), joined before the limit.
void Printer::fetched_order_terms(const std::string& alias, const SortKey& key, std::vector<OrderTerm>& out,
                                  Level& level) {
    const RelationshipInfo& rel = *key.relationship;
    const TableInfo& t = *key.target;
    auto [from, types, element_keys, request] = keyed_request(rel, t, level);
    std::vector<OrderTerm> terms;
    std::string sql;
    {
        RequestScope scope(*this, &request);
        std::string u = new_alias();
        std::vector<std::string> to;
        std::vector<std::string> conditions;
        for (size_t i = 0; i < rel.mapping.size(); ++i) {
            to.push_back(column(u, rel.mapping[i].second));
            conditions.push_back(to.back() + " = ANY ($" + std::to_string(i + 1) + "::" + types[i] + "[])");
        }
        std::vector<std::string> keys;
        for (const std::string& c : to) keys.push_back(c + "::text");
        std::string head = "SELECT ";
        std::string tail;
        if (key.kind == SortKey::Kind::Related) {
            order_terms(t, u, key.nested, terms, nullptr);
            head += "DISTINCT ON (" + join_strings(to, ", ") + ") ";
        } else {
            std::string what = key.kind == SortKey::Kind::AggregateCount ? "count(*)"
                                                                         : key.function + "(" + column(u, key.column) + ")";
            terms.push_back(OrderTerm{what, key.direction, aggregate_type(t, key)});
            tail = " GROUP BY " + join_strings(to, ", ");
        }
        std::vector<std::string> values;
        for (const OrderTerm& term : terms) values.push_back("(" + term.expr + ")::text");
        sql = head + "ARRAY[" + join_strings(keys, ", ") + "] AS k, NULL::bigint AS o, ARRAY[" + join_strings(values, ", ") +
              "]::text[] AS c, NULL::json AS v FROM " + relation(t) + " " + u + " WHERE " +
              join_strings(conditions, " AND ") + tail;
    }
    Fetched fetched = add_request(std::move(request), t, sql, "", static_cast<int>(from.size()), element_keys);
    std::string j = new_alias();
    auto [named, match] = join_back(rel, t, from, j, alias);
    level.joins.push_back("LEFT JOIN (SELECT " + join_strings(named, ", ") + ", f.c AS __gg_c FROM " +
                          fetch_group(fetched.depth) + " f WHERE f.request = " + std::to_string(fetched.id) +
                          " OFFSET 0) " + j +
                          " ON " + join_strings(match, " AND "));
    for (size_t i = 0; i < terms.size(); ++i) {
        std::string expr = "((" + j + ".__gg_c)[" + std::to_string(i + 1) + "])::" + terms[i].type;
        // Without related rows a count is 0, as counting them here would say.
        if (key.kind == SortKey::Kind::AggregateCount) expr = "coalesce(" + expr + ", 0)";
        out.push_back(OrderTerm{expr, terms[i].direction, terms[i].type});
    }
}

}  // namespace graphgate::compile::printer_detail
