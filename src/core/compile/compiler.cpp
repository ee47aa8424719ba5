#include "core/compile/compiler.hpp"

#include <algorithm>
#include <deque>

#include "core/graphql/coercion.hpp"
#include "core/graphql/error.hpp"
#include "core/schema/schema_builder.hpp"
#include "core/sql/quote.hpp"

namespace graphgate::compile {
namespace {

using graphql::CollectedField;
using graphql::FieldDef;
using graphql::TypeDef;
using graphql::ast::Value;
using graphql::ast::ValueKind;
using schema::ColumnInfo;
using schema::RelationshipInfo;
using schema::TableInfo;
using sql::quote_ident;
using sql::quote_literal;
using sql::quote_qualified;

// json_build_object takes at most 100 arguments.
constexpr size_t kMaxPairsPerObject = 50;

// An argument value as the compiler reads it: the coerced value, and the document node it came
// from (null inside a variable's value and for defaults), so that values written as a single
// variable can stay parameters of the cached statement.
struct Input {
    const Json* value;
    const Value* node;

    bool is_null() const { return value->is_null(); }
};

struct Join {
    std::string parent_alias;
    const RelationshipInfo* relationship;
};

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

// One level of the response: the rows of one table under one alias.  Relationship fields
// answered by a batched fetch add LEFT JOINs to the level's FROM, and fetch their keys from the
// level's candidates: at the root, its rows read once (RowsCte); below it, `superset`, an
// uncorrelated query for a superset of the level's rows (the same filters, without per-parent
// limits, over the parents' candidates), so that every fetch runs once for all parent rows.
struct Level {
    std::string superset;
    RowsCte* rows = nullptr;     // the level's own rows, read once (root levels)
    RowsCte* reads = nullptr;    // the read `superset` selects from, if any
    std::vector<std::string> joins;

