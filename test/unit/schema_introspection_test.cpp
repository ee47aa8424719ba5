// Introspection answered from the built schema: __type, __schema and __typename with their
// selection sets, as graphql-js answers them (test/schema/ compares with graphql-js itself).
#include <gtest/gtest.h>

#include <string>

#include "../schema/fixture_snapshot.hpp"
#include "core/graphql/coercion.hpp"
#include "core/graphql/collect_fields.hpp"
#include "core/graphql/parser.hpp"
#include "core/graphql/validation.hpp"
#include "core/schema/graphql_schema.hpp"
#include "core/schema/introspection.hpp"

namespace graphgate::schema {
namespace {

using graphql::Json;

// Whether `text` starts with `prefix`; on failure gtest shows both.
::testing::AssertionResult starts_with(const std::string& text, const std::string& prefix) {
    if (text.compare(0, prefix.size(), prefix) == 0) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "\n  text: " << text.substr(0, prefix.size() + 40) << "\nprefix: " << prefix;
}

class IntrospectionTest : public ::testing::Test {
protected:
    GraphQLSchema built{test_support::fixture_snapshot()};

    // The response data of an introspection-only query, as JSON text.
    std::string run(const std::string& query, const Json& inputs = nullptr) {
        graphql::ast::Document document = graphql::parse(query);
        std::vector<GraphQLError> errors = graphql::validate(built.schema(), document);
        for (const GraphQLError& e : errors) ADD_FAILURE() << e.describe();
        const graphql::ast::OperationDefinition& op = graphql::select_operation(document, "");
        Json variables = graphql::coerce_variable_values(built.schema(), document, op, inputs, errors);
        for (const GraphQLError& e : errors) ADD_FAILURE() << e.describe();
        return execute_introspection_operation(built, document, op, variables).dump();
    }
};

TEST_F(IntrospectionTest, TypeWithFieldsAndOfTypeChains) {
    EXPECT_EQ(run(R"({ __type(name: "authors") { name kind fields { name type { kind name ofType { kind name } } } } })"),
              R"({"__type":{"name":"authors","kind":"OBJECT","fields":[)"
              R"({"name":"articles","type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"LIST","name":null}}},)"
              R"({"name":"articles_aggregate","type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"OBJECT","name":"articles_aggregate"}}},)"
              R"({"name":"born","type":{"kind":"SCALAR","name":"timestamptz","ofType":null}},)"
              R"({"name":"contact","type":{"kind":"OBJECT","name":"crm_contacts","ofType":null}},)"
              R"({"name":"id","type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"SCALAR","name":"Int"}}},)"
              R"({"name":"name","type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"SCALAR","name":"String"}}},)"
              R"({"name":"profile","type":{"kind":"SCALAR","name":"jsonb","ofType":null}},)"
              R"({"name":"rating","type":{"kind":"SCALAR","name":"numeric","ofType":null}}]}})");
}

TEST_F(IntrospectionTest, NullsWhereGraphqlJsHasThem) {
    EXPECT_EQ(run(R"({ __type(name: "numeric") { kind name description specifiedByURL fields { name }
                       interfaces { name } possibleTypes { name } enumValues { name } inputFields { name }
                       ofType { name } isOneOf } })"),
              R"({"__type":{"kind":"SCALAR","name":"numeric","description":null,"specifiedByURL":null,"fields":null,)"
              R"("interfaces":null,"possibleTypes":null,"enumValues":null,"inputFields":null,"ofType":null,"isOneOf":null}})");
    EXPECT_EQ(run(R"({ __type(name: "comments") { interfaces { name } possibleTypes { name } inputFields { name } } })"),
              R"({"__type":{"interfaces":[],"possibleTypes":null,"inputFields":null}})");
    EXPECT_EQ(run(R"({ __type(name: "order_by") { isOneOf enumValues { name isDeprecated deprecationReason } } })"),
              R"({"__type":{"isOneOf":null,"enumValues":[{"name":"asc","isDeprecated":false,"deprecationReason":null},)"
              R"({"name":"asc_nulls_first","isDeprecated":false,"deprecationReason":null},)"
              R"({"name":"asc_nulls_last","isDeprecated":false,"deprecationReason":null},)"
              R"({"name":"desc","isDeprecated":false,"deprecationReason":null},)"
              R"({"name":"desc_nulls_first","isDeprecated":false,"deprecationReason":null},)"
              R"({"name":"desc_nulls_last","isDeprecated":false,"deprecationReason":null}]}})");
    EXPECT_TRUE(starts_with(run(R"({ __type(name: "numeric_comparison_exp") { isOneOf inputFields { name defaultValue } } })"),
              R"({"__type":{"isOneOf":false,"inputFields":[{"name":"_eq","defaultValue":null},{"n)"));
}

