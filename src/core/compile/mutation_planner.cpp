#include "core/compile/mutation_planner.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>

#include "core/compile/plan_arguments.hpp"
#include "core/compile/plan_inputs.hpp"
#include "core/compile/planner.hpp"
#include "core/schema/type_names.hpp"

namespace graphgate::compile {
namespace {

using graphql::CollectedField;
using graphql::FieldDef;
using graphql::TypeDef;
using graphql::ast::ValueKind;
using schema::ColumnInfo;
using MF = schema::GraphQLSchema::MutationField;

std::vector<PathSegment> operator+(std::vector<PathSegment> path, PathSegment segment) {
    path.push_back(std::move(segment));
    return path;
}

bool is_variable(const Input& in) { return in.node && in.node->kind == ValueKind::Variable && !in.is_null(); }

bool is_json(const ColumnInfo& c) { return c.scalar == "json" || c.scalar == "jsonb"; }

// The column an input field names: input types name columns by their GraphQL names
// (column_config), plans by their SQL names.  Validation let only the list's columns through.
const ColumnInfo& column_of_field(const std::vector<ColumnInfo>& columns, const std::string& field) {
    for (const ColumnInfo& c : columns)
        if (c.graphql_name == field) return c;
    throw std::logic_error("\"" + field + "\" is no input column");
}
bool is_array_type(const ColumnInfo& c) {
    return c.sql_type.size() > 2 && c.sql_type.compare(c.sql_type.size() - 2, 2, "[]") == 0;
}

// The SQL type an update operator reads its value as.
std::string operand_type(UpdateOp op, const ColumnInfo& c) {
    switch (op) {
        case UpdateOp::Set:
        case UpdateOp::Inc: return c.sql_type;
        case UpdateOp::Prepend:
        case UpdateOp::Append: return "jsonb";
        case UpdateOp::DeleteKey: return "text";
        case UpdateOp::DeleteElem: return "integer";
        case UpdateOp::DeleteAtPath: return "text[]";
    }
    return c.sql_type;
}

// Every table a selection reads: relationship targets of fields, of filters and of sort keys.
void tables_read(const Filter& f, std::set<const TableInfo*>& out) {
    if (f.kind == Filter::Kind::Related) out.insert(f.target);
    for (const Filter& c : f.children) tables_read(c, out);
}
void tables_read(const std::vector<SortKey>& keys, std::set<const TableInfo*>& out) {
    for (const SortKey& k : keys) {
        if (k.target) out.insert(k.target);
        tables_read(k.nested, out);
    }
}
void tables_read(const std::vector<Field>& fields, std::set<const TableInfo*>& out) {
    for (const Field& f : fields) {
        if (!f.target) continue;
        out.insert(f.target);
        tables_read(f.fields, out);
        tables_read(f.args.where, out);
        tables_read(f.args.order_by, out);
        for (const AggregatePart& p : f.aggregate) tables_read(p.nodes, out);
    }
}

class MutationPlanner {
public:
    explicit MutationPlanner(const CompileInput& input)
        : in_(input), gql_(input.schema.schema()), snapshot_(input.schema.snapshot()) {}

    MutationPlan run() {
        {
            Plan operation;
            PlanInputs inputs(in_, operation);
            mark_directive_variables(in_, inputs);
            plan_.structural_variables = std::move(operation.structural_variables);
        }
        const TypeDef& root = *gql_.mutation_type();
        for (const CollectedField& f :
             graphql::collect_fields(gql_, in_.document, root, in_.operation.selection_set, in_.variables))
            plan_.fields.push_back(field(f, root));
        return std::move(plan_);
    }

private:
    const CompileInput& in_;
    const graphql::Schema& gql_;
    const schema::CatalogSnapshot& snapshot_;
    MutationPlan plan_;

    // The state of one root field.
    struct FieldState {
        MutationFieldPlan& out;
        PlanInputs inputs;
        ArgumentPlanner arguments;
        std::vector<PathSegment> path;  // selectionSet.<name>
        FieldState(const CompileInput& in, MutationFieldPlan& o, std::vector<PathSegment> p)
            : out(o), inputs(in, o.params), arguments(in.schema, inputs), path(std::move(p)) {}
    };

