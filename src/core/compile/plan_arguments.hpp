#pragma once
// The planner's reading of list arguments: `where` into a Filter tree, `order_by` into sort
// keys, `distinct_on`, `limit`, `offset` (Hasura's rules: distinct_on columns lead order_by).
#include <string>
#include <vector>

#include "core/compile/plan_inputs.hpp"
#include "core/schema/graphql_schema.hpp"

namespace graphgate::compile {

class ArgumentPlanner {
public:
    ArgumentPlanner(const schema::GraphQLSchema& schema, PlanInputs& inputs) : schema_(schema), inputs_(inputs) {}

    // The arguments of a list field over `t`.  `path` names the field, for errors on its
    // arguments.  An order_by through an object relationship into another database joins that
    // relationship's fetch, for rows of graphgate's own database; rows of a remote source are
    // ordered in that source, which cannot see another database: refused (not-supported).
    RowsArgs rows(const TableInfo& t, const graphql::CollectedField& f, const Input& args,
                  const std::vector<PathSegment>& path);

    Filter where(const TableInfo& t, const Input& in);

    // A call of a function with the `args` argument of `f` (`row`: the table whose row it takes).
    FunctionCall call(const schema::FunctionCallInfo& info, const TableInfo* row, const graphql::CollectedField& f,
                      const Input& args);

private:
    // `rows`: the table whose rows are ordered (its database is where the ordering happens).
    void order_keys(const TableInfo& rows, const TableInfo& t, const Input& in, bool top, std::vector<SortKey>& out,
                    const std::vector<PathSegment>& path);
    // <rel>_aggregate: {count: {arguments, distinct, filter, predicate}} on rows of `t`.
    Filter aggregate_predicate(const TableInfo& t, const RelationshipInfo& rel, const Input& in);
    void refuse_remote_order(const TableInfo& rows, const std::string& key, bool top,
                             const std::vector<PathSegment>& path);
    // `cast`: the type the column is compared as (jsonb's _cast), empty for its own.
    void comparisons(const schema::ColumnInfo& c, const Input& in, std::vector<Filter>& out,
                     const std::string& cast = "");
    const TableInfo& target(const RelationshipInfo& rel) const { return schema_.snapshot().tables[rel.target]; }

    const schema::GraphQLSchema& schema_;
    PlanInputs& inputs_;
};

// "ASC NULLS LAST" and friends for Hasura's order_by enum.
const char* sort_direction(const std::string& order);

}  // namespace graphgate::compile
