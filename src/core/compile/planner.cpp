#include "core/compile/planner.hpp"

#include "core/compile/json_path.hpp"
#include "core/compile/plan_arguments.hpp"
#include "core/compile/plan_inputs.hpp"
#include "core/schema/schema_builder.hpp"

namespace graphgate::compile {
namespace {

using graphql::CollectedField;
using graphql::FieldDef;
using graphql::TypeDef;
using Origin = schema::GraphQLSchema::FieldOrigin;

// @skip/@include decide which fields exist, so their variables shape the statement.
void mark_directives(PlanInputs& inputs, const std::vector<graphql::ast::Selection>& selections) {
    for (const auto& s : selections) {
        for (const auto& d : s.directives)
            for (const auto& a : d.arguments) inputs.mark_structural(&a.value);
        mark_directives(inputs, s.selection_set);
    }
}

class Planner {
public:
    Planner(const CompileInput& input, Plan& plan, std::vector<PathSegment> path = {})
        : in_(input), gql_(input.schema.schema()), plan_(plan), inputs_(input, plan_), arguments_(input.schema, inputs_),
          path_(std::move(path)) {}

    void run() {
        mark_directive_variables(in_, inputs_);
        // A subscription is a live query: its root has the query root's fields.
        const TypeDef* root_type = gql_.root_type(in_.operation.operation);
        if (!root_type) throw GraphQLError(std::string("Schema is not configured to execute ") +
                                               graphql::ast::operation_type_name(in_.operation.operation) + " operation.",
                                           {}, error_code::validation_failed);
        const TypeDef& root = *root_type;
        const std::vector<CollectedField> fields =
            graphql::collect_fields(gql_, in_.document, root, in_.operation.selection_set, in_.variables);
        for (const CollectedField& f : fields) plan_.fields.push_back(root_field(f, root));
        if (plan_.stream) {
            // As Hasura: a stream is the operation's one root field (its cursor is the operation's).
            if (plan_.fields.size() != 1)
                throw GraphQLError("a streaming subscription must select exactly one root field", {},
                                   error_code::validation_failed);
            // The cursor column of the rows returned, after them: the caller's next cursor.
            RootField cursor = plan_.fields.front();
            cursor.response_name = stream_cursor_field;
            Field column;
            column.response_name = plan_.stream->column;
            column.column = plan_.stream->column;
            cursor.fields = {std::move(column)};
            plan_.fields.push_back(std::move(cursor));
        }
    }

    // The fields `f` selects of a row of `t`.
    std::vector<Field> row_fields(const TableInfo& t, const TypeDef& type, const CollectedField& f) {
        std::vector<Field> out;
        for (const CollectedField& sub : subfields(f, type)) out.push_back(field(t, type, sub));
        return out;
    }

private:
    const CompileInput& in_;
    const graphql::Schema& gql_;
    Plan& plan_;
    PlanInputs inputs_;
    ArgumentPlanner arguments_;
    std::vector<PathSegment> path_;  // selectionSet.<name>... of the field being planned

    // Whether a value of this type goes out as a JSON string: the types whose values a JSON number
    // (an IEEE double for most clients) cannot hold exactly, when the caller asks (Hasura's rule).
    static std::string column_type(const TableInfo& t, const std::string& name) {
        const schema::ColumnInfo* c = t.column(name);
        return c ? c->pg_type : std::string();
    }
    bool stringified(const std::string& pg_type) const {
        return in_.stringify_numbers && (pg_type == "bigint" || pg_type == "numeric" || pg_type == "double precision");
    }

    // Keeps path_ at the field being planned, for errors that name one of its arguments.
    struct PathStep {
        std::vector<PathSegment>& path;
        PathStep(std::vector<PathSegment>& p, std::string_view name) : path(p) {
            path.emplace_back("selectionSet");
            path.emplace_back(std::string(name));
        }
        ~PathStep() { path.resize(path.size() - 2); }
    };

    const TypeDef& type_of(const FieldDef& def) const { return *gql_.type(def.type.name); }
    const TypeDef& table_type(const TableInfo& t) const { return *gql_.type(t.graphql_name); }
    const TableInfo& target(const RelationshipInfo& rel) const { return in_.schema.snapshot().tables[rel.target]; }

    std::vector<CollectedField> subfields(const CollectedField& f, const TypeDef& type) {
        return graphql::collect_subfields(gql_, in_.document, type, f, in_.variables);
    }

