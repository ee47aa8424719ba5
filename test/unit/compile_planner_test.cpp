// The planner's decisions, checked on the plan itself (not on SQL text): which fields, which rows,
// which values are parameters, which relationship fields are batched across databases.
#include <gtest/gtest.h>

#include <string>

#include "../schema/fixture_snapshot.hpp"
#include "core/compile/planner.hpp"
#include "core/graphql/coercion.hpp"
#include "core/graphql/parser.hpp"
#include "core/graphql/validation.hpp"
#include "core/schema/graphql_schema.hpp"

namespace graphgate::compile {
namespace {

using schema::test_support::Articles;
using schema::test_support::Authors;
using schema::test_support::CrmContacts;

class PlannerTest : public ::testing::Test {
protected:
    schema::GraphQLSchema built{schema::test_support::fixture_snapshot()};
    graphql::ast::Document document;
    Json variables;

    Plan plan(const std::string& query, const Json& inputs = nullptr, bool stringify_numbers = false) {
        document = graphql::parse(query);
        std::vector<GraphQLError> errors = graphql::validate(built.schema(), document);
        for (const GraphQLError& e : errors) ADD_FAILURE() << e.describe();
        const graphql::ast::OperationDefinition& op = graphql::select_operation(document, "");
        variables = graphql::coerce_variable_values(built.schema(), document, op, inputs, errors);
        for (const GraphQLError& e : errors) ADD_FAILURE() << e.describe();
        CompileInput input{built, document, op, variables, [](const graphql::CollectedField&) { return Json(); }, 1,
                           stringify_numbers};
        return plan_query(input);
    }

    const TableInfo* table(size_t index) const { return &built.snapshot().tables[index]; }
    const Param& param(const Plan& p, const BoundValue& v) const { return p.params.at(v.param); }
};

TEST_F(PlannerTest, NestedLocalQuery) {
    Plan p = plan(R"({ authors(where: {name: {_eq: "Ada"}}, order_by: {id: desc}, limit: 2) {
                         id articles(order_by: {id: asc}) { title author { name } } } })");
    ASSERT_EQ(p.fields.size(), 1u);
    const RootField& root = p.fields[0];
    EXPECT_EQ(root.kind, RootField::Kind::Select);
    EXPECT_EQ(root.table, table(Authors));
    // where: one comparison, its value a constant parameter
    ASSERT_EQ(root.args.where.kind, Filter::Kind::And);
    ASSERT_EQ(root.args.where.children.size(), 1u);
    const Filter& name = root.args.where.children[0];
    EXPECT_EQ(name.kind, Filter::Kind::Compare);
    EXPECT_EQ(name.column, "name");
    EXPECT_EQ(name.op, "=");
    EXPECT_EQ(name.value.pg_type, "text");
    EXPECT_EQ(param(p, name.value).constant, "Ada");
    ASSERT_EQ(root.args.order_by.size(), 1u);
    EXPECT_EQ(root.args.order_by[0].column, "id");
    EXPECT_EQ(root.args.order_by[0].direction, "DESC NULLS FIRST");
    ASSERT_TRUE(root.args.limit);
    EXPECT_EQ(param(p, *root.args.limit).constant, 2);
    EXPECT_TRUE(param(p, *root.args.limit).count);
    EXPECT_FALSE(root.args.offset);

    ASSERT_EQ(root.fields.size(), 2u);
    EXPECT_EQ(root.fields[0].kind, Field::Kind::Column);
    const Field& articles = root.fields[1];
    EXPECT_EQ(articles.kind, Field::Kind::Array);
    EXPECT_EQ(articles.target, table(Articles));
    EXPECT_FALSE(articles.batched);
    ASSERT_EQ(articles.args.order_by.size(), 1u);
    EXPECT_EQ(articles.args.order_by[0].direction, "ASC NULLS LAST");
    ASSERT_EQ(articles.fields.size(), 2u);
    const Field& author = articles.fields[1];
    EXPECT_EQ(author.kind, Field::Kind::Object);
    EXPECT_EQ(author.target, table(Authors));
    EXPECT_FALSE(author.batched);
    ASSERT_EQ(author.fields.size(), 1u);
    EXPECT_EQ(author.fields[0].column, "name");
    EXPECT_TRUE(p.structural_variables.empty());
}

