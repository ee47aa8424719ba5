// Enum tables: Hasura's checks and messages (core/metadata/enum_tables), and how the schema
// types the columns that reference one (prepare_snapshot, the schema builder).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../schema/fixture_snapshot.hpp"
#include "core/metadata/enum_tables.hpp"
#include "core/schema/graphql_schema.hpp"

namespace graphgate {
namespace {

using schema::CatalogSnapshot;
using schema::GraphQLSchema;
using schema::TableInfo;

std::vector<std::string> value_problems(const std::vector<std::string>& values) {
    std::vector<std::string> problems;
    check_enum_values(values, problems);
    return problems;
}

TEST(EnumTables, AGoodTableHasItsValueAndCommentColumns) {
    EnumTableShape shape = check_enum_table_shape({"value"}, {{"value", "text"}, {"comment", "text"}});
    EXPECT_TRUE(shape.problems.empty());
    EXPECT_EQ(shape.value_column, "value");
    EXPECT_EQ(shape.comment_column, "comment");
    EXPECT_FALSE(check_enum_table_shape({"value"}, {{"value", "text"}}).comment_column);
}

TEST(EnumTables, HasurasReasonsInItsOrder) {
    // Hasura's own test (set_table_is_enum/add_invalid.yaml)
    EnumTableShape shape = check_enum_table_shape(
        {"id"}, {{"id", "integer"}, {"name", "text"}, {"favorite_color", "text"}, {"gets_paid_on", "text"}});
    EXPECT_FALSE(shape.value_column);
    EXPECT_EQ(enum_table_error("employees", shape.problems),
              "the table \"employees\" cannot be used as an enum for the following reasons:\n"
              "  \u2022 the table\u2019s primary key (\"id\") must have type \"text\", not type \"integer\"\n"
              "  \u2022 the table must have exactly one primary key and optionally one comment column, not 4 "
              "columns (favorite_color, gets_paid_on, id, name)\n");
    EXPECT_EQ(check_enum_table_shape({}, {{"value", "text"}}).problems,
              (std::vector<std::string>{"the table must have a primary key"}));
    EXPECT_EQ(check_enum_table_shape({"value"}, {{"value", "text"}, {"rank", "integer"}}).problems,
              (std::vector<std::string>{"the table\u2019s comment column (\"rank\") must have type \"text\", not type \"integer\""}));
}

TEST(EnumTables, ValuesMustBeEnumValueNames) {
    EXPECT_TRUE(value_problems({"red", "GREEN", "_blue2"}).empty());
    EXPECT_EQ(value_problems({}), (std::vector<std::string>{"the table must have at least one row"}));
    EXPECT_EQ(value_problems({"ok", "null"}),
              (std::vector<std::string>{"the value \"null\" is not a valid GraphQL enum value name"}));
    EXPECT_EQ(value_problems({"a-b", "true"}),
              (std::vector<std::string>{"the values \"a-b\" and \"true\" are not valid GraphQL enum value names"}));
    EXPECT_EQ(value_problems({"z z", "1st", "false", "__x"}),
              (std::vector<std::string>{"the values 1st, __x, false, and \"z z\" are not valid GraphQL enum value names"}));
    EXPECT_EQ(enum_table_error("crm.kinds", {"the table must have at least one row"}),
              "the table \"crm.kinds\" cannot be used as an enum because the table must have at least one row");
}

// colors (an enum table) and shirts.color, a foreign key to it.
CatalogSnapshot shirts_and_colors() {
    CatalogSnapshot snapshot;
    TableInfo colors = schema::test_support::fixture_table("default", "public", "colors", "colors");
    colors.columns = {schema::test_support::fixture_column("value", "text", false)};
    colors.primary_key = {"value"};
    colors.enum_values = {{"red", "like fire"}, {"blue", ""}, {"not a name", ""}};
    TableInfo shirts = schema::test_support::fixture_table("default", "public", "shirts", "shirts");
    shirts.columns = {schema::test_support::fixture_column("id", "integer", false),
                      schema::test_support::fixture_column("color", "text", true)};
    shirts.columns[1].enum_table = 0;
    shirts.writes.insert_columns = shirts.columns;
    snapshot.tables = {colors, shirts};
    return snapshot;
}

TEST(EnumTables, ReferencingColumnsTakeTheEnumType) {
    GraphQLSchema built(shirts_and_colors());
    const graphql::Schema& s = built.schema();
    const graphql::TypeDef* colors = s.type("colors_enum");
    ASSERT_NE(colors, nullptr);
    EXPECT_EQ(colors->kind, graphql::TypeKind::Enum);
    ASSERT_EQ(colors->enum_values.size(), 2u);  // a value that is no name is left out, and said so
    EXPECT_EQ(colors->enum_values[0].name, "red");
    EXPECT_EQ(colors->enum_values[0].description, "like fire");
    EXPECT_EQ(built.problems(), (std::vector<std::string>{
        "table \"colors\" of source \"default\": enum value \"not a name\" is not a valid GraphQL enum value name; left out"}));
    EXPECT_EQ(s.type("shirts")->field("color")->type.to_string(), "colors_enum");
    EXPECT_EQ(s.type("colors")->field("value")->type.to_string(), "String!");
    EXPECT_EQ(s.type("shirts_bool_exp")->input_field("color")->type.to_string(), "colors_enum_comparison_exp");
    std::vector<std::string> ops;
    for (const auto& f : s.type("colors_enum_comparison_exp")->input_fields) ops.push_back(f.name + ": " + f.type.to_string());
    EXPECT_EQ(ops, (std::vector<std::string>{"_eq: colors_enum", "_in: [colors_enum!]", "_is_null: Boolean",
                                             "_neq: colors_enum", "_nin: [colors_enum!]"}));
    EXPECT_EQ(s.type("shirts_insert_input")->input_field("color")->type.to_string(), "colors_enum");
}

TEST(EnumTables, WithoutItsEnumTableAColumnStaysAString) {
    CatalogSnapshot snapshot = shirts_and_colors();
    snapshot.tables[0].enum_values.clear();  // no value left: no enum
    GraphQLSchema no_values(snapshot);
    EXPECT_EQ(no_values.schema().type("colors_enum"), nullptr);
    EXPECT_EQ(no_values.schema().type("shirts")->field("color")->type.to_string(), "String");

    snapshot = shirts_and_colors();
    snapshot.tables[0].graphql_name = "not-a-name";  // the enum table is left out of the schema
    GraphQLSchema no_table(snapshot);
    EXPECT_EQ(no_table.schema().type("shirts")->field("color")->type.to_string(), "String");
}

}  // namespace
}  // namespace graphgate