    RootField root_field(const CollectedField& f, const TypeDef& root) {
        PathStep step(path_, f.response_name);
        RootField out;
        out.response_name = std::string(f.response_name);
        std::string name(f.first().name);
        if (name == "__typename") {
            out.kind = RootField::Kind::Typename;
            out.literal = root.name;
            return out;
        }
        if (name == "__schema" || name == "__type") {
            out.kind = RootField::Kind::Constant;
            out.value = inputs_.bind_constant(in_.introspect(f), "json");
            return out;
        }
        if (name == schema::no_queries_field) {
            out.kind = RootField::Kind::Text;
            out.literal = schema::no_queries_message;
            return out;
        }
        const schema::GraphQLSchema::RootField* table_field = in_.schema.root_field(name);
        if (!table_field) throw GraphQLError("field '" + name + "' not found in type: '" + root.name + "'", {}, error_code::validation_failed);
        const FieldDef& def = *root.field(name);
        const TableInfo& t = *table_field->table;
        out.table = &t;
        Input args = inputs_.arguments(f, def);
        switch (table_field->kind) {
            case schema::GraphQLSchema::RootField::Select:
                out.kind = RootField::Kind::Select;
                out.args = arguments_.rows(t, f, args, path_);
                out.fields = row_fields(t, table_type(t), f);
                break;
            case schema::GraphQLSchema::RootField::ByPk:
                out.kind = RootField::Kind::ByPk;
                for (const std::string& key : t.primary_key) {
                    const schema::ColumnInfo& c = *t.column(key);
                    out.pk.emplace_back(key, inputs_.bind(inputs_.argument(args, f, c.graphql_name), c.pg_type));
                }
                out.fields = row_fields(t, table_type(t), f);
                break;
            case schema::GraphQLSchema::RootField::Stream:
                out.kind = RootField::Kind::Select;
                out.args = stream_rows(t, f, args);
                out.fields = row_fields(t, table_type(t), f);
                break;
            case schema::GraphQLSchema::RootField::Aggregate:
                out.kind = RootField::Kind::Aggregate;
                out.args = arguments_.rows(t, f, args, path_);
                out.aggregate = aggregate_parts(t, type_of(def), f);
                if (t.is_remote) refuse_fetched_nodes(out.aggregate);
                break;
            case schema::GraphQLSchema::RootField::Function:
                out.kind = RootField::Kind::Select;
                out.args = arguments_.rows(t, f, args, path_);
                out.args.call = arguments_.call(table_field->function->function, nullptr, f, args);
                out.fields = row_fields(t, table_type(t), f);
                break;
            case schema::GraphQLSchema::RootField::FunctionAggregate:
                out.kind = RootField::Kind::Aggregate;
                out.args = arguments_.rows(t, f, args, path_);
                out.args.call = arguments_.call(table_field->function->function, nullptr, f, args);
                out.aggregate = aggregate_parts(t, type_of(def), f);
                if (t.is_remote) refuse_fetched_nodes(out.aggregate);
                break;
        }
        return out;
    }

    // <t>_stream(batch_size, cursor, where): the rows after the cursor, in its order, at most
    // batch_size.  One cursor of one column, as Hasura supports.
    RowsArgs stream_rows(const TableInfo& t, const CollectedField& f, const Input& args) {
        auto refuse = [&](const std::string& message, const char* argument) {
            std::vector<PathSegment> at = path_;
            at.emplace_back("args");
            at.emplace_back(argument);
            return GraphQLError(message, {}, error_code::validation_failed, at);
        };
        std::vector<Input> cursors = inputs_.elements(inputs_.argument(args, f, "cursor"));
        if (cursors.size() != 1) throw refuse("exactly one cursor is supported", "cursor");
        if (cursors[0].is_null()) throw refuse("the cursor must not be null", "cursor");
        const Json& initial = inputs_.structural(inputs_.child(cursors[0], "initial_value"));
        std::vector<std::pair<std::string, const Json*>> columns;
        for (auto it = initial.begin(); it != initial.end(); ++it)
            if (!it.value().is_null()) columns.emplace_back(it.key(), &it.value());
        if (columns.size() != 1) throw refuse("the cursor's initial_value must give exactly one column a value", "cursor");
        const schema::ColumnInfo* column = t.column(in_.schema.column_name(t, columns[0].first));
        if (!column || !column->comparable) throw refuse("column \"" + columns[0].first + "\" cannot be a cursor: its values have no order", "cursor");
        const Json& ordering = inputs_.structural(inputs_.child(cursors[0], "ordering"));
        const bool descending = ordering.is_string() && ordering.get<std::string>() == "DESC";

        RowsArgs rows;
        Filter after;
        after.kind = Filter::Kind::Compare;
        after.column = column->name;
        after.op = descending ? "<" : ">";
        after.value = inputs_.bind_variable(stream_cursor_variable, column->pg_type);
        Filter where = arguments_.where(t, inputs_.argument(args, f, "where"));
        if (where.kind == Filter::Kind::True) {
            rows.where = std::move(after);
        } else {
            rows.where.kind = Filter::Kind::And;
            rows.where.children = {std::move(where), std::move(after)};
        }
        SortKey key;
        key.column = column->name;
        key.direction = sort_direction(descending ? "desc" : "asc");
        rows.order_by.push_back(std::move(key));
        std::vector<PathSegment> at = path_;
        at.emplace_back("args");
        at.emplace_back("batch_size");
        rows.limit = inputs_.bind_count(inputs_.argument(args, f, "batch_size"), std::move(at));
        plan_.stream = StreamCursor{column->name, *columns[0].second};
        return rows;
    }