TEST_F(PlannerTest, RemoteObjectAndArrayFieldsAreBatched) {
    Plan p = plan(R"({ authors { id contact { email } }
                       crm_contacts { authored_articles(where: {published: {_eq: true}}, limit: 1) { title } } })");
    ASSERT_EQ(p.fields.size(), 2u);
    const Field& contact = p.fields[0].fields[1];
    EXPECT_EQ(contact.kind, Field::Kind::Object);
    EXPECT_EQ(contact.target, table(CrmContacts));
    EXPECT_TRUE(contact.batched);
    ASSERT_EQ(contact.fields.size(), 1u);
    EXPECT_EQ(contact.fields[0].column, "email");

    EXPECT_EQ(p.fields[1].table, table(CrmContacts));
    const Field& authored = p.fields[1].fields[0];
    EXPECT_EQ(authored.kind, Field::Kind::Array);
    EXPECT_EQ(authored.target, table(Articles));
    EXPECT_TRUE(authored.batched);
    EXPECT_EQ(authored.args.where.children.at(0).column, "published");
    ASSERT_TRUE(authored.args.limit);
    EXPECT_EQ(param(p, *authored.args.limit).constant, 1);
}

TEST_F(PlannerTest, FilterOnRemoteRelationship) {
    Plan p = plan(R"({ authors(where: {_or: [{contact: {email: {_ilike: "%@example.com"}}}, {id: {_in: [1, 2]}}]}) { id } })");
    const Filter& where = p.fields[0].args.where;
    ASSERT_EQ(where.kind, Filter::Kind::And);
    const Filter& any = where.children.at(0);
    ASSERT_EQ(any.kind, Filter::Kind::Or);
    ASSERT_EQ(any.children.size(), 2u);
    const Filter& related = any.children[0].children.at(0);
    EXPECT_EQ(related.kind, Filter::Kind::Related);
    EXPECT_TRUE(related.batched);
    EXPECT_EQ(related.target, table(CrmContacts));
    const Filter& email = related.children.at(0).children.at(0);
    EXPECT_EQ(email.kind, Filter::Kind::Compare);
    EXPECT_EQ(email.op, "ILIKE");
    EXPECT_EQ(email.value.pg_type, "text");
    const Filter& ids = any.children[1].children.at(0);
    EXPECT_EQ(ids.kind, Filter::Kind::In);
    EXPECT_TRUE(ids.value.list);
    EXPECT_EQ(param(p, ids.value).constant, Json::array({1, 2}));
}

TEST_F(PlannerTest, Aggregate) {
    Plan p = plan(R"({ articles_aggregate(where: {published: {_eq: true}}) {
                         aggregate { count(columns: [id], distinct: true) max { id __typename } avg { id } }
                         nodes { title } __typename } })");
    const RootField& root = p.fields.at(0);
    EXPECT_EQ(root.kind, RootField::Kind::Aggregate);
    EXPECT_EQ(root.table, table(Articles));
    ASSERT_EQ(root.aggregate.size(), 3u);
    const AggregatePart& values = root.aggregate[0];
    EXPECT_EQ(values.kind, AggregatePart::Kind::Aggregate);
    ASSERT_EQ(values.values.size(), 3u);
    EXPECT_EQ(values.values[0].kind, AggregateValue::Kind::Count);
    EXPECT_EQ(values.values[0].columns, std::vector<std::string>{"id"});
    EXPECT_TRUE(values.values[0].distinct);
    EXPECT_EQ(values.values[1].function, "max");
    EXPECT_FALSE(values.values[1].as_float);
    ASSERT_EQ(values.values[1].function_columns.size(), 2u);
    EXPECT_EQ(values.values[1].function_columns[1].literal, "articles_max_fields");
    EXPECT_TRUE(values.values[2].as_float);
    EXPECT_EQ(root.aggregate[1].kind, AggregatePart::Kind::Nodes);
    EXPECT_EQ(root.aggregate[1].nodes.at(0).column, "title");
    EXPECT_EQ(root.aggregate[2].literal, "articles_aggregate");
}