    size_t table_index(const TableInfo& t) const { return static_cast<size_t>(&t - snapshot_.tables.data()); }

    using ArgumentFn = std::function<Input(const std::string&)>;

    // A root field's arguments, each with the document node it came from (so that a lone
    // variable stays a parameter, and any other variable is recorded as structural).
    static ArgumentFn argument_of(FieldState& s, const CollectedField& f, const Input& args) {
        return [&s, &f, args](const std::string& name) { return s.inputs.argument(args, f, name); };
    }

    MutationFieldPlan field(const CollectedField& f, const TypeDef& root) {
        MutationFieldPlan out;
        out.response_name = std::string(f.response_name);
        std::string name(f.first().name);
        if (name == "__typename") {
            out.kind = MutationFieldPlan::Kind::Typename;
            out.literal = root.name;
            return out;
        }
        const MF* mf = in_.schema.mutation_field(name);
        if (!mf) throw GraphQLError("field '" + name + "' not found in type: 'mutation_root'", {}, error_code::validation_failed);
        const FieldDef& def = *root.field(name);
        const TableInfo& t = *mf->table;
        out.table = &t;
        FieldState s(in_, out, {std::string("selectionSet"), std::string(f.response_name)});
        Input args = s.inputs.arguments(f, def);
        switch (mf->kind) {
            case MF::Insert:
            case MF::InsertOne:
                out.kind = MutationFieldPlan::Kind::Insert;
                out.single_row = mf->kind == MF::InsertOne;
                out.insert = insert(s, t, f, args, out.single_row);
                break;
            case MF::Update:
            case MF::UpdateByPk:
                out.kind = MutationFieldPlan::Kind::Update;
                out.single_row = mf->kind == MF::UpdateByPk;
                out.writes.push_back(rows_write(s, t, argument_of(s, f, args), s.path + std::string("args"),
                                                out.single_row, true));
                break;
            case MF::UpdateMany: {
                out.kind = MutationFieldPlan::Kind::Update;
                out.many = true;
                std::vector<Input> updates = s.inputs.elements(s.inputs.argument(args, f, "updates"));
                for (size_t i = 0; i < updates.size(); ++i) {
                    const Input entry = updates[i];
                    auto member = [&s, entry](const std::string& name) { return s.inputs.child(entry, name); };
                    out.writes.push_back(rows_write(
                        s, t, member, s.path + std::string("args") + std::string("updates") + static_cast<int64_t>(i),
                        false, true));
                }
                break;
            }
            case MF::Function:
                // A function exposed as a mutation returns its rows, as a query field would.
                out.kind = MutationFieldPlan::Kind::Function;
                out.function_rows = s.arguments.rows(t, f, args, s.path);
                out.function_rows.call = s.arguments.call(mf->function->function, nullptr, f, args);
                out.row_fields = plan_row_fields(in_, out.params, t, f, s.path);
                return out;
            case MF::Delete:
            case MF::DeleteByPk:
                out.kind = MutationFieldPlan::Kind::Delete;
                out.single_row = mf->kind == MF::DeleteByPk;
                out.writes.push_back(rows_write(s, t, argument_of(s, f, args), s.path + std::string("args"),
                                                out.single_row, false));
                break;
        }
        output(s, t, f, def);
        decide_steps(out);
        if (out.insert) correlate(*out.insert, out);
        return out;
    }

    // ---- output ---------------------------------------------------------------------------

