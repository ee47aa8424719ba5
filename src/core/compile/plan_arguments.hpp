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

    // The arguments of a list field over `t`.  `may_batch`: an order_by through an object
    // relationship into another database may join that relationship's fetch (false where the
    // rows are themselves fetched rows).  `path` names the field, for errors on its arguments.
    RowsArgs rows(const TableInfo& t, const graphql::CollectedField& f, const Input& args, bool may_batch,
                  const std::vector<PathSegment>& path);

    Filter where(const TableInfo& t, const Input& in);

private:
    void order_keys(const TableInfo& t, const Input& in, bool may_batch, std::vector<SortKey>& out);
    void comparisons(const schema::ColumnInfo& c, const Input& in, std::vector<Filter>& out);
    const TableInfo& target(const RelationshipInfo& rel) const { return schema_.snapshot().tables[rel.target]; }

    const schema::GraphQLSchema& schema_;
    PlanInputs& inputs_;
};

// "ASC NULLS LAST" and friends for Hasura's order_by enum.
const char* sort_direction(const std::string& order);

}  // namespace graphgate::compile