TEST_F(PlannerTest, VariablesStayParametersUnlessTheyShapeThePlan) {
    Plan p = plan(R"(query ($n: Int, $w: authors_bool_exp, $dir: order_by = asc) {
                       authors(limit: $n, where: $w, order_by: {name: $dir}) { id } })",
                  Json{{"n", 3}, {"w", {{"id", {{"_gt", 1}}}}}});
    const RootField& root = p.fields.at(0);
    EXPECT_TRUE(param(p, *root.args.limit).from_variable);
    EXPECT_EQ(param(p, *root.args.limit).variable, "n");
    EXPECT_EQ(p.structural_variables, (std::set<std::string>{"dir", "w"}));
}

TEST_F(PlannerTest, RemoteOrderingJoinsTheFetchOnlyAtItsLevel) {
    Plan p = plan(R"({ authors(order_by: {contact: {email: asc}}) { id } })");
    const SortKey& key = p.fields.at(0).args.order_by.at(0);
    EXPECT_EQ(key.kind, SortKey::Kind::Related);
    EXPECT_TRUE(key.batched);
    ASSERT_EQ(key.nested.size(), 1u);
    EXPECT_EQ(key.nested[0].column, "email");
}

// A subscription is a live query: planned on subscription_root, whose fields are the query
// root's, so that its fragments on subscription_root apply.
TEST_F(PlannerTest, SubscriptionIsPlannedOnItsOwnRoot) {
    Plan p = plan(R"(subscription { ... on subscription_root { authors(limit: 1) { id } } })");
    ASSERT_EQ(p.fields.size(), 1u);
    EXPECT_EQ(p.fields[0].kind, RootField::Kind::Select);
    EXPECT_EQ(p.fields[0].table, table(Authors));
}

// A stream reads the rows after its cursor, in the cursor's order, batch_size at most; the
// statement's last root field lists the cursor column of the rows it returned.
TEST_F(PlannerTest, StreamReadsAfterItsCursor) {
    Plan p = plan(R"(subscription { authors_stream(batch_size: 2, cursor: {initial_value: {id: 1}, ordering: DESC},
                                                     where: {name: {_neq: "x"}}) { name } })");
    ASSERT_EQ(p.fields.size(), 2u);
    const RootField& rows = p.fields[0];
    EXPECT_EQ(rows.kind, RootField::Kind::Select);
    EXPECT_EQ(rows.table, table(Authors));
    ASSERT_EQ(rows.args.where.kind, Filter::Kind::And);
    const Filter& after = rows.args.where.children[1];
    EXPECT_EQ(after.kind, Filter::Kind::Compare);
    EXPECT_EQ(after.column, "id");
    EXPECT_EQ(after.op, "<");
    EXPECT_TRUE(p.params[after.value.param].from_variable);
    EXPECT_EQ(p.params[after.value.param].variable, stream_cursor_variable);
    ASSERT_EQ(rows.args.order_by.size(), 1u);
    EXPECT_EQ(rows.args.order_by[0].column, "id");
    EXPECT_EQ(rows.args.order_by[0].direction, "DESC NULLS FIRST");
    ASSERT_TRUE(rows.args.limit.has_value());
    EXPECT_EQ(p.params[rows.args.limit->param].constant, 2);
    const RootField& cursor = p.fields[1];
    EXPECT_EQ(cursor.response_name, stream_cursor_field);
    ASSERT_EQ(cursor.fields.size(), 1u);
    EXPECT_EQ(cursor.fields[0].column, "id");
    ASSERT_TRUE(p.stream.has_value());
    EXPECT_EQ(p.stream->column, "id");
    EXPECT_EQ(p.stream->initial, 1);
}