    void output(FieldState& s, const TableInfo& t, const CollectedField& f, const FieldDef& def) {
        if (s.out.single_row) {
            s.out.row_fields = plan_row_fields(in_, s.out.params, t, f, s.path);
            return;
        }
        const TypeDef& response = *gql_.type(def.type.name);
        for (const CollectedField& sub : graphql::collect_subfields(gql_, in_.document, response, f, in_.variables)) {
            ResponsePart part;
            part.response_name = std::string(sub.response_name);
            std::string name(sub.first().name);
            if (name == "__typename") {
                part.kind = ResponsePart::Kind::Typename;
                part.literal = response.name;
            } else if (name == "affected_rows") {
                part.kind = ResponsePart::Kind::AffectedRows;
            } else {
                part.kind = ResponsePart::Kind::Returning;
                part.fields = plan_row_fields(in_, s.out.params, t, sub, s.path + std::string(sub.response_name));
            }
            s.out.response.push_back(std::move(part));
        }
    }

    void decide_steps(MutationFieldPlan& out) {
        std::set<const TableInfo*> read;
        tables_read(out.row_fields, read);
        for (const ResponsePart& p : out.response) tables_read(p.fields, read);
        if (read.empty()) return;
        // A delete's cascades (ON DELETE CASCADE, triggers) write tables it does not name: its
        // relationships read after it, as Hasura's do.
        if (out.kind == MutationFieldPlan::Kind::Delete) {
            out.two_step = true;
            return;
        }
        std::set<const TableInfo*> written = {out.table};
        if (out.insert)
            for (const InsertNode& n : out.insert->shape.nodes) written.insert(n.table);
        for (const TableInfo* t : read)
            if (written.count(t)) out.two_step = true;
    }

    bool wants_rows(const MutationFieldPlan& out) const {
        if (out.single_row || out.two_step) return true;
        for (const ResponsePart& p : out.response)
            if (p.kind == ResponsePart::Kind::Returning) return true;
        return false;
    }

    // ---- insert ---------------------------------------------------------------------------

    InsertPlan insert(FieldState& s, const TableInfo& t, const CollectedField& f, const Input& args, bool single) {
        InsertPlan plan;
        plan.single = single;
        const char* argument = single ? "object" : "objects";
        plan.path = s.path + std::string("args") + std::string(argument);
        Input objects = s.inputs.argument(args, f, argument);
        Json list = single ? Json::array({*objects.value}) : *objects.value;
        if (is_variable(objects)) {
            plan.variable = std::string(objects.node->text);
            plan_.probes.push_back(
                ShapeProbe{ShapeProbe::Kind::InsertObjects, *plan.variable, table_index(t), single, plan.path});
        } else {
            s.inputs.mark_structural(objects.node);
            plan.constant = list;
        }
        plan.shape = read_insert_shape(snapshot_, t, list, plan.path, single);

        Input on_conflict = s.inputs.argument(args, f, "on_conflict");
        std::optional<ConflictPlan> root_conflict =
            conflict(s, t, on_conflict, s.path + std::string("args") + std::string("on_conflict"));
        for (size_t n = 0; n < plan.shape.nodes.size(); ++n) {
            const InsertNode& node = plan.shape.nodes[n];
            std::vector<std::optional<ConflictPlan>> conflicts;
            for (const InsertGroup& g : node.groups)
                conflicts.push_back(n == 0 ? root_conflict
                                           : conflict(s, *node.table, Input{&g.on_conflict, nullptr}, plan.path));
            plan.conflicts.push_back(std::move(conflicts));
        }
        for (size_t g = 0; g < plan.shape.group_count(); ++g)
            plan.row_params.push_back(s.inputs.bind_param(Param{}, "json").param);
        return plan;
    }