    Field field(const TableInfo& t, const TypeDef& type, const CollectedField& f) {
        PathStep step(path_, f.response_name);
        Field out;
        out.response_name = std::string(f.response_name);
        std::string name(f.first().name);
        const Origin* origin = name == "__typename" ? nullptr : in_.schema.field_origin(t, name);
        if (!origin) {
            out.kind = Field::Kind::Typename;
            out.literal = type.name;
            return out;
        }
        const FieldDef& def = *type.field(name);
        if (origin->kind == Origin::ComputedField) return computed_field(t, *origin->computed, def, f, std::move(out));
        if (origin->kind == Origin::Column) {
            out.kind = Field::Kind::Column;
            out.column = origin->column->name;
            out.as_text = stringified(origin->column->pg_type);
            if (origin->column->kind == schema::ScalarKind::Json && def.arg("path")) {
                Input path = inputs_.argument(inputs_.arguments(f, def), f, "path");
                if (!path.is_null())
                    out.json_path = inputs_.bind_constant(parse_json_path(inputs_.structural(path).get<std::string>()),
                                                          "text", true);
            }
            return out;
        }
        const RelationshipInfo& rel = *origin->relationship;
        const TableInfo& to = target(rel);
        out.relationship = &rel;
        out.target = &to;
        if (origin->kind == Origin::Relationship && !rel.is_array) {
            out.kind = Field::Kind::Object;
            out.fields = row_fields(to, table_type(to), f);
        } else {
            out.args = arguments_.rows(to, f, inputs_.arguments(f, def), path_);
            if (origin->kind == Origin::Relationship) {
                out.kind = Field::Kind::Array;
                out.fields = row_fields(to, table_type(to), f);
            } else {
                out.kind = Field::Kind::Aggregate;
                out.aggregate = aggregate_parts(to, type_of(def), f);
            }
        }
        out.batched = crosses_databases(t, to) || (t.is_remote && holds_fetched(out));
        if (out.kind == Field::Kind::Aggregate && out.batched) refuse_fetched_nodes(out.aggregate);
        return out;
    }

    // A computed field: a scalar is a column whose value the function gives; a SETOF one is a
    // list of the function's rows, with the target's selection arguments.
    Field computed_field(const TableInfo& t, const schema::ComputedFieldInfo& c, const FieldDef& def,
                         const CollectedField& f, Field out) {
        Input args = inputs_.arguments(f, def);
        FunctionCall call = arguments_.call(c.function, &t, f, args);
        if (!c.returns_table) {
            out.kind = Field::Kind::Column;
            call.result_type = c.pg_type;
            out.computed = std::move(call);
            out.as_text = stringified(c.pg_type);
            if (c.kind == schema::ScalarKind::Json && def.arg("path")) {
                Input path = inputs_.argument(args, f, "path");
                if (!path.is_null())
                    out.json_path = inputs_.bind_constant(parse_json_path(inputs_.structural(path).get<std::string>()),
                                                          "text", true);
            }
            return out;
        }
        const TableInfo& to = in_.schema.snapshot().tables[c.target];
        out.kind = Field::Kind::Array;
        out.target = &to;
        out.args = arguments_.rows(to, f, args, path_);
        out.args.call = std::move(call);
        out.fields = row_fields(to, table_type(to), f);
        // A remote source's rows are built in it; rows there that hold a field of yet another
        // database would need their own fetch, which is joined by a relationship's keys.
        if (t.is_remote && holds_fetched(out))
            throw GraphQLError("the rows of computed field \"" + c.name + "\" are read in remote source \"" + t.source +
                                   "\" and cannot select fields of another database",
                               {}, "not-supported", path_);
        return out;
    }