TEST_F(PlannerTest, StreamRefusesWhatItCannotFollow) {
    const std::pair<const char*, const char*> cases[] = {
        {R"(subscription { authors_stream(batch_size: 2, cursor: [{initial_value: {id: 1}}, {initial_value: {id: 2}}]) { id } })",
         "exactly one cursor is supported"},
        {R"(subscription { authors_stream(batch_size: 2, cursor: {initial_value: {id: 1, name: "a"}}) { id } })",
         "the cursor's initial_value must give exactly one column a value"},
        {R"(subscription { authors_stream(batch_size: 2, cursor: {initial_value: {}}) { id } })",
         "the cursor's initial_value must give exactly one column a value"},
        {R"(subscription { authors_stream(batch_size: -1, cursor: {initial_value: {id: 1}}) { id } })",
         "expected a non-negative 32-bit integer"},
    };
    for (const auto& [query, message] : cases) {
        try {
            plan(query);
            ADD_FAILURE() << "accepted: " << query;
        } catch (const GraphQLError& e) {
            EXPECT_EQ(e.message(), message) << query;
            EXPECT_EQ(e.code(), "validation-failed");
        }
    }
}

TEST_F(PlannerTest, RefusesWhatSqlWouldRefuse) {
    try {
        plan(R"({ authors(distinct_on: [name], order_by: {id: asc}) { id } })");
        FAIL() << "distinct_on accepted";
    } catch (const GraphQLError& e) {
        EXPECT_EQ(e.message(), "\"distinct_on\" columns must match initial \"order_by\" columns");
    }
    try {
        plan(R"({ authors { articles(offset: -1) { id } } })");
        FAIL() << "negative offset accepted";
    } catch (const GraphQLError& e) {
        EXPECT_EQ(e.message(), "expected a non-negative 32-bit integer");
        EXPECT_EQ(e.code(), "validation-failed");
        ASSERT_EQ(e.path().size(), 6u);
        EXPECT_EQ(std::get<std::string>(e.path()[3]), "articles");
        EXPECT_EQ(std::get<std::string>(e.path()[5]), "offset");
    }
}


// Numbers as strings: the planner marks bigint, numeric and double precision values (columns and
// their aggregates, and float aggregates of any column) and nothing else, only when asked.
TEST_F(PlannerTest, NumbersAsStringsOnRequest) {
    const char* query = R"({ authors { id name rating articles { id } }
                             authors_aggregate { aggregate { sum { id rating } avg { id } } } })";
    for (bool on : {false, true}) {
        Plan p = plan(query, nullptr, on);
        ASSERT_EQ(p.fields.size(), 2u);
        const std::vector<Field>& fields = p.fields[0].fields;
        ASSERT_EQ(fields.size(), 4u);
        EXPECT_FALSE(fields[0].as_text);      // integer
        EXPECT_FALSE(fields[1].as_text);      // text
        EXPECT_EQ(fields[2].as_text, on);     // numeric
        ASSERT_EQ(fields[3].fields.size(), 1u);
        EXPECT_EQ(fields[3].fields[0].as_text, on);  // bigint, in a relationship's rows
        const std::vector<AggregateValue>& values = p.fields[1].aggregate.at(0).values;
        ASSERT_EQ(values.size(), 2u);
        EXPECT_FALSE(values[0].function_columns.at(0).as_text);  // sum of an integer column
        EXPECT_EQ(values[0].function_columns.at(1).as_text, on); // sum of a numeric column
        EXPECT_EQ(values[1].function_columns.at(0).as_text, on); // avg: double precision
    }
}

}  // namespace
}  // namespace graphgate::compile