    std::optional<ConflictPlan> conflict(FieldState& s, const TableInfo& t, const Input& in,
                                         const std::vector<PathSegment>& path) {
        if (in.is_null()) return std::nullopt;
        s.inputs.mark_if_variable(in);
        ConflictPlan out;
        const std::string name = s.inputs.structural(s.inputs.child(in, "constraint")).get<std::string>();
        out.key = t.writes.unique_key(name);
        if (!out.key) throw GraphQLError("constraint \"" + name + "\" for table \"" + t.table_name + "\" does not exist",
                                         {}, "constraint-error", path);
        Input columns = s.inputs.child(in, "update_columns");
        for (const Json& c : s.inputs.structural(columns)) {
            std::string column = c.get<std::string>();
            if (column == schema::update_column_placeholder)
                throw GraphQLError("erroneous column name", {}, error_code::validation_failed, path);
            out.update_columns.push_back(column_of_field(t.writes.update_columns, column).name);
        }
        // postgres_fdw cannot run ON CONFLICT DO UPDATE (nor name a conflict target).
        if (t.is_remote && !out.update_columns.empty())
            throw GraphQLError("on_conflict with update_columns is not supported on table \"" + t.table_name +
                                   "\" of remote source \"" + t.source + "\": postgres_fdw can only DO NOTHING",
                               {}, "not-supported", path);
        // Without columns to update it is DO NOTHING, whose rows no condition selects (Hasura).
        if (!out.update_columns.empty()) out.where = s.arguments.where(t, s.inputs.child(in, "where"));
        return out;
    }

    // Which nodes' rows are matched to their objects, and how (see Correlation).  A node is
    // matched when its parent takes its key (an object relationship inserted first), when rows
    // below take its key, or (the root) when returning must follow the objects' order across
    // groups.  An upsert's rows are matched by its conflict target, which its objects must give.
    void correlate(InsertPlan& plan, const MutationFieldPlan& out) {
        const auto& nodes = plan.shape.nodes;
        plan.linked.assign(nodes.size(), false);
        plan.correlations.resize(nodes.size());
        for (size_t n = 0; n < nodes.size(); ++n) {
            const InsertNode& node = nodes[n];
            bool for_parent = n > 0 && !node.relationship->insert_after_parent;
            bool for_children = false;
            for (size_t c : node.children) for_children = for_children || nodes[c].relationship->insert_after_parent;
            bool for_order = n == 0 && node.groups.size() > 1 && wants_rows(out);
            bool needed = for_parent || for_children;
            plan.correlations[n].assign(node.groups.size(), Correlation::None);
            if (!needed && !for_order) continue;
            bool matchable = true;
            for (size_t g = 0; g < node.groups.size(); ++g) {
                const std::optional<ConflictPlan>& conflict = plan.conflicts[n][g];
                if (!conflict) {
                    plan.correlations[n][g] = Correlation::Position;
                    continue;
                }
                std::string missing = unmatched_key(plan, n, g, *conflict);
                if (missing.empty()) {
                    plan.correlations[n][g] = Correlation::ConflictKey;
                    continue;
                }
                if (needed)
                    throw GraphQLError("cannot insert nested rows through table \"" + node.table->table_name +
                                           "\" with on_conflict on \"" + conflict->key->name + "\": " + missing,
                                       {}, error_code::validation_failed, plan.path);
                matchable = false;
            }
            plan.linked[n] = matchable;
            if (!matchable) plan.correlations[n].assign(node.groups.size(), Correlation::None);
        }
    }

    // Why the rows of group g of node n cannot be matched by its conflict target, or "".
    std::string unmatched_key(const InsertPlan& plan, size_t n, size_t g, const ConflictPlan& conflict) const {
        const InsertNode& node = plan.shape.nodes[n];
        const InsertGroup& group = node.groups[g];
        std::set<std::string> known(group.columns.begin(), group.columns.end());
        if (n > 0 && node.relationship->insert_after_parent)
            for (const auto& [here, there] : node.relationship->mapping) known.insert(there);
        for (size_t c : group.children) {
            const RelationshipInfo& rel = *plan.shape.nodes[c].relationship;
            if (!rel.insert_after_parent)
                for (const auto& [here, there] : rel.mapping) known.insert(here);
        }
        for (const std::string& column : conflict.key->columns) {
            if (!known.count(column)) return "the objects must give its column \"" + column + "\"";
            if (!node.table->column(column)) return "the role may not select its column \"" + column + "\"";
        }
        return "";
    }

    // ---- update, delete -------------------------------------------------------------------

