// Table names in Hasura's forms, and SQL quoting (src/core/metadata, src/core/sql).
#include <gtest/gtest.h>

#include "core/metadata/error.hpp"
#include "core/metadata/table_name.hpp"
#include "core/sql/quote.hpp"

using graphgate::MetadataError;
using graphgate::parse_table_name;
using graphgate::TableName;

TEST(TableName, TextForms) {
    EXPECT_EQ(parse_table_name(std::string("users")), (TableName{"public", "users"}));
    EXPECT_EQ(parse_table_name(std::string("crm.users")), (TableName{"crm", "users"}));
    EXPECT_EQ(parse_table_name(std::string("\"My.Schema\".\"Odd\"\"Name\"")), (TableName{"My.Schema", "Odd\"Name"}));
    EXPECT_EQ(parse_table_name(std::string(R"({"schema":"s","name":"t"})")), (TableName{"s", "t"}));
}

TEST(TableName, JsonForms) {
    EXPECT_EQ(parse_table_name(graphgate::Json("t")), (TableName{"public", "t"}));
    EXPECT_EQ(parse_table_name(graphgate::Json{{"name", "t"}}), (TableName{"public", "t"}));
}

TEST(TableName, DisplayQuotesOnlyWhereNeeded) {
    EXPECT_EQ((TableName{"public", "users"}).display(), "public.users");
    EXPECT_EQ((TableName{"Crm", "a.b"}).display(), "\"Crm\".\"a.b\"");
}

TEST(TableName, Errors) {
    auto message = [](const std::string& text) {
        try {
            parse_table_name(text, "$.table");
        } catch (const MetadataError& e) {
            EXPECT_EQ(e.path().rfind("$.table", 0), 0u);
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(message(""), "table name must not be empty");
    EXPECT_EQ(message("a.b.c"), "invalid table name \"a.b.c\": expected name or schema.name");
    EXPECT_EQ(message("a..b"), "invalid table name \"a..b\": empty name part");
    EXPECT_EQ(message("\"open"), "invalid table name \"\"open\": unterminated double quote");
    EXPECT_EQ(message("\"a\"b"), "invalid table name \"\"a\"b\": text after closing double quote");
    EXPECT_EQ(message("{not json"), "invalid table name: not valid JSON");
    EXPECT_EQ(message(R"({"name":""})"), "table name must not be empty");
}

TEST(SqlQuote, IdentifiersAreAlwaysQuoted) {
    EXPECT_EQ(graphgate::sql::quote_ident("users"), "\"users\"");
    EXPECT_EQ(graphgate::sql::quote_ident("a\"b"), "\"a\"\"b\"");
    EXPECT_EQ(graphgate::sql::quote_qualified("s", "t"), "\"s\".\"t\"");
}

TEST(SqlQuote, LiteralsDoubleQuotesAndEscapeBackslashes) {
    EXPECT_EQ(graphgate::sql::quote_literal("it's"), "'it''s'");
    EXPECT_EQ(graphgate::sql::quote_literal("a\\b"), "E'a\\\\b'");
}