    // The query for the level's candidates, for SQL that will be emitted: marks the read it uses
    // as needed.
    std::string candidates() const {
        RowsCte* read = rows ? rows : reads;
        if (read) read->used = true;
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

struct SortKey {
    std::string expr;
    std::string direction;
};

const char* sort_direction(const std::string& order) {
    if (order == "asc" || order == "asc_nulls_last") return "ASC NULLS LAST";
    if (order == "asc_nulls_first") return "ASC NULLS FIRST";
    if (order == "desc" || order == "desc_nulls_first") return "DESC NULLS FIRST";
    return "DESC NULLS LAST";  // desc_nulls_last; the schema allows nothing else
}

std::string join_strings(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
    return out;
}

std::string relation(const TableInfo& t) { return quote_qualified(t.sql_schema, t.sql_name); }

std::string column(const std::string& alias, const std::string& name) { return alias + "." + quote_ident(name); }

class Compiler {
public:
    explicit Compiler(const CompileInput& input)
        : in_(input), gql_(input.schema.schema()), snapshot_(input.schema.snapshot()) {}

    CompiledQuery run() {
        mark_directive_variables();
        const TypeDef& root = *gql_.query_type();
        std::vector<std::pair<std::string, std::string>> parts;
        for (const CollectedField& f : graphql::collect_fields(gql_, in_.document, root, in_.operation.selection_set,
                                                               in_.variables)) {
            std::string name(f.first().name);
            std::string expr;
            PathStep step(path_, f.response_name);
            if (name == "__typename") expr = quote_literal(root.name);
            else if (name == "__schema" || name == "__type") expr = bind_constant(in_.introspect(f), "json");
            else if (name == schema::no_queries_field) expr = quote_literal(schema::no_queries_message);
            else expr = root_field(f, *root.field(name));
            parts.emplace_back(std::string(f.response_name), expr);
        }
        std::string with;
        for (const auto& [name, body] : ctes_) with += (with.empty() ? "WITH " : ", ") + name + " AS MATERIALIZED (" + body + ")";
        out_.sql = with + (with.empty() ? "" : " ") + "SELECT json_build_object('data', " + object(parts) + ")";
        return std::move(out_);
    }

private:
    const CompileInput& in_;
    const graphql::Schema& gql_;
    const schema::CatalogSnapshot& snapshot_;
    CompiledQuery out_;
    int aliases_ = 0;
    std::deque<Json> storage_;  // coerced argument objects the Inputs point into
    std::vector<std::pair<std::string, std::string>> ctes_;  // batched fetches and root rows, in dependency order
    std::deque<RowsCte> rows_ctes_;
    std::vector<std::string> path_;  // response names from the root to the field being compiled
    const Json null_ = Json();

    std::string new_alias() { return quote_ident("_" + std::to_string(aliases_++)); }

    // ---- parameters ---------------------------------------------------------------------

    void mark_structural(const Value* node) {
        if (!node) return;
        if (node->kind == ValueKind::Variable) out_.structural_variables.insert(std::string(node->text));
        for (const Value& v : node->list) mark_structural(&v);
        for (const auto& f : node->fields) mark_structural(&f.value);
    }

    // @skip/@include decide which fields exist, so their variables shape the statement.
    void mark_directives(const std::vector<graphql::ast::Selection>& selections) {
        for (const auto& s : selections) {
            for (const auto& d : s.directives)
                for (const auto& a : d.arguments) mark_structural(&a.value);
            mark_directives(s.selection_set);
        }
    }
    void mark_directive_variables() {
        mark_directives(in_.operation.selection_set);
        for (const auto& fragment : in_.document.fragments) mark_directives(fragment.selection_set);
    }

    std::string placeholder(const Param& p, const std::string& pg_type) {
        out_.params.push_back(p);
        return "$" + std::to_string(out_.params.size()) + "::" + pg_type + (p.is_list ? "[]" : "");
    }

    std::string bind_constant(const Json& value, const std::string& pg_type) {
        Param p;
        p.constant = value;
        if (pg_type == "json" || pg_type == "jsonb") p.constant = value.dump();
        return placeholder(p, pg_type);
    }

    // A value the statement compares or limits with.  A single non-null variable stays a
    // variable parameter; anything else is bound as the constant it is.
    std::string bind(const Input& in, const std::string& pg_type, bool list = false) {
        Param p;
        p.is_list = list;
        bool json_type = pg_type == "json" || pg_type == "jsonb";
        if (in.node && in.node->kind == ValueKind::Variable && !in.is_null() && !json_type) {
            p.from_variable = true;
            p.variable = std::string(in.node->text);
        } else {
            mark_structural(in.node);
            p.constant = json_type ? Json(in.value->dump()) : *in.value;
        }
        return placeholder(p, pg_type);
    }

    // limit and offset: counts, which must not be negative (checked for every request's values).
    std::string bind_count(const Input& in, const std::string& name) {
        std::string sql = bind(in, "bigint");
        Param& p = out_.params.back();
        p.count = true;
        for (const std::string& step : path_) {
            p.path.emplace_back("selectionSet");
            p.path.emplace_back(step);
        }
        p.path.emplace_back("args");
        p.path.emplace_back(name);
        if (!p.from_variable) param_text(p, Json());  // a literal is refused now, before anything runs
        return sql;
    }

    // Keeps path_ at the field being compiled, for errors that name an argument.
    struct PathStep {
        std::vector<std::string>& path;
        PathStep(std::vector<std::string>& p, std::string_view name) : path(p) { path.emplace_back(name); }
        ~PathStep() { path.pop_back(); }
    };

    // A value that decides the statement's shape (an enum, a boolean, a list of columns).
    const Json& structural(const Input& in) {
        mark_structural(in.node);
        return *in.value;
    }

    Input child(const Input& in, const std::string& key) {
        const Value* node = nullptr;
        if (in.node && in.node->kind == ValueKind::Variable) {
            mark_structural(in.node);
        } else if (in.node && in.node->kind == ValueKind::Object) {
            for (const auto& f : in.node->fields)
                if (f.name == key) node = &f.value;
        }
        auto it = in.value->is_object() ? in.value->find(key) : in.value->end();
        return Input{it == in.value->end() ? &null_ : &*it, node};
    }

    std::vector<Input> elements(const Input& in) {
        std::vector<Input> out;
        if (!in.value->is_array()) return out;
        if (in.node && in.node->kind == ValueKind::Variable) mark_structural(in.node);
        bool literal_list = in.node && in.node->kind == ValueKind::List;
        for (size_t i = 0; i < in.value->size(); ++i) {
            const Value* node = nullptr;
            if (literal_list && i < in.node->list.size()) node = &in.node->list[i];
            // A single value where a list is expected was coerced into a one-element list.
            else if (!literal_list && in.node && in.node->kind != ValueKind::Variable && i == 0) node = in.node;
            out.push_back(Input{&(*in.value)[i], node});
        }
        return out;
    }

    // The coerced arguments of a field, and each argument's node.
    Input arguments(const CollectedField& f, const FieldDef& def) {
        const auto& node = f.first();
        storage_.push_back(graphql::coerce_argument_values(def.args, node.arguments, node.loc, in_.variables, in_.document));
        return Input{&storage_.back(), nullptr};
    }
    Input argument(const Input& args, const CollectedField& f, const std::string& name) {
        const Value* node = nullptr;
        for (const auto& a : f.first().arguments)
            if (a.name == name) node = &a.value;
        auto it = args.value->find(name);
        return Input{it == args.value->end() ? &null_ : &*it, node};
    }

    // ---- JSON objects -------------------------------------------------------------------

    std::string object(const std::vector<std::pair<std::string, std::string>>& parts) {
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

    const TypeDef& type_of(const FieldDef& def) { return *gql_.type(def.type.name); }

    // ---- root fields --------------------------------------------------------------------

    std::string root_field(const CollectedField& f, const FieldDef& def) {
        std::string name(f.first().name);
        const schema::GraphQLSchema::RootField* root = in_.schema.root_field(name);
        if (!root) throw GraphQLError("field '" + name + "' not found in type: 'query_root'", {}, "validation-failed");
        switch (root->kind) {
            case schema::GraphQLSchema::RootField::Select: return select_rows(*root->table, f, def, nullptr, nullptr);
            case schema::GraphQLSchema::RootField::Aggregate: return aggregate(*root->table, f, def, nullptr, nullptr);
            case schema::GraphQLSchema::RootField::ByPk: return select_by_pk(*root->table, f, def);
        }
        return "";  // unreachable: the switch covers every kind
    }

    std::string select_by_pk(const TableInfo& t, const CollectedField& f, const FieldDef& def) {
        Input args = arguments(f, def);
        std::string alias = new_alias();
        std::vector<std::string> conditions;
        for (const std::string& key : t.primary_key)
            conditions.push_back(column(alias, key) + " = " + bind(argument(args, f, key), t.column(key)->pg_type));
        std::string where = join_strings(conditions, " AND ");
        // One row by its key: any second read finds the same row.
        Level level{"SELECT " + alias + ".* FROM " + relation(t) + " " + alias + " WHERE " + where};
        std::string row = row_json(t, alias, type_of(def), subfields(f, type_of(def)), level);
        return "(SELECT " + row + " FROM " + relation(t) + " " + alias + level.from_clause() + " WHERE " + where + ")";
    }

    std::vector<CollectedField> subfields(const CollectedField& f, const TypeDef& type) {
        return graphql::collect_subfields(gql_, in_.document, type, f, in_.variables);
    }

    // ---- the rows of a list: filter, order, distinct, limit --------------------------------

    struct RowSource {
        std::string alias;
        std::string from;                        // "FROM <relation> <alias>"
        std::string where;                       // " WHERE ..." or empty
        Level level;
        std::vector<SortKey> order;
        std::vector<std::string> distinct_on;    // column expressions
        std::string limit_offset;
        std::string columns;      // the role's columns of the table, as <alias>."col", ...
        size_t order_joins = 0;   // level.joins added for ordering (the rest are for fields)
    };

    std::string join_condition(const Join& join, const std::string& alias) {
        std::vector<std::string> parts;
        for (const auto& [from, to] : join.relationship->mapping)
            parts.push_back(column(alias, to) + " = " + column(join.parent_alias, from));
        return join_strings(parts, " AND ");
    }

    // An uncorrelated query for the rows of `t` that `where` keeps among those related to any
    // of `parent`'s candidates (all of them at the root).
    Level candidates(const TableInfo& t, const Input& where, const Join* join, const Level* parent) {
        std::string c = new_alias();
        std::vector<std::string> conditions;
        Level level;
        if (join && parent) {
            std::vector<std::string> mine;
            std::vector<std::string> theirs;
            for (const auto& [from, to] : join->relationship->mapping) {
                mine.push_back(column(c, to));
                theirs.push_back(column("p", from));
            }
            conditions.push_back("(" + join_strings(mine, ", ") + ") IN (SELECT " + join_strings(theirs, ", ") +
                                 " FROM (" + parent->text() + ") p)");
            level.reads = parent->read();
        }
        if (!where.is_null()) conditions.push_back(bool_exp(t, c, where));
        level.superset = "SELECT " + c + ".* FROM " + relation(t) + " " + c +
                         (conditions.empty() ? "" : " WHERE " + join_strings(conditions, " AND "));
        return level;
    }

    RowSource row_source(const TableInfo& t, const CollectedField& f, const Input& args, const Join* join,
                         const Level* parent) {
        RowSource src;
        src.alias = new_alias();
        std::vector<std::string> conditions;
        if (join) conditions.push_back(join_condition(*join, src.alias));
        Input where = argument(args, f, "where");
        if (!where.is_null()) conditions.push_back(bool_exp(t, src.alias, where));
        src.from = "FROM " + relation(t) + " " + src.alias;
        if (!conditions.empty()) src.where = " WHERE " + join_strings(conditions, " AND ");
        src.level = candidates(t, where, join, parent);

        for (const Input& element : elements(argument(args, f, "order_by")))
            order_keys(t, src.alias, element, src.order, &src.level);
        src.order_joins = src.level.joins.size();
        std::vector<std::string> columns;
        for (const ColumnInfo& c : t.columns) columns.push_back(column(src.alias, c.name));
        src.columns = join_strings(columns, ", ");
        Input distinct = argument(args, f, "distinct_on");
        if (!distinct.is_null()) {
            const Json& columns = structural(distinct);
            for (const Json& c : columns) src.distinct_on.push_back(column(src.alias, c.get<std::string>()));
            // DISTINCT ON keeps the first row of each group in ORDER BY order, which must
            // therefore start with the same columns (Hasura's rule too).
            for (size_t i = 0; i < src.order.size() && i < src.distinct_on.size(); ++i)
                if (src.order[i].expr != src.distinct_on[i])
                    throw GraphQLError("\"distinct_on\" columns must match initial \"order_by\" columns", {},
                                       "validation-failed");
            for (size_t i = src.order.size(); i < src.distinct_on.size(); ++i)
                src.order.push_back(SortKey{src.distinct_on[i], "ASC NULLS LAST"});
        }
        Input limit = argument(args, f, "limit");
        if (!limit.is_null()) src.limit_offset += " LIMIT " + bind_count(limit, "limit");
        Input offset = argument(args, f, "offset");
        if (!offset.is_null()) src.limit_offset += " OFFSET " + bind_count(offset, "offset");
        if (!join) {
            // A root level's rows are known exactly: batched fetches and nested levels take them
            // from the read the output makes (ordering joins, made before, fetch for the superset).
            std::vector<std::string> keys;
            for (const SortKey& k : src.order) keys.push_back(k.expr + " " + k.direction);
            std::string distinct = src.distinct_on.empty() ? "" : "DISTINCT ON (" + join_strings(src.distinct_on, ", ") + ") ";
            std::string body = "SELECT " + distinct + src.columns;
            for (size_t i = 0; i < src.order.size(); ++i) body += ", " + src.order[i].expr + " AS __gg_s" + std::to_string(i);
            body += " " + src.from + src.level.from_clause() + src.where +
                    (keys.empty() ? "" : " ORDER BY " + join_strings(keys, ", ")) + src.limit_offset;
            rows_ctes_.push_back(RowsCte{"_gg_r" + std::to_string(rows_ctes_.size()), body, ctes_.size()});
            src.level.rows = &rows_ctes_.back();
        }
        return src;
    }

    // The inner query: the given expressions plus the sort keys as __gg_s<n>, filtered,
    // ordered and limited.  The joins of batched relationship fields are made after the limit,
    // over the level's rows only: joined before it, the planner would join every row the filter
    // keeps (and sort them all) to return a few.  Joins that ordering needs stay before it.
    // A level whose rows are read once (RowsCte) selects from that read.
    std::string inner_query(const RowSource& src, const std::string& select_list) {
        std::string order_joins;
        std::string field_joins;
        for (size_t i = 0; i < src.level.joins.size(); ++i)
            (i < src.order_joins ? order_joins : field_joins) += " " + src.level.joins[i];
        std::string sort_columns;
        for (size_t i = 0; i < src.order.size(); ++i) sort_columns += ", " + src.alias + ".__gg_s" + std::to_string(i);
        if (RowsCte* rows = src.level.rows; rows && rows->used) {
            ctes_.insert(ctes_.begin() + static_cast<std::ptrdiff_t>(rows->slot), {rows->name, rows->body});
            return "SELECT " + select_list + sort_columns + " FROM " + rows->name + " " + src.alias + field_joins;
        }
        std::vector<std::string> keys;
        for (const SortKey& k : src.order) keys.push_back(k.expr + " " + k.direction);
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

    std::string outer_order(const RowSource& src, const std::string& alias) {
        if (src.order.empty()) return "";
        std::vector<std::string> keys;
        for (size_t i = 0; i < src.order.size(); ++i)
            keys.push_back(alias + ".__gg_s" + std::to_string(i) + " " + src.order[i].direction);
        return " ORDER BY " + join_strings(keys, ", ");
    }

    std::string select_rows(const TableInfo& t, const CollectedField& f, const FieldDef& def, const Join* join,
                            const Level* parent) {
        Input args = arguments(f, def);
        RowSource src = row_source(t, f, args, join, parent);
        const TypeDef& type = *gql_.type(t.graphql_name);
        std::string row = row_json(t, src.alias, type, subfields(f, type), src.level);
        return "(SELECT coalesce(json_agg(r.__gg_j" + outer_order(src, "r") + "), '[]') FROM (" +
               inner_query(src, row + " AS __gg_j") + ") r)";
    }

    // ---- aggregates -----------------------------------------------------------------------

    std::string aggregate(const TableInfo& t, const CollectedField& f, const FieldDef& def, const Join* join,
                          const Level* parent) {
        Input args = arguments(f, def);
        RowSource src = row_source(t, f, args, join, parent);
        std::vector<std::string> columns;
        for (const ColumnInfo& c : t.columns) columns.push_back(column(src.alias, c.name));
        std::string rows = new_alias();
        const TypeDef& aggregate_type = type_of(def);
        const TypeDef& node_type = *gql_.type(t.graphql_name);

        std::vector<std::pair<std::string, std::string>> parts;
        Level nodes_level = src.level;  // the same rows, with joins of their own
        nodes_level.joins.clear();
        for (const CollectedField& field : subfields(f, aggregate_type)) {
            std::string name(field.first().name);
            std::string expr;
            if (name == "__typename") {
                expr = quote_literal(aggregate_type.name);
            } else if (name == "nodes") {
                PathStep step(path_, field.response_name);
                expr = "coalesce(json_agg(" + row_json(t, rows, node_type, subfields(field, node_type), nodes_level) +
                       outer_order(src, rows) + "), '[]')";
            } else {
                const FieldDef& fields_def = *aggregate_type.field("aggregate");
                expr = aggregate_fields(t, rows, field, type_of(fields_def));
            }
            parts.emplace_back(std::string(field.response_name), expr);
        }
        return "(SELECT " + object(parts) + " FROM (" +
               inner_query(src, columns.empty() ? "1 AS __gg_none" : join_strings(columns, ", ")) + ") " + rows +
               nodes_level.from_clause() + ")";
    }

    std::string aggregate_fields(const TableInfo& t, const std::string& rows, const CollectedField& f, const TypeDef& type) {
        std::vector<std::pair<std::string, std::string>> parts;
        for (const CollectedField& field : subfields(f, type)) {
            std::string name(field.first().name);
            std::string expr;
            if (name == "__typename") {
                expr = quote_literal(type.name);
            } else if (name == "count") {
                Input args = arguments(field, *type.field("count"));
                Input cols = argument(args, field, "columns");
                bool distinct = argument(args, field, "distinct").is_null() ? false : structural(argument(args, field, "distinct")).get<bool>();
                std::vector<std::string> exprs;
                if (!cols.is_null())
                    for (const Json& c : structural(cols)) exprs.push_back(column(rows, c.get<std::string>()));
                if (exprs.empty()) expr = "count(*)";
                else if (exprs.size() == 1) expr = std::string("count(") + (distinct ? "DISTINCT " : "") + exprs[0] + ")";
                else expr = std::string("count(") + (distinct ? "DISTINCT " : "") + "(" + join_strings(exprs, ", ") + "))";
            } else {
                // avg, max, min, stddev, ..., sum: one aggregate per column
                const TypeDef& columns_type = type_of(*type.field(name));
                std::vector<std::pair<std::string, std::string>> cols;
                bool as_float = name != "max" && name != "min" && name != "sum";
                for (const CollectedField& c : subfields(field, columns_type)) {
                    std::string col(c.first().name);
                    std::string value = col == "__typename"
                                            ? quote_literal(columns_type.name)
                                            : name + "(" + column(rows, col) + ")" + (as_float ? "::float8" : "");
                    cols.emplace_back(std::string(c.response_name), value);
                }
                expr = object(cols);
            }
            parts.emplace_back(std::string(field.response_name), expr);
        }
        return object(parts);
    }

    // ---- one row as JSON ------------------------------------------------------------------

    std::string row_json(const TableInfo& t, const std::string& alias, const TypeDef& type,
                         const std::vector<CollectedField>& fields, Level& level) {
        std::vector<std::pair<std::string, std::string>> parts;
        for (const CollectedField& f : fields) {
            std::string name(f.first().name);
            std::string expr;
            PathStep step(path_, f.response_name);
            if (name == "__typename") {
                expr = quote_literal(type.name);
            } else if (const ColumnInfo* c = t.column(name)) {
                expr = column(alias, name);
                if (c->kind == schema::ScalarKind::Json) expr = json_path(expr, f, *type.field(name));
            } else if (const RelationshipInfo* rel = t.relationship(name)) {
                const TableInfo& target = snapshot_.tables[rel->target];
                Join join{alias, rel};
                if (batched(*rel)) {
                    expr = batched_field(alias, *rel, f, *type.field(name), level);
                } else if (rel->is_array) {
                    expr = select_rows(target, f, *type.field(name), &join, &level);
                } else {
                    const TypeDef& target_type = *gql_.type(target.graphql_name);
                    std::string a = new_alias();
                    Level child = candidates(target, Input{&null_, nullptr}, &join, &level);
                    std::string row = row_json(target, a, target_type, subfields(f, target_type), child);
                    expr = "(SELECT " + row + " FROM " + relation(target) + " " + a + child.from_clause() + " WHERE " +
                           join_condition(join, a) + " LIMIT 1)";
                }
            } else {
                // <rel>_aggregate of an array relationship
                const RelationshipInfo* base = t.relationship(name.substr(0, name.size() - std::string("_aggregate").size()));
                Join join{alias, base};
                if (batched(*base)) expr = batched_aggregate(alias, *base, f, *type.field(name), level);
                else expr = aggregate(snapshot_.tables[base->target], f, *type.field(name), &join, &level);
            }
            parts.emplace_back(std::string(f.response_name), expr);
        }
        return object(parts);
    }

    // ---- batched relationships (remote sources) --------------------------------------------

    // A relationship whose target lives in another database (a remote relationship, or one
    // between tables of a remote source) is answered by one fetch through its batch function
    // for all parent rows at its place in the query, never by a lookup per row.
    bool batched(const RelationshipInfo& rel) const { return rel.is_remote || snapshot_.tables[rel.target].is_remote; }

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

    // The fetch: a CTE over the batch function, called once with the distinct non-NULL key tuples
    // of the parent candidates, each key column as one array that postgres_fdw ships as a single
    // parameter.  With no keys the fetch is gated off and sends nothing.
    std::string batch_cte(const RelationshipInfo& rel, const std::string& parent_candidates, const Input& where) {
        const TableInfo& target = snapshot_.tables[rel.target];
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
        // postgres_fdw ships (an array_agg in a subquery would be joined, and not shipped).
        // Several columns read the same distinct tuples in the same total order, so the arrays
        // line up element by element.
        std::string tuples = "SELECT DISTINCT " + join_strings(distinct, ", ") + " FROM (" + parent_candidates +
                             ") p WHERE " + join_strings(not_null, " AND ");
        std::vector<std::string> order;
        for (size_t i = 0; i < rel.mapping.size(); ++i) order.push_back("x.c" + std::to_string(i + 1));
        std::vector<std::string> arrays;
        for (size_t i = 0; i < rel.mapping.size(); ++i) {
            std::string n = std::to_string(i + 1);
            arrays.push_back(rel.mapping.size() == 1
                                 ? "ARRAY(SELECT DISTINCT " + column("p", rel.mapping[0].first) + " FROM (" +
                                       parent_candidates + ") p WHERE " + not_null[0] + ") AS a1"
                                 : "ARRAY(SELECT x.c" + n + " FROM (" + tuples + ") x ORDER BY " +
                                       join_strings(order, ", ") + ") AS a" + n);
        }
        std::string keys = "(SELECT " + join_strings(arrays, ", ") + ") k";
        std::string u = new_alias();
        std::string body = "SELECT " + u + ".* FROM " + keys + " CROSS JOIN LATERAL " +
                           quote_qualified(rel.batch_schema, rel.batch_function) + "(" + join_strings(args, ", ") + ") " +
                           u + " WHERE cardinality(k.a1) > 0";
        if (!where.is_null()) body += " AND " + bool_exp(target, u, where);
        ctes_.emplace_back(name, body);
        return name;
    }

    // The fetched rows of an array relationship with the per-parent arguments applied
    // (distinct_on, order_by, offset, limit, through row_number over each parent's key), as a
    // query with the target's columns, __gg_k<i> and __gg_rn.
    std::string per_parent_rows(const TableInfo& target, const RelationshipInfo& rel, const std::string& b,
                                const CollectedField& f, const Input& args) {
        std::string u = new_alias();
        std::vector<SortKey> order;
        for (const Input& element : elements(argument(args, f, "order_by"))) order_keys(target, u, element, order, nullptr);
        std::string source = b + " " + u;
        Input distinct = argument(args, f, "distinct_on");
        if (!distinct.is_null()) {
            std::vector<std::string> columns;
            for (const Json& c : structural(distinct)) columns.push_back(column(u, c.get<std::string>()));
            for (size_t i = 0; i < order.size() && i < columns.size(); ++i)
                if (order[i].expr != columns[i])
                    throw GraphQLError("\"distinct_on\" columns must match initial \"order_by\" columns", {},
                                       "validation-failed");
            std::vector<std::string> keys{key_list(rel, u)};
            for (const auto& c : columns) keys.push_back(c);
            std::vector<std::string> sort = keys;
            for (size_t i = columns.size(); i < order.size(); ++i) sort.push_back(order[i].expr + " " + order[i].direction);
            source = "(SELECT DISTINCT ON (" + join_strings(keys, ", ") + ") " + u + ".* FROM " + b + " " + u +
                     " ORDER BY " + join_strings(sort, ", ") + ") " + u;
        }
        std::vector<std::string> sort;
        for (const SortKey& k : order) sort.push_back(k.expr + " " + k.direction);
        std::string numbered = "SELECT " + named_keys(rel, u) + ", " + u + ".*, row_number() OVER (PARTITION BY " +
                               key_list(rel, u) + (sort.empty() ? "" : " ORDER BY " + join_strings(sort, ", ")) +
                               ") AS __gg_rn FROM " + source;
        std::string filter;
        Input offset = argument(args, f, "offset");
        Input limit = argument(args, f, "limit");
        std::string skip = offset.is_null() ? "0" : bind_count(offset, "offset");
        if (!offset.is_null()) filter += " WHERE " + u + ".__gg_rn > " + skip;
        if (!limit.is_null())
            filter += std::string(filter.empty() ? " WHERE " : " AND ") + u + ".__gg_rn <= " + skip + " + " + bind_count(limit, "limit");
        return "SELECT * FROM (" + numbered + ") " + u + filter;
    }

    std::string batched_field(const std::string& alias, const RelationshipInfo& rel, const CollectedField& f,
                              const FieldDef& def, Level& level) {
        const TableInfo& target = snapshot_.tables[rel.target];
        const TypeDef& target_type = *gql_.type(target.graphql_name);
        Input args = rel.is_array ? arguments(f, def) : Input{&null_, nullptr};
        std::string b = batch_cte(rel, level.candidates(), argument(args, f, "where"));
        Level child{"SELECT * FROM " + b};
        std::string j = new_alias();
        std::string x = new_alias();
        if (!rel.is_array) {
            // A target key that is not unique would repeat the parent row: keep one match
            // (and skip the sort that costs when the key is the target's primary key).
            std::vector<std::string> to;
            for (const auto& [from, column_to] : rel.mapping) to.push_back(column_to);
            std::vector<std::string> pk = target.primary_key;
            std::sort(to.begin(), to.end());
            std::sort(pk.begin(), pk.end());
            std::string distinct = to == pk ? "" : "DISTINCT ON (" + key_list(rel, x) + ") ";
            std::string row = row_json(target, x, target_type, subfields(f, target_type), child);
            level.joins.push_back("LEFT JOIN (SELECT " + distinct + named_keys(rel, x) + ", " + row + " AS __gg_v FROM " +
                                  b + " " + x + child.from_clause() + ") " + j + " ON " + key_match(rel, j, alias, true));
            return j + ".__gg_v";
        }
        std::string rows = per_parent_rows(target, rel, b, f, args);
        std::string row = row_json(target, x, target_type, subfields(f, target_type), child);
        level.joins.push_back("LEFT JOIN (SELECT " + group_keys(rel, x) + ", json_agg(" + row + " ORDER BY " + x +
                              ".__gg_rn) AS __gg_v FROM (" + rows + ") " + x + child.from_clause() + " GROUP BY " +
                              group_keys(rel, x) + ") " + j + " ON " + key_match(rel, j, alias, true));
        return "CASE WHEN " + any_key_null(rel, alias) + " THEN NULL ELSE coalesce(" + j + ".__gg_v, '[]') END";
    }

    std::string batched_aggregate(const std::string& alias, const RelationshipInfo& rel, const CollectedField& f,
                                  const FieldDef& def, Level& level) {
        const TableInfo& target = snapshot_.tables[rel.target];
        const TypeDef& aggregate_type = type_of(def);
        const TypeDef& node_type = *gql_.type(target.graphql_name);
        Input args = arguments(f, def);
        std::string b = batch_cte(rel, level.candidates(), argument(args, f, "where"));
        Level child{"SELECT * FROM " + b};
        std::string rows = per_parent_rows(target, rel, b, f, args);
        std::string x = new_alias();
        std::vector<std::pair<std::string, std::string>> parts;
        for (const CollectedField& field : subfields(f, aggregate_type)) {
            std::string name(field.first().name);
            std::string expr;
            if (name == "__typename") expr = quote_literal(aggregate_type.name);
            else if (name == "nodes") {
                PathStep step(path_, field.response_name);
                expr = "coalesce(json_agg(" + row_json(target, x, node_type, subfields(field, node_type), child) +
                       " ORDER BY " + x + ".__gg_rn), '[]')";
            } else expr = aggregate_fields(target, x, field, type_of(*aggregate_type.field("aggregate")));
            parts.emplace_back(std::string(field.response_name), expr);
        }
        std::string j = new_alias();
        std::string from = " FROM (" + rows + ") " + x + child.from_clause();
        level.joins.push_back("LEFT JOIN (SELECT " + group_keys(rel, x) + ", " + object(parts) + " AS __gg_v" + from +
                              " GROUP BY " + group_keys(rel, x) + ") " + j + " ON " + key_match(rel, j, alias, true));
        // A parent without related rows still gets its aggregate: the same object over no rows.
        std::string empty = "(SELECT " + object(parts) + from + " WHERE false)";
        return "CASE WHEN " + any_key_null(rel, alias) + " THEN NULL ELSE coalesce(" + j + ".__gg_v, " + empty + ") END";
    }

    // A json/jsonb column's `path` argument, in Hasura's syntax: an optional leading `$`, then
    // keys as `.key`, `[0]`, `['key']` or `["key"]` (quoted keys may hold any character; a
    // backslash escapes the next one): the value at that path, or null.
    std::string json_path(const std::string& expr, const CollectedField& f, const FieldDef& def) {
        if (!def.arg("path")) return expr;
        Input args = arguments(f, def);
        Input path = argument(args, f, "path");
        if (path.is_null()) return expr;
        std::string text = structural(path).get<std::string>();
        auto invalid = [&](const std::string& why) {
            return GraphQLError("invalid json path \"" + text + "\": " + why, {}, "validation-failed");
        };
        Json steps = Json::array();
        size_t i = (!text.empty() && text[0] == '$') ? 1 : 0;
        while (i < text.size()) {
            if (text[i] == '.') {
                ++i;
                if (i == text.size() || text[i] == '.' || text[i] == '[') throw invalid("a key is missing after \".\"");
                size_t end = text.find_first_of(".[", i);
                if (end == std::string::npos) end = text.size();
                steps.push_back(text.substr(i, end - i));
                i = end;
            } else if (text[i] == '[') {
                ++i;
                std::string key;
                if (i < text.size() && (text[i] == '\'' || text[i] == '"')) {
                    char quote = text[i++];
                    while (i < text.size() && text[i] != quote) {
                        if (text[i] == '\\' && i + 1 < text.size()) ++i;
                        key += text[i++];
                    }
                    if (i == text.size()) throw invalid("unclosed quote");
                    ++i;
                } else {
                    size_t end = text.find(']', i);
                    if (end == std::string::npos) throw invalid("unclosed [");
                    key = text.substr(i, end - i);
                    if (key.empty() || key.find_first_not_of("0123456789") != std::string::npos)
                        throw invalid("an index in [] is a number, a key is quoted");
                    i = end;
                }
                if (i == text.size() || text[i] != ']') throw invalid("expected ]");
                ++i;
                steps.push_back(key);
            } else if (steps.empty() && i == 0) {
                // a path may start with its first key: "a.b"
                size_t end = text.find_first_of(".[", i);
                if (end == std::string::npos) end = text.size();
                steps.push_back(text.substr(i, end - i));
                i = end;
            } else {
                throw invalid("expected . or [");
            }
        }
        Param p;
        p.constant = steps;
        p.is_list = true;
        return "(" + expr + " #> " + placeholder(p, "text") + ")";
    }

    // ---- where ----------------------------------------------------------------------------

    std::string bool_exp(const TableInfo& t, const std::string& alias, const Input& in) {
        if (in.is_null()) return "true";
        if (in.node && in.node->kind == ValueKind::Variable) mark_structural(in.node);
        std::vector<std::string> parts;
        for (auto it = in.value->begin(); it != in.value->end(); ++it) {
            const std::string& key = it.key();
            Input sub = child(in, key);
            if (sub.is_null()) continue;  // Hasura ignores a null condition
            if (key == "_and" || key == "_or") {
                std::vector<std::string> terms;
                for (const Input& e : elements(sub)) terms.push_back(bool_exp(t, alias, e));
                if (terms.empty()) parts.push_back(key == "_and" ? "true" : "false");
                else parts.push_back("(" + join_strings(terms, key == "_and" ? " AND " : " OR ") + ")");
            } else if (key == "_not") {
                parts.push_back("NOT " + bool_exp(t, alias, sub));
            } else if (const ColumnInfo* c = t.column(key)) {
                comparisons(*c, column(alias, key), sub, parts);
            } else if (const RelationshipInfo* rel = t.relationship(key); rel && batched(*rel)) {
                // The keys of the matching target rows, fetched once with the condition shipped
                // to their database, rather than a lookup per row.
                const TableInfo& target = snapshot_.tables[rel->target];
                std::string a = new_alias();
                std::vector<std::string> mine;
                std::vector<std::string> theirs;
                for (const auto& [from, to] : rel->mapping) {
                    mine.push_back(column(alias, from));
                    theirs.push_back(column(a, to));
                }
                parts.push_back("(" + join_strings(mine, ", ") + ") IN (SELECT " + join_strings(theirs, ", ") + " FROM " +
                                relation(target) + " " + a + " WHERE " + bool_exp(target, a, sub) + ")");
            } else if (const RelationshipInfo* rel = t.relationship(key)) {
                const TableInfo& target = snapshot_.tables[rel->target];
                std::string a = new_alias();
                parts.push_back("EXISTS (SELECT 1 FROM " + relation(target) + " " + a + " WHERE " +
                                join_condition(Join{alias, rel}, a) + " AND " + bool_exp(target, a, sub) + ")");
            }
        }
        if (parts.empty()) return "true";
        return "(" + join_strings(parts, " AND ") + ")";
    }

    void comparisons(const ColumnInfo& c, const std::string& col, const Input& in, std::vector<std::string>& out) {
        static const std::vector<std::pair<std::string, std::string>> binary = {
            {"_eq", "="}, {"_neq", "<>"}, {"_gt", ">"}, {"_lt", "<"}, {"_gte", ">="}, {"_lte", "<="},
            {"_like", "LIKE"}, {"_nlike", "NOT LIKE"}, {"_ilike", "ILIKE"}, {"_nilike", "NOT ILIKE"},
            {"_similar", "SIMILAR TO"}, {"_nsimilar", "NOT SIMILAR TO"}, {"_regex", "~"}, {"_iregex", "~*"},
            {"_nregex", "!~"}, {"_niregex", "!~*"}, {"_contains", "@>"}, {"_contained_in", "<@"}, {"_has_key", "?"},
            {"_has_keys_any", "?|"}, {"_has_keys_all", "?&"}};
        if (in.node && in.node->kind == ValueKind::Variable) mark_structural(in.node);
        for (auto it = in.value->begin(); it != in.value->end(); ++it) {
            const std::string& op = it.key();
            Input operand = child(in, op);
            if (operand.is_null()) continue;
            if (op == "_is_null") {
                out.push_back(col + (structural(operand).get<bool>() ? " IS NULL" : " IS NOT NULL"));
            } else if (op == "_in" || op == "_nin") {
                std::string test = col + " = ANY (" + bind(operand, c.pg_type, true) + ")";
                out.push_back(op == "_in" ? test : "NOT (" + test + ")");
            } else {
                for (const auto& [name, sql_op] : binary) {
                    if (name != op) continue;
                    std::string type = c.pg_type;
                    if (op == "_has_key") type = "text";
                    else if (op == "_has_keys_any" || op == "_has_keys_all") type = "text[]";
                    else if (sql_op.find("LIKE") != std::string::npos || sql_op.find("SIMILAR") != std::string::npos ||
                             sql_op.find('~') != std::string::npos)
                        type = "text";
                    std::string value = type == "text[]" ? bind(operand, "text", true) : bind(operand, type);
                    out.push_back(col + " " + sql_op + " " + value);
                }
            }
        }
    }

    // ---- order_by -------------------------------------------------------------------------

    // `level`, when given, may receive LEFT JOINs: ordering by a field of a batched object
    // relationship joins that relationship's fetch instead of querying per row.
    void order_keys(const TableInfo& t, const std::string& alias, const Input& in, std::vector<SortKey>& out,
                    Level* level) {
        if (in.is_null()) return;
        if (in.node && in.node->kind == ValueKind::Variable) mark_structural(in.node);
        for (auto it = in.value->begin(); it != in.value->end(); ++it) {
            const std::string& key = it.key();
            Input sub = child(in, key);
            if (sub.is_null()) continue;
            if (t.column(key)) {
                out.push_back(SortKey{column(alias, key), sort_direction(structural(sub).get<std::string>())});
            } else if (const RelationshipInfo* rel = t.relationship(key); rel && batched(*rel) && level) {
                const TableInfo& target = snapshot_.tables[rel->target];
                std::string b = batch_cte(*rel, level->candidates(), Input{&null_, nullptr});
                std::string j = new_alias();
                std::string u = new_alias();
                level->joins.push_back("LEFT JOIN (SELECT DISTINCT ON (" + key_list(*rel, u) + ") " + u + ".* FROM " + b +
                                       " " + u + ") " + j + " ON " + key_match(*rel, j, alias, false));
                order_keys(target, j, sub, out, nullptr);
            } else if (const RelationshipInfo* rel = t.relationship(key)) {
                const TableInfo& target = snapshot_.tables[rel->target];
                std::string a = new_alias();
                std::vector<SortKey> nested;
                order_keys(target, a, sub, nested, nullptr);
                for (SortKey& k : nested)
                    out.push_back(SortKey{"(SELECT " + k.expr + " FROM " + relation(target) + " " + a + " WHERE " +
                                              join_condition(Join{alias, rel}, a) + " LIMIT 1)",
                                          k.direction});
            } else {
                // <rel>_aggregate: {count: dir} or {<fn>: {column: dir}}
                const RelationshipInfo* base = t.relationship(key.substr(0, key.size() - std::string("_aggregate").size()));
                const TableInfo& target = snapshot_.tables[base->target];
                std::string a = new_alias();
                std::string from = " FROM " + relation(target) + " " + a + " WHERE " + join_condition(Join{alias, base}, a) + ")";
                for (auto fn = sub.value->begin(); fn != sub.value->end(); ++fn) {
                    Input spec = child(sub, fn.key());
                    if (spec.is_null()) continue;
                    if (fn.key() == "count") {
                        out.push_back(SortKey{"(SELECT count(*)" + from, sort_direction(structural(spec).get<std::string>())});
                        continue;
                    }
                    for (auto col = spec.value->begin(); col != spec.value->end(); ++col) {
                        Input dir = child(spec, col.key());
                        if (dir.is_null()) continue;
                        out.push_back(SortKey{"(SELECT " + fn.key() + "(" + column(a, col.key()) + ")" + from,
                                              sort_direction(structural(dir).get<std::string>())});
                    }
                }
            }
        }
    }
};

}  // namespace

CompiledQuery compile_query(const CompileInput& input) { return Compiler(input).run(); }

}  // namespace graphgate::compile