    // A value for column `c` read as `type`: a parameter of its own (a lone variable stays one).
    BoundValue bind_value(FieldState& s, const Input& v, const ColumnInfo& c, const std::string& type) {
        if (is_json(c) && type == c.sql_type) return s.inputs.bind_json(v, type);
        if (type == "jsonb") return s.inputs.bind_json(v, type);
        if (type == "text[]") return s.inputs.bind(v, "text", true);
        if (is_array_type(c) && type == c.sql_type) {
            // A Postgres array column takes a JSON list or "{...}" text: which one decides how
            // the value binds, so a variable's value shapes the statement here.
            const Json& value = s.inputs.structural(v);
            Param p;
            p.constant = value;
            p.is_list = value.is_array();
            return s.inputs.bind_param(std::move(p), value.is_array() ? type.substr(0, type.size() - 2) : type,
                                       value.is_array());
        }
        return s.inputs.bind(v, type);
    }

    // An object of columns (an operator's, pk_columns): a lone variable becomes a record read by
    // json_to_record (its keys shape the statement), a literal one parameter per value.
    template <typename Each>
    void columns_of(FieldState& s, RowsWrite& out, const Input& in, Each each) {
        if (in.is_null()) return;
        if (is_variable(in)) {
            plan_.probes.push_back(ShapeProbe{ShapeProbe::Kind::ObjectKeys, std::string(in.node->text), 0, false, {}});
            RecordInput record;
            record.json = s.inputs.bind_json(in, "json");
            size_t index = out.records.size();
            for (auto it = in.value->begin(); it != in.value->end(); ++it) {
                ValueRef ref;
                ref.record = index;
                ref.key = it.key();
                std::string type = each(it.key(), nullptr, ref);
                record.columns.emplace_back(it.key(), type);
            }
            out.records.push_back(std::move(record));
            return;
        }
        for (auto it = in.value->begin(); it != in.value->end(); ++it) {
            Input v = s.inputs.child(in, it.key());
            ValueRef ref;
            each(it.key(), &v, ref);
        }
    }

    RowsWrite rows_write(FieldState& s, const TableInfo& t, const ArgumentFn& argument,
                         const std::vector<PathSegment>& path, bool by_pk, bool update) {
        RowsWrite out;
        auto key_column = [&](const std::string& field, const Input* v, ValueRef& ref) {
            const ColumnInfo& c = column_of_field(t.columns, field);
            if (v) ref.bound = s.inputs.bind(*v, c.sql_type);
            out.pk.emplace_back(c.name, ref);
            return c.sql_type;
        };
        if (by_pk && update) {
            columns_of(s, out, argument("pk_columns"), key_column);
        } else if (by_pk) {
            for (const std::string& key : t.primary_key) {
                const std::string& field = t.column(key)->graphql_name;
                Input v = argument(field);
                ValueRef ref;
                key_column(field, &v, ref);
            }
        } else {
            out.where = s.arguments.where(t, argument("where"));
        }
        if (!update) return out;
        std::map<std::string, std::vector<std::string>> ops_of_column;
        for (const schema::UpdateOpInfo& info : schema::update_ops()) {
            Input op = argument(info.argument);
            columns_of(s, out, op, [&](const std::string& field, const Input* v, ValueRef& ref) {
                const ColumnInfo& c = column_of_field(t.writes.update_columns, field);
                std::string type = operand_type(info.op, c);
                if (v) ref.bound = bind_value(s, *v, c, type);
                out.assignments.push_back(Assignment{c.name, info.op, ref});
                ops_of_column[field].push_back(info.argument);
                return type;
            });
        }
        std::vector<std::string> twice;
        for (const auto& [column, ops] : ops_of_column)
            if (ops.size() > 1) twice.push_back("'" + column + "'");
        if (!twice.empty()) {
            std::string list;
            for (size_t i = 0; i < twice.size(); ++i) list += (i ? ", " : "") + twice[i];
            throw GraphQLError("Column found in multiple operators: [" + list + "].", {}, error_code::validation_failed,
                               path);
        }
        return out;
    }
};

}  // namespace

MutationPlan plan_mutation(const CompileInput& input) { return MutationPlanner(input).run(); }

}  // namespace graphgate::compile
