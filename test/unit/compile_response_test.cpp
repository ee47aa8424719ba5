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
