// The GraphQL names of tracked tables, and what track_table refuses (src/core/metadata).
#include <gtest/gtest.h>

#include "core/metadata/error.hpp"
#include "core/metadata/graphql_names.hpp"

using graphgate::check_graphql_names;
using graphgate::MetadataError;
using graphgate::table_graphql_name;
using graphgate::TableName;
using json = graphgate::Json;

namespace {

// The message and hint of the error check_graphql_names throws, or "ok".
std::string problem(const TableName& table, const json& configuration, const std::vector<std::string>& columns) {
    try {
        check_graphql_names(table, configuration, columns);
    } catch (const MetadataError& e) {
        return e.code() + ": " + e.what() + (e.hint().empty() ? "" : " / " + e.hint());
    }
    return "ok";
}

}  // namespace

TEST(MetadataGraphqlNames, DefaultAndCustomNames) {
    EXPECT_EQ(table_graphql_name(TableName{"public", "orders"}, json::object()), "orders");
    EXPECT_EQ(table_graphql_name(TableName{"crm", "users"}, json::object()), "crm_users");
    EXPECT_EQ(table_graphql_name(TableName{"crm", "users"}, json{{"custom_name", "people"}}), "people");
}

TEST(MetadataGraphqlNames, ValidNamesPass) {
    EXPECT_EQ(problem(TableName{"public", "orders"}, json::object(), {"id", "_x", "a1"}), "ok");
    EXPECT_EQ(problem(TableName{"public", "my-table"}, json{{"custom_name", "my_table"}}, {"id"}), "ok");
}

TEST(MetadataGraphqlNames, InvalidTableNamesSuggestACustomName) {
    EXPECT_EQ(problem(TableName{"public", "my-table"}, json::object(), {"id"}),
              "validation-failed: cannot include \"my-table\" in the GraphQL schema because it is not a valid GraphQL "
              "identifier / Track the table with a custom name, e.g. the configuration {\"custom_name\": \"my_table\"} "
              "(in SQL: graphgate.track_table(source, table, configuration => ...)), or rename it.");
    EXPECT_NE(problem(TableName{"public", "1abc"}, json::object(), {}).find("\"_1abc\""), std::string::npos);
    EXPECT_NE(problem(TableName{"public", "\xc3\xa9"}, json::object(), {}).find("a valid GraphQL name"),
              std::string::npos);
    EXPECT_NE(problem(TableName{"my-schema", "t"}, json::object(), {}).find("\"my-schema_t\""), std::string::npos);
    EXPECT_NE(problem(TableName{"public", "__t"}, json::object(), {}), "ok");
}

TEST(MetadataGraphqlNames, InvalidColumnsAndConfigurationsAreRefused) {
    EXPECT_EQ(problem(TableName{"public", "t"}, json::object(), {"id", "first name"}),
              "validation-failed: cannot include \"first name\" in the GraphQL schema because it is not a valid "
              "GraphQL identifier / Give the column a custom name, e.g. the configuration {\"column_config\": "
              "{\"first name\": {\"custom_name\": \"first_name\"}}}, or rename it.");
    EXPECT_NE(problem(TableName{"public", "t"}, json::object(), {"null"}), "ok");
    EXPECT_EQ(problem(TableName{"public", "t"}, json{{"custom_name", 1}}, {}),
              "parse-failed: configuration: custom_name must be a string");
    // Hasura's {"name", "comment"} form is a name too; anything else is refused.
    EXPECT_EQ(problem(TableName{"public", "t"}, json{{"custom_root_fields", {{"select", {{"name", "x"}, {"comment", "c"}}}}}}, {}),
              "ok");
    EXPECT_EQ(problem(TableName{"public", "t"}, json{{"custom_root_fields", {{"select", {{"nme", "x"}}}}}}, {}),
              "parse-failed: configuration: custom_root_fields.select has unknown key \"nme\" (name and comment are known)");
    EXPECT_EQ(problem(TableName{"public", "t"}, json{{"custom_root_fields", {{"select", {{"comment", 1}}}}}}, {}),
              "parse-failed: configuration: custom_root_fields.select.comment must be a string");
    EXPECT_EQ(problem(TableName{"public", "t"}, json{{"custom_root_fields", {{"select", 5}}}}, {}),
              "parse-failed: configuration: custom_root_fields.select must be a string or an object");
    EXPECT_NE(problem(TableName{"public", "t"}, json{{"custom_root_fields", {{"select", "a-b"}}}}, {}).find("\"a-b\""),
              std::string::npos);
}

TEST(MetadataGraphqlNames, CustomColumnNames) {
    json config = {{"column_config", {{"first name", {{"custom_name", "firstName"}}}, {"id", {{"comment", "key"}}}}},
                   {"custom_column_names", {{"first name", "ignored"}, {"age", "years"}}}};
    EXPECT_EQ(graphgate::column_graphql_name(config, "first name"), "firstName");  // column_config wins
    EXPECT_EQ(graphgate::column_graphql_name(config, "age"), "years");
    EXPECT_EQ(graphgate::column_graphql_name(config, "id"), "id");
    EXPECT_EQ(*graphgate::column_comment(config, "id"), "key");
    EXPECT_EQ(graphgate::column_comment(config, "age"), nullptr);
    EXPECT_EQ(problem(TableName{"public", "t"}, config, {"id", "first name", "age"}), "ok");
    EXPECT_EQ(problem(TableName{"public", "t"}, json{{"custom_column_names", {{"a", "b"}}}}, {"a", "b"}),
              "validation-failed: columns \"a\" and \"b\" of table \"public.t\" would both be the GraphQL field \"b\" / "
              "Give them different custom names in column_config.");
    EXPECT_EQ(problem(TableName{"public", "t"}, json{{"column_config", {{"x", json::object()}}}}, {"a"}),
              "not-exists: configuration: column_config names column \"x\", which table \"public.t\" does not have");
    EXPECT_EQ(problem(TableName{"public", "t"}, json{{"column_config", {{"a", "b"}}}}, {"a"}),
              "parse-failed: configuration: column_config.a must be an object");
    EXPECT_NE(problem(TableName{"public", "t"}, json{{"custom_column_names", {{"a", "null"}}}}, {"a"}), "ok");
}
