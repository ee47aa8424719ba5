// CollectFields (collect_fields.hpp): fragments expanded once, @skip/@include applied, fields
// merged by response name in the order the names first appear.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/graphql/collect_fields.hpp"
#include "core/graphql/parser.hpp"
#include "graphql_test_schema.hpp"

using namespace graphgate;
using namespace graphgate::graphql;
using graphgate::graphql::test_support::test_schema;

namespace {

// "name:count" per collected field of the first root field's selection set, on `authors`.
std::vector<std::string> collected(const std::string& source, const Json& variables = Json::object()) {
    ast::Document document = parse(source);
    const ast::Selection& root = document.operations.at(0).selection_set.at(0);
    std::vector<std::string> out;
    for (const CollectedField& f :
         collect_fields(test_schema(), document, *test_schema().type("authors"), root.selection_set, variables))
        out.push_back(std::string(f.response_name) + ":" + std::to_string(f.nodes.size()));
    return out;
}

using Names = std::vector<std::string>;

}  // namespace

TEST(GraphqlCollectFields, MergesByResponseNameInFirstAppearanceOrder) {
    EXPECT_EQ(collected("query ($no: Boolean!) { authors { name ...F id ... on authors { name x: id } ...F "
                        "rating @skip(if: true) info @include(if: $no) } }\n"
                        "fragment F on authors { id articles { id } }",
                        Json{{"no", false}}),
              (Names{"name:2", "id:2", "articles:1", "x:1"}));
    EXPECT_EQ(collected("{ authors { ... on articles { title } ... on Node { id } } }"), (Names{"id:1"}));
}

// Thousands of fields and fragments: response names and fragments are looked up through
// hashes (a scan of the fields so far, and of the document's fragments, per field was
// quadratic).
TEST(GraphqlCollectFields, ThousandsOfFieldsAndFragments) {
    std::string fields, spreads, fragments;
    for (int i = 0; i < 15000; ++i) fields += " a" + std::to_string(i) + ": id";
    for (int i = 0; i < 3000; ++i) {
        spreads += " ...F" + std::to_string(i);
        fragments += " fragment F" + std::to_string(i) + " on authors { id name }";
    }
    Limits limits;
    limits.max_aliases = 20000;
    ast::Document document = parse("{ authors {" + fields + spreads + " } }" + fragments, limits);
    const ast::Selection& root = document.operations.at(0).selection_set.at(0);
    std::vector<CollectedField> out =
        collect_fields(test_schema(), document, *test_schema().type("authors"), root.selection_set, Json::object());
    ASSERT_EQ(out.size(), 15002u);
    EXPECT_EQ(out[14999].response_name, "a14999");
    EXPECT_EQ(out[15000].response_name, "id");
    EXPECT_EQ(out[15000].nodes.size(), 3000u);
    EXPECT_EQ(out[15001].response_name, "name");
}