    // Whether the rows of a field hold a field answered by a fetch of its own.
    static bool holds_fetched(const Field& f) {
        for (const Field& sub : f.fields)
            if (sub.batched) return true;
        for (const AggregatePart& part : f.aggregate)
            for (const Field& node : part.nodes)
                if (node.batched) return true;
        return false;
    }

    // An aggregate computed in a remote source with `nodes` that reach yet another database:
    // the nodes would have to come back one by one to be joined here.
    void refuse_fetched_nodes(const std::vector<AggregatePart>& parts) {
        for (const AggregatePart& part : parts)
            for (const Field& node : part.nodes)
                if (node.batched)
                    throw GraphQLError("the nodes of an aggregate read in a remote source cannot select \"" +
                                           node.response_name + "\", which is in another database; query it "
                                           "through the array relationship instead of the aggregate",
                                       {}, "not-supported", path_);
    }

    // <t>_aggregate { aggregate { ... } nodes { ... } __typename }
    std::vector<AggregatePart> aggregate_parts(const TableInfo& t, const TypeDef& aggregate_type, const CollectedField& f) {
        std::vector<AggregatePart> out;
        for (const CollectedField& sub : subfields(f, aggregate_type)) {
            AggregatePart part;
            part.response_name = std::string(sub.response_name);
            std::string name(sub.first().name);
            if (name == "__typename") {
                part.kind = AggregatePart::Kind::Typename;
                part.literal = aggregate_type.name;
            } else if (name == "nodes") {
                PathStep step(path_, sub.response_name);
                part.kind = AggregatePart::Kind::Nodes;
                for (const CollectedField& node : subfields(sub, table_type(t)))
                    part.nodes.push_back(field(t, table_type(t), node));
            } else {
                part.kind = AggregatePart::Kind::Aggregate;
                part.values = aggregate_values(t, type_of(*aggregate_type.field("aggregate")), sub);
            }
            out.push_back(std::move(part));
        }
        return out;
    }

    // aggregate { count(columns, distinct) sum { col } ... __typename }
    std::vector<AggregateValue> aggregate_values(const TableInfo& t, const TypeDef& type, const CollectedField& f) {
        std::vector<AggregateValue> out;
        for (const CollectedField& sub : subfields(f, type)) {
            AggregateValue value;
            value.response_name = std::string(sub.response_name);
            std::string name(sub.first().name);
            if (name == "__typename") {
                value.kind = AggregateValue::Kind::Typename;
                value.literal = type.name;
            } else if (name == "count") {
                value.kind = AggregateValue::Kind::Count;
                Input args = inputs_.arguments(sub, *type.field("count"));
                Input columns = inputs_.argument(args, sub, "columns");
                Input distinct = inputs_.argument(args, sub, "distinct");
                value.distinct = !distinct.is_null() && inputs_.structural(distinct).get<bool>();
                if (!columns.is_null())
                    for (const Json& c : inputs_.structural(columns))
                        value.columns.push_back(in_.schema.column_name(t, c.get<std::string>()));
            } else {
                // avg, max, min, stddev, ..., sum: one aggregate per column
                value.kind = AggregateValue::Kind::Function;
                value.function = name;
                value.as_float = name != "max" && name != "min" && name != "sum";
                const TypeDef& columns_type = type_of(*type.field(name));
                for (const CollectedField& c : subfields(sub, columns_type)) {
                    std::string column(c.first().name);
                    if (column == "__typename")
                        value.function_columns.push_back({std::string(c.response_name), "", columns_type.name});
                    else
                        value.function_columns.push_back(
                            {std::string(c.response_name), in_.schema.column_name(t, column), "",
                             value.as_float ? in_.stringify_numbers
                                            : stringified(column_type(t, in_.schema.column_name(t, column)))});
                }
            }
            out.push_back(std::move(value));
        }
        return out;
    }
};

}  // namespace

void mark_directive_variables(const CompileInput& input, PlanInputs& inputs) {
    mark_directives(inputs, input.operation.selection_set);
    for (const auto& fragment : input.document.fragments) mark_directives(inputs, fragment.selection_set);
}

Plan plan_query(const CompileInput& input) {
    Plan plan;
    Planner(input, plan).run();
    return plan;
}

std::vector<Field> plan_row_fields(const CompileInput& input, Plan& plan, const TableInfo& t,
                                   const graphql::CollectedField& f, std::vector<PathSegment> path) {
    const graphql::TypeDef& type = *input.schema.schema().type(t.graphql_name);
    return Planner(input, plan, std::move(path)).row_fields(t, type, f);
}

}  // namespace graphgate::compile