TEST_F(IntrospectionTest, UnknownAndUnusedTypesAreNull) {
    // ID is a built-in scalar no field uses: graphql-js' schema does not have it either.
    EXPECT_EQ(run(R"({ a: __type(name: "nope") { name } b: __type(name: "ID") { name } c: __type(name: "Float") { name } })"),
              R"({"a":null,"b":null,"c":{"name":"Float"}})");
}

TEST_F(IntrospectionTest, AliasesFragmentsDirectivesAndTypename) {
    const std::string query = R"(
        query Q($full: Boolean!) {
          __typename
          s: __schema { __typename queryType { ...Named } mutationType { name } description }
          t: __type(name: "query_root") {
            ... on __Type { kind }
            fields @include(if: $full) { name }
            fields { __typename name @skip(if: $full) args { name type { ...Named } } }
          }
        }
        fragment Named on __Type { __typename name kind })";
    const std::string fields_full = run(query, Json{{"full", true}});
    EXPECT_TRUE(starts_with(fields_full,
              R"({"__typename":"query_root","s":{"__typename":"__Schema","queryType":{"__typename":"__Type","name":"query_root","kind":"OBJECT"},)"
              R"("mutationType":{"name":"mutation_root"},"description":null},"t":{"kind":"OBJECT","fields":[{"name":"articles","__typename":"__Field","args":[{"name":"distinct_on",)"));
    const std::string fields_short = run(query, Json{{"full", false}});
    EXPECT_TRUE(starts_with(fields_short.substr(fields_short.find("\"t\":")),
              R"("t":{"kind":"OBJECT","fields":[{"__typename":"__Field","name":"articles","args":[{"name":"distinct_on","type":{"__typename":"__Type")"));
}

TEST_F(IntrospectionTest, ArgumentsDefaultsAndDirectives) {
    EXPECT_EQ(run(R"({ __schema { directives { name isRepeatable locations args { name defaultValue description } } } })"),
              R"({"__schema":{"directives":[)"
              R"({"name":"include","isRepeatable":false,"locations":["FIELD","FRAGMENT_SPREAD","INLINE_FRAGMENT"],)"
              R"("args":[{"name":"if","defaultValue":null,"description":"Included when true."}]},)"
              R"({"name":"skip","isRepeatable":false,"locations":["FIELD","FRAGMENT_SPREAD","INLINE_FRAGMENT"],)"
              R"("args":[{"name":"if","defaultValue":null,"description":"Skipped when true."}]},)"
              R"({"name":"deprecated","isRepeatable":false,"locations":["FIELD_DEFINITION","ARGUMENT_DEFINITION","INPUT_FIELD_DEFINITION","ENUM_VALUE"],)"
              R"("args":[{"name":"reason","defaultValue":"\"No longer supported\"","description":"Explains why this element was )"
              R"(deprecated, usually also including a suggestion for how to access supported similar data. Formatted using the )"
              R"(Markdown syntax, as specified by [CommonMark](https://commonmark.org/)."}]},)"
              R"({"name":"specifiedBy","isRepeatable":false,"locations":["SCALAR"],)"
              R"("args":[{"name":"url","defaultValue":null,"description":"The URL that specifies the behavior of this scalar."}]}]}})");
    EXPECT_TRUE(starts_with(run(R"({ __type(name: "query_root") { fields { name description args { name description } } } })"),
              R"({"__type":{"fields":[{"name":"articles","description":"fetch data from the table: \"articles\"","args":[)"
              R"({"name":"distinct_on","description":"distinct select on columns"},{"name":"limit","description":"limit the number of rows returned"},)"));
}

