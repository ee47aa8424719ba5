// Responses in Hasura's shape (compile/response.hpp).
#include <gtest/gtest.h>

#include <string>

#include "core/compile/response.hpp"

using namespace graphgate;
using namespace graphgate::compile;

TEST(CompileResponse, HasuraWordsAnUnknownField) {
    EXPECT_EQ(hasura_message("Cannot query field \"nope\" on type \"authors\"."), "field 'nope' not found in type: 'authors'");
    EXPECT_EQ(hasura_message("Cannot query field \"x\" on type \"query_root\". Did you mean \"y\"?"),
              "field 'x' not found in type: 'query_root'");
    // Anything else is left as it is.
    for (const std::string& other : {std::string("Cannot query field \"x\" on type \"t\""),
                                     std::string("Cannot query field \"\" on type \"t\"."),
                                     std::string("Cannot query field \"x\" on type \"\"."), std::string("Cannot query"),
                                     std::string("Unknown argument \"a\" on field \"t.f\"."), std::string()}) {
        EXPECT_EQ(hasura_message(other), other);
    }
}

// Issue 11, item 3: the message holds the field name as written, of any length.  std::regex
// recursed once per character and overflowed the stack (a backend crash at 30,000 characters).
TEST(CompileResponse, HasuraMessageOfAHugeFieldName) {
    std::string name(1'000'000, 'f');
    EXPECT_EQ(hasura_message("Cannot query field \"" + name + "\" on type \"query_root\"."),
              "field '" + name + "' not found in type: 'query_root'");
}

TEST(CompileResponse, ErrorResponseShape) {
    GraphQLError error("Syntax Error: Unexpected <EOF>.", {{1, 15}}, "validation-failed", {std::string("query")});
    EXPECT_EQ(error_response({error}).dump(),
              R"({"errors":[{"message":"Syntax Error: Unexpected <EOF>.","locations":[{"line":1,"column":15}],)"
              R"("extensions":{"path":"$.query","code":"validation-failed"}}]})");
    EXPECT_EQ(error_response("no", "not-supported").dump(),
              R"({"errors":[{"message":"no","extensions":{"path":"$","code":"not-supported"}}]})");
}

// Found by the compile fuzz target: a message quoting an invalid byte made dump() throw.  Every
// message and path of a response is valid UTF-8, whatever was sent.
TEST(CompileResponse, MessagesAreValidUtf8) {
    GraphQLError error("bad \xFF byte \xC3", {}, "validation-failed", {std::string("v\xE2\x82"), int64_t{1}});
    EXPECT_EQ(error_response({error}).dump(),
              "{\"errors\":[{\"message\":\"bad \xEF\xBF\xBD byte \xEF\xBF\xBD\",\"extensions\":{\"path\":"
              "\"$.v\xEF\xBF\xBD\xEF\xBF\xBD[1]\",\"code\":\"validation-failed\"}}]}");
    EXPECT_EQ(error_response("\xC0\xAF", "postgres-error").dump(),
              "{\"errors\":[{\"message\":\"\xEF\xBF\xBD\xEF\xBF\xBD\",\"extensions\":{\"path\":\"$\",\"code\":"
              "\"postgres-error\"}}]}");
}

// Postgres' JSON output made compact: whitespace between items goes, whitespace, quotes and
// backslashes inside strings stay, whatever runs of escapes precede a quote.
TEST(CompileResponse, MinifiesPostgresJson) {
    EXPECT_EQ(minify_json("{\"a\" : 1, \"b\" : [1, 2]}"), "{\"a\":1,\"b\":[1,2]}");
    EXPECT_EQ(minify_json("[{\"a\":1}, \n {\"a\":2}]"), "[{\"a\":1},{\"a\":2}]");
    EXPECT_EQ(minify_json("{\"k y\" : \" a \\\" b \"}"), "{\"k y\":\" a \\\" b \"}");
    EXPECT_EQ(minify_json("[\"x\\\\\" , \"y \"]"), "[\"x\\\\\",\"y \"]");
    EXPECT_EQ(minify_json("[\"\\\\\\\" z\" , 1]"), "[\"\\\\\\\" z\",1]");
    EXPECT_EQ(minify_json("{\"\\n\\t\" : \"\"}"), "{\"\\n\\t\":\"\"}");
    EXPECT_EQ(minify_json(""), "");
    EXPECT_EQ(minify_json("\"unterminated  "), "\"unterminated  ");
}