TEST_F(IntrospectionTest, TypesAreSortedAndReachable) {
    std::string types = run("{ __schema { types { name } } }");
    EXPECT_TRUE(starts_with(types,
              R"({"__schema":{"types":[{"name":"Boolean"},{"name":"Boolean_comparison_exp"},{"name":"Float"},)"
              R"({"name":"Float_comparison_exp"},{"name":"Int"},{"name":"Int_comparison_exp"},)"));
    EXPECT_EQ(types.find("\"ID\""), std::string::npos);
    EXPECT_EQ(types.find("authors_aggregate_order_by"), std::string::npos);
    EXPECT_NE(types.find("\"__TypeKind\""), std::string::npos);
}

TEST_F(IntrospectionTest, OneRootFieldAtATime) {
    graphql::ast::Document document = graphql::parse(R"({ x: __type(name: "uuid") { kind } y: __typename })");
    Json variables = Json::object();
    std::vector<graphql::CollectedField> fields = graphql::collect_fields(
        built.schema(), document, *built.schema().query_type(), document.operations[0].selection_set, variables);
    ASSERT_EQ(fields.size(), 2u);
    EXPECT_EQ(execute_introspection(built, document, fields[0], variables).dump(), R"({"kind":"SCALAR"})");
    EXPECT_EQ(execute_introspection(built, document, fields[1], variables).dump(), R"("query_root")");
    // Any finalized schema will do.
    EXPECT_EQ(execute_introspection(built.schema(), document, fields[0], variables).dump(), R"({"kind":"SCALAR"})");
    EXPECT_TRUE(is_introspection_field("__schema"));
    EXPECT_FALSE(is_introspection_field("authors"));
}

// Aliases (and fragments, and nesting `fields { type { fields ...`) multiply the result: bounded
// by the schema's size, and a cancel request is heard while it runs.
TEST_F(IntrospectionTest, MultipliedResultsAreRefused) {
    std::string query = "{ __schema {";
    for (int i = 0; i < 1000; ++i) query += " t" + std::to_string(i) + ": types { fields { name type { name } } }";
    query += " } }";
    graphql::ast::Document document = graphql::parse(query);
    int interrupts = 0;
    graphql::Limits limits;
    limits.check_interrupt = [&] { ++interrupts; };
    try {
        execute_introspection_operation(built, document, document.operations[0], Json::object(), limits);
        FAIL() << "expected an error";
    } catch (const GraphQLError& e) {
        EXPECT_EQ(e.code(), "validation-failed");
        EXPECT_NE(e.message().find("The introspection result would exceed"), std::string::npos) << e.message();
    }
    EXPECT_GT(interrupts, 0);
    // A complete introspection of the same schema stays well inside the bound.
    EXPECT_NO_THROW(run(R"({ __schema { types { name fields { name args { name type { name ofType { name } } }
                           type { name kind ofType { name kind ofType { name } } } } inputFields { name } } } })"));
}

TEST_F(IntrospectionTest, DataFieldsAreRefused) {
    graphql::ast::Document document = graphql::parse("{ __typename\n  authors { id } }");
    try {
        execute_introspection_operation(built, document, document.operations[0], Json::object());
        FAIL() << "expected an error";
    } catch (const GraphQLError& e) {
        EXPECT_EQ(e.describe(), "field \"authors\" is not an introspection field (2:3)");
        EXPECT_EQ(e.code(), "validation-failed");
    }
}

}  // namespace
}  // namespace graphgate::schema
