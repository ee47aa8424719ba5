// Parser and printer: one document with every construct of the executable grammar, read back
// in canonical form; lexical details (strings, block strings, numbers, ignored tokens); and the
// invalid documents, each with its exact graphql-js message and location.

#include <gtest/gtest.h>

#include <string>

#include "core/graphql/parser.hpp"
#include "core/graphql/printer.hpp"

using namespace graphgate;
using namespace graphgate::graphql;

namespace {

const char* const full_document = R"GRAPHQL(# Every construct of the executable grammar.
query Full($id: Int! = 1 @tag(name: "v"), $list: [[String!]]! = [["a", "b"]], $obj: authors_bool_exp = {id: {_eq: 1}, _and: []}, $f: Float = -1.5e10, $n: numeric = null, $e: order_by = asc, $b: Boolean = false, $i: ID = "x") @cached(ttl: 10, refresh: true) {
  alias: authors(where: {_and: [{id: {_eq: $id}}, {name: {_like: "%a%"}}]}, order_by: [{name: desc}], limit: 10, offset: 0) @include(if: true) @skip(if: false) {
    id,
    ...AuthorFields @skip(if: $b)
    ... on authors @include(if: true) {
      name
    }
    ... @skip(if: false) {
      rating
    }
    ... {
      __typename
    }
  }
  echo(string: "esc \" \\ \/ \b \f \n \r \t \u00e9 \uD83D\uDE00 \u{1F600}", float: 0.5E-3, int: -0, boolean: true, order: desc_nulls_last, ids: [1, 2, 3], matrix: [[1.0], [], null], id: $i)
  block: echo(string: """
      Block string
        keeps relative indentation
      and \""" escapes
  """)
}

mutation AddAuthor($o: authors_insert_input!) {
  insert_authors_one(object: $o) { id }
}

subscription OnAuthors { authors(limit: 1) { id } }

fragment AuthorFields on authors @tag(name: "f") {
  name
  articles(limit: 2) { title }
}

{ tags { label } }
)GRAPHQL";

const char* const full_document_printed = R"GRAPHQL(query Full($id: Int! = 1 @tag(name: "v"), $list: [[String!]]! = [["a", "b"]], $obj: authors_bool_exp = {id: {_eq: 1}, _and: []}, $f: Float = -1.5e10, $n: numeric = null, $e: order_by = asc, $b: Boolean = false, $i: ID = "x") @cached(ttl: 10, refresh: true) {
  alias: authors(
    where: {_and: [{id: {_eq: $id}}, {name: {_like: "%a%"}}]}
    order_by: [{name: desc}]
    limit: 10
    offset: 0
  ) @include(if: true) @skip(if: false) {
    id
    ...AuthorFields @skip(if: $b)
    ... on authors @include(if: true) {
      name
    }
    ... @skip(if: false) {
      rating
    }
    ... {
      __typename
    }
  }
  echo(
    string: "esc \" \\ / \b \f \n \r \t é 😀 😀"
    float: 0.5E-3
    int: -0
    boolean: true
    order: desc_nulls_last
    ids: [1, 2, 3]
    matrix: [[1.0], [], null]
    id: $i
  )
  block: echo(
    string: """
    Block string
      keeps relative indentation
    and \""" escapes
    """
  )
}

mutation AddAuthor($o: authors_insert_input!) {
  insert_authors_one(object: $o) {
    id
  }
}

subscription OnAuthors {
  authors(limit: 1) {
    id
  }
}

fragment AuthorFields on authors @tag(name: "f") {
  name
  articles(limit: 2) {
    title
  }
}

{
  tags {
    label
  }
})GRAPHQL";

std::string first_string_argument(const ast::Document& doc) {
    return std::string(doc.operations.at(0).selection_set.at(0).arguments.at(0).value.text);
}

std::string string_value(const std::string& literal) {
    ast::Document doc = parse("{ f(s: " + literal + ") }");
    return first_string_argument(doc);
}

}  // namespace

TEST(GraphqlParser, EveryConstructPrintsCanonically) {
    ast::Document doc = parse(full_document);
    EXPECT_EQ(print(doc), full_document_printed);
    // Printing is a fixed point.
    EXPECT_EQ(print(parse(print(doc))), full_document_printed);
}

TEST(GraphqlParser, AstKeepsStructureAndLocations) {
    ast::Document doc = parse(full_document);
    ASSERT_EQ(doc.operations.size(), 4u);
    ASSERT_EQ(doc.fragments.size(), 1u);
    ASSERT_EQ(doc.definitions.size(), 5u);
    EXPECT_EQ(doc.definitions[3].kind, ast::DefinitionKind::Fragment);

    const ast::OperationDefinition& op = doc.operations[0];
    EXPECT_EQ(op.operation, ast::OperationType::Query);
    EXPECT_EQ(op.name, "Full");
    EXPECT_EQ(doc.location(op.loc), (SourceLocation{2, 1}));
    ASSERT_EQ(op.variable_definitions.size(), 8u);
    const ast::VariableDefinition& id = op.variable_definitions[0];
    EXPECT_EQ(id.name, "id");
    EXPECT_EQ(id.type.name, "Int");
    EXPECT_EQ(id.type.wrappers, "!");
    EXPECT_TRUE(id.has_default_value);
    EXPECT_EQ(id.default_value.kind, ast::ValueKind::Int);
    EXPECT_EQ(id.directives.at(0).name, "tag");
    EXPECT_EQ(op.variable_definitions[1].type.wrappers, "!LL!");
    EXPECT_EQ(print(op.variable_definitions[1].type), "[[String!]]!");
    EXPECT_EQ(op.variable_definitions[4].default_value.kind, ast::ValueKind::Null);
    EXPECT_EQ(op.variable_definitions[5].default_value.kind, ast::ValueKind::Enum);
    EXPECT_EQ(op.variable_definitions[6].default_value.kind, ast::ValueKind::Boolean);
    EXPECT_FALSE(op.variable_definitions[6].default_value.boolean);

    const ast::Selection& authors = op.selection_set.at(0);
    EXPECT_EQ(authors.kind, ast::SelectionKind::Field);
    EXPECT_EQ(authors.alias, "alias");
    EXPECT_EQ(authors.name, "authors");
    EXPECT_EQ(authors.response_name(), "alias");
    EXPECT_EQ(doc.location(authors.loc), (SourceLocation{3, 3}));
    EXPECT_EQ(doc.location(authors.name_loc), (SourceLocation{3, 10}));
    ASSERT_EQ(authors.arguments.size(), 4u);
    EXPECT_EQ(authors.arguments[0].value.kind, ast::ValueKind::Object);
    EXPECT_EQ(authors.arguments[0].value.fields.at(0).value.list.size(), 2u);
    ASSERT_EQ(authors.directives.size(), 2u);
    ASSERT_EQ(authors.selection_set.size(), 5u);
    EXPECT_EQ(authors.selection_set[1].kind, ast::SelectionKind::FragmentSpread);
    EXPECT_EQ(authors.selection_set[1].name, "AuthorFields");
    EXPECT_EQ(authors.selection_set[2].kind, ast::SelectionKind::InlineFragment);
    EXPECT_EQ(authors.selection_set[2].name, "authors");
    EXPECT_EQ(authors.selection_set[3].name, "");
    EXPECT_EQ(authors.selection_set[3].directives.size(), 1u);
    EXPECT_TRUE(authors.selection_set[4].directives.empty());

    const ast::Selection& echo = op.selection_set.at(1);
    EXPECT_EQ(echo.arguments[0].value.text, "esc \" \\ / \b \f \n \r \t \xC3\xA9 \xF0\x9F\x98\x80 \xF0\x9F\x98\x80");
    EXPECT_EQ(echo.arguments[1].value.kind, ast::ValueKind::Float);
    EXPECT_EQ(echo.arguments[1].value.text, "0.5E-3");
    EXPECT_EQ(echo.arguments[2].value.text, "-0");
    const ast::Selection& block = op.selection_set.at(2);
    EXPECT_TRUE(block.arguments[0].value.block_string);
    EXPECT_EQ(block.arguments[0].value.text, "Block string\n  keeps relative indentation\nand \"\"\" escapes");

    EXPECT_EQ(doc.operations[1].operation, ast::OperationType::Mutation);
    EXPECT_EQ(doc.operations[2].operation, ast::OperationType::Subscription);
    EXPECT_EQ(doc.operations[3].name, "");
    EXPECT_EQ(doc.fragments[0].type_condition, "authors");
    EXPECT_EQ(doc.location(doc.fragments[0].type_condition_loc), (SourceLocation{30, 26}));
}

TEST(GraphqlParser, AnonymousQueryWithVariablesPrintsItsKeyword) {
    EXPECT_EQ(print(parse("query ($a: Int) { f(a: $a) }")), "query ($a: Int) {\n  f(a: $a)\n}");
    EXPECT_EQ(print(parse("query { f }")), "{\n  f\n}");
    EXPECT_EQ(print(parse("query @cached { f }")), "query @cached {\n  f\n}");
}

TEST(GraphqlParser, DocumentOutlivesItsSourceAndMoves) {
    ast::Document moved;
    {
        std::string source = "{ f(s: \"a\\nb\", t: \"plain\") }";
        ast::Document doc = parse(source);
        source.assign(source.size(), 'x');
        moved = std::move(doc);
    }
    EXPECT_EQ(moved.operations[0].selection_set[0].arguments[0].value.text, "a\nb");
    EXPECT_EQ(moved.operations[0].selection_set[0].arguments[1].value.text, "plain");
    EXPECT_EQ(moved.operations[0].selection_set[0].name, "f");
}

TEST(GraphqlLexer, StringEscapes) {
    EXPECT_EQ(string_value(R"("\u0041\u00e9\u20AC")"), "A\xC3\xA9\xE2\x82\xAC");
    EXPECT_EQ(string_value(R"("\uD83D\uDE00")"), "\xF0\x9F\x98\x80");  // surrogate pair
    EXPECT_EQ(string_value(R"("\ud83d\ude00")"), "\xF0\x9F\x98\x80");
    EXPECT_EQ(string_value(R"("\u{1F600}\u{41}\u{0000041}")"), "\xF0\x9F\x98\x80" "AA");
    EXPECT_EQ(string_value(R"("tab	inside")"), "tab\tinside");
    EXPECT_EQ(string_value("\"\xE6\x97\xA5\xE6\x9C\xAC\""), "\xE6\x97\xA5\xE6\x9C\xAC");
    EXPECT_EQ(string_value(R"("")"), "");
}

TEST(GraphqlLexer, BlockStringIndentation) {
    // Common indentation goes, the first line keeps its own, blank edges are dropped.
    EXPECT_EQ(string_value("\"\"\"\n    Hello,\n      World!\n\n    Yours,\n      GraphQL.\n  \"\"\""),
              "Hello,\n  World!\n\nYours,\n  GraphQL.");
    EXPECT_EQ(string_value("\"\"\"  first\n    second\n  \"\"\""), "  first\nsecond");
    EXPECT_EQ(string_value("\"\"\"\n\n  \n  a\n\n\"\"\""), "a");
    EXPECT_EQ(string_value("\"\"\"\t\tx\n\t\ty\"\"\""), "\t\tx\ny");
    EXPECT_EQ(string_value("\"\"\"a\r\nb\rc\"\"\""), "a\nb\nc");
    EXPECT_EQ(string_value("\"\"\"no \\n escapes \\u0041 here\"\"\""), "no \\n escapes \\u0041 here");
    EXPECT_EQ(string_value("\"\"\"quote \\\"\"\" inside\"\"\""), "quote \"\"\" inside");
    EXPECT_EQ(string_value("\"\"\"\"\"\""), "");
    EXPECT_EQ(string_value("\"\"\"   \n   \"\"\""), "");
}

TEST(GraphqlPrinter, StringsRoundTrip) {
    EXPECT_EQ(print_string_literal("a\"b\\c\nd\x01\x7F"), R"("a\"b\\c\nd\u0001\u007F")");
    EXPECT_EQ(print_string_literal("\xC2\x85"), R"("\u0085")");
    EXPECT_EQ(print_block_string("one line"), "\"\"\"one line\"\"\"");
    EXPECT_EQ(print_block_string("two\nlines"), "\"\"\"\ntwo\nlines\n\"\"\"");
    EXPECT_EQ(print_block_string("ends with \""), "\"\"\"\nends with \"\n\"\"\"");
    // A block string whose content the reader would change is printed as an ordinary string.
    EXPECT_EQ(print(parse("{ f(s: \"\"\"a\"\"\") }")), "{\n  f(s: \"\"\"a\"\"\")\n}");
    ast::Document doc = parse("{ f(s: \"\"\"x\"\"\") }");
    doc.operations[0].selection_set[0].arguments[0].value.text = "\n  indented";
    EXPECT_EQ(print(doc), "{\n  f(s: \"\\n  indented\")\n}");
}

TEST(GraphqlLexer, IgnoredTokens) {
    ast::Document doc = parse("\xEF\xBB\xBF # comment \xFF\xFE not UTF-8 is fine in comments\n,,{ ,a,,b \xEF\xBB\xBF c }, # end");
    ASSERT_EQ(doc.operations.size(), 1u);
    EXPECT_EQ(doc.operations[0].selection_set.size(), 3u);
    EXPECT_EQ(doc.location(doc.operations[0].selection_set[2].loc), (SourceLocation{2, 13}));
}

TEST(GraphqlLexer, LocationsCountLinesAndUtf16Columns) {
    // \r\n is one line end, \r alone another; columns count UTF-16 code units like graphql-js.
    try {
        parse("{\r\n a\r b(s: \"\xC3\xA9\xF0\x9F\x98\x80\") ?");
        FAIL();
    } catch (const GraphQLError& e) {
        EXPECT_EQ(e.message(), "Syntax Error: Unexpected character: \"?\".");
        ASSERT_EQ(e.locations().size(), 1u);
        EXPECT_EQ(e.locations()[0], (SourceLocation{3, 14}));
        EXPECT_EQ(e.code(), "validation-failed");
    }
}

TEST(GraphqlParser, ConstValue) {
    ConstValue v = parse_const_value("[1, {a: \"x\"}, ENUM]");
    EXPECT_EQ(v.value.kind, ast::ValueKind::List);
    EXPECT_EQ(print(v.value), "[1, {a: \"x\"}, ENUM]");
    EXPECT_THROW(parse_const_value("$v"), GraphQLError);
    EXPECT_THROW(parse_const_value("1 2"), GraphQLError);
}

// ---------------------------------------------------------------------------------------------
// Invalid documents.

struct InvalidCase {
    const char* source;
    const char* message;
    uint32_t line;
    uint32_t column;
};

class GraphqlInvalidDocument : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(GraphqlInvalidDocument, FailsWithExactMessageAndLocation) {
    const InvalidCase& c = GetParam();
    try {
        parse(c.source);
        FAIL() << "parsed: " << c.source;
    } catch (const GraphQLError& e) {
        EXPECT_EQ(e.message(), c.message) << c.source;
        ASSERT_EQ(e.locations().size(), 1u) << c.source;
        EXPECT_EQ(e.locations()[0], (SourceLocation{c.line, c.column})) << c.source << " -> " << e.describe();
        // Hasura's code for a document that does not parse, pointing at the request's query.
        EXPECT_EQ(e.code(), "validation-failed");
        bool type_system = std::string(c.message).find("definition is not executable") != std::string::npos;
        EXPECT_EQ(e.path(), type_system ? std::vector<PathSegment>{} : std::vector<PathSegment>{std::string("query")});
    }
}

// clang-format off
const InvalidCase invalid_cases[] = {
    {"", "Syntax Error: Unexpected <EOF>.", 1, 1},
    {"   # only a comment", "Syntax Error: Unexpected <EOF>.", 1, 20},
    {"{", "Syntax Error: Expected Name, found <EOF>.", 1, 2},
    {"{}", "Syntax Error: Expected Name, found \"}\".", 1, 2},
    {"{ a", "Syntax Error: Expected Name, found <EOF>.", 1, 4},
    {"{ a }}", "Syntax Error: Unexpected \"}\".", 1, 6},
    {"query", "Syntax Error: Expected \"{\", found <EOF>.", 1, 6},
    {"query Q(", "Syntax Error: Expected \"$\", found <EOF>.", 1, 9},
    {"query Q() { a }", "Syntax Error: Expected \"$\", found \")\".", 1, 9},
    {"query Q($a) { a }", "Syntax Error: Expected \":\", found \")\".", 1, 11},
    {"query Q($a: ) { a }", "Syntax Error: Expected Name, found \")\".", 1, 13},
    {"query Q($a: [Int) { a }", "Syntax Error: Expected \"]\", found \")\".", 1, 17},
    {"query Q($a: Int!!) { a }", "Syntax Error: Expected \"$\", found \"!\".", 1, 17},
    {"query Q($a: Int = $b) { a }", "Syntax Error: Unexpected variable \"$b\" in constant value.", 1, 19},
    {"query Q($a: Int = $) { a }", "Syntax Error: Unexpected \"$\".", 1, 19},
    {"query Q($a: Int = ) { a }", "Syntax Error: Unexpected \")\".", 1, 19},
    {"query Q($a: Int = [1, {b: $c}]) { a }", "Syntax Error: Unexpected variable \"$c\" in constant value.", 1, 27},
    {"query Q($a: Int @include(if: $b)) { a }", "Syntax Error: Unexpected variable \"$b\" in constant value.", 1, 30},
    {"query Q($a: Int = 1 @dir($b: 1)) { a }", "Syntax Error: Expected Name, found \"$\".", 1, 26},
    {"query Q { a } }", "Syntax Error: Unexpected \"}\".", 1, 15},
    {"query Q @ { a }", "Syntax Error: Expected Name, found \"{\".", 1, 11},
    {"{ a(b) }", "Syntax Error: Expected \":\", found \")\".", 1, 6},
    {"{ a(b:) }", "Syntax Error: Unexpected \")\".", 1, 7},
    {"{ a() }", "Syntax Error: Expected Name, found \")\".", 1, 5},
    {"{ a(b: 1 }", "Syntax Error: Expected Name, found \"}\".", 1, 10},
    {"{ a(b: $) }", "Syntax Error: Expected Name, found \")\".", 1, 9},
    {"{ a(b: true false) }", "Syntax Error: Expected \":\", found \")\".", 1, 18},
    {"{ a: }", "Syntax Error: Expected Name, found \"}\".", 1, 6},
    {"{ a: b: c }", "Syntax Error: Expected Name, found \":\".", 1, 7},
    {"{ ... }", "Syntax Error: Expected \"{\", found \"}\".", 1, 7},
    {"{ ... on }", "Syntax Error: Expected Name, found \"}\".", 1, 10},
    {"{ ...on T }", "Syntax Error: Expected \"{\", found \"}\".", 1, 11},
    {"{ ...F( }", "Syntax Error: Expected Name, found \"(\".", 1, 7},
    {"{ a { b } c { } }", "Syntax Error: Expected Name, found \"}\".", 1, 15},
    {"{ a @include(if: ) }", "Syntax Error: Unexpected \")\".", 1, 18},
    {"{ a @ }", "Syntax Error: Expected Name, found \"}\".", 1, 7},
    {"fragment on on T { a }", "Syntax Error: Unexpected Name \"on\".", 1, 10},
    {"fragment F T { a }", "Syntax Error: Expected \"on\", found Name \"T\".", 1, 12},
    {"fragment F on { a }", "Syntax Error: Expected Name, found \"{\".", 1, 15},
    {"fragment F on T", "Syntax Error: Expected \"{\", found <EOF>.", 1, 16},
    {"fragment F on T @d(a: 1", "Syntax Error: Expected Name, found <EOF>.", 1, 24},
    {"notakeyword { a }", "Syntax Error: Unexpected Name \"notakeyword\".", 1, 1},
    {"{ a } b", "Syntax Error: Unexpected Name \"b\".", 1, 7},
    {"[1]", "Syntax Error: Unexpected \"[\".", 1, 1},
    {"\"desc\" query { a }", "Syntax Error: Unexpected description, descriptions are supported only on type definitions.", 1, 1},
    {"\"desc\"", "Syntax Error: Unexpected <EOF>.", 1, 7},
    {"{ a(b: [1, 2) }", "Syntax Error: Unexpected \")\".", 1, 13},
    {"{ a(b: {c 1}) }", "Syntax Error: Expected \":\", found Int \"1\".", 1, 11},
    {"{ a(b: {1: 1}) }", "Syntax Error: Expected Name, found Int \"1\".", 1, 9},
    {"{ a(b: {c: 1, d: $}) }", "Syntax Error: Expected Name, found \"}\".", 1, 19},
    {"mutation { a(b: [}) }", "Syntax Error: Unexpected \"}\".", 1, 18},
    {"{ a(b: \"x\" \"y\") }", "Syntax Error: Expected Name, found String \"y\".", 1, 12},
    {"{ a(b: 1.5 2) }", "Syntax Error: Expected Name, found Int \"2\".", 1, 12},
    {"{ a(b: \"abc) }", "Syntax Error: Unterminated string.", 1, 15},
    {"{ a(b: \"ab\nc\") }", "Syntax Error: Unterminated string.", 1, 11},
    {"{ a(b: \"ab\r\nc\") }", "Syntax Error: Unterminated string.", 1, 11},
    {"{ a(b: \"\"\"abc) }", "Syntax Error: Unterminated string.", 1, 17},
    {"{ a(b: \"\\x\") }", "Syntax Error: Invalid character escape sequence: \"\\x\".", 1, 9},
    {"{ a(b: \"\\\xC3\xA9\") }", "Syntax Error: Invalid character escape sequence: \"\\\xC3\xA9\".", 1, 9},
    {"{ a(b: \"\\u12\") }", "Syntax Error: Invalid Unicode escape sequence: \"\\u12\")\".", 1, 9},
    {"{ a(b: \"\\uXYZW\") }", "Syntax Error: Invalid Unicode escape sequence: \"\\uXYZW\".", 1, 9},
    {"{ a(b: \"\\uD83D\") }", "Syntax Error: Invalid Unicode escape sequence: \"\\uD83D\".", 1, 9},
    {"{ a(b: \"\\uD83D\\u0041\") }", "Syntax Error: Invalid Unicode escape sequence: \"\\uD83D\".", 1, 9},
    {"{ a(b: \"\\uDE00\\uD83D\") }", "Syntax Error: Invalid Unicode escape sequence: \"\\uDE00\".", 1, 9},
    {"{ a(b: \"\\u{110000}\") }", "Syntax Error: Invalid Unicode escape sequence: \"\\u{110000}\".", 1, 9},
    {"{ a(b: \"\\u{}\") }", "Syntax Error: Invalid Unicode escape sequence: \"\\u{}\".", 1, 9},
    {"{ a(b: \"\\u{DEAD}\") }", "Syntax Error: Invalid Unicode escape sequence: \"\\u{DEAD}\".", 1, 9},
    {"{ a(b: \"\\u{12x}\") }", "Syntax Error: Invalid Unicode escape sequence: \"\\u{12x\".", 1, 9},
    {"{ a(b: 01) }", "Syntax Error: Invalid number, unexpected digit after 0: \"1\".", 1, 9},
    {"{ a(b: -01) }", "Syntax Error: Invalid number, unexpected digit after 0: \"1\".", 1, 10},
    {"{ a(b: 1.) }", "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 10},
    {"{ a(b: 1.5e) }", "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 12},
    {"{ a(b: 1.5e+) }", "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 13},
    {"{ a(b: 1x) }", "Syntax Error: Invalid number, expected digit but got: \"x\".", 1, 9},
    {"{ a(b: 1.5_) }", "Syntax Error: Invalid number, expected digit but got: \"_\".", 1, 11},
    {"{ a(b: -) }", "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 9},
    {"{ a(b: -a) }", "Syntax Error: Invalid number, expected digit but got: \"a\".", 1, 9},
    {"{ a(b: 1.2.3) }", "Syntax Error: Invalid number, expected digit but got: \".\".", 1, 11},
    {"{ a(b: 1", "Syntax Error: Expected Name, found <EOF>.", 1, 9},
    {"{ a(b: 1.", "Syntax Error: Invalid number, expected digit but got: <EOF>.", 1, 10},
    {"{ a(b: .5) }", "Syntax Error: Unexpected character: \".\".", 1, 8},
    {"{ a .. b }", "Syntax Error: Unexpected character: \".\".", 1, 5},
    {"{ a(b: 'x') }", "Syntax Error: Unexpected single quote character ('), did you mean to use a double quote (\")?", 1, 8},
    {"{ a ? }", "Syntax Error: Unexpected character: \"?\".", 1, 5},
    {"{ a \x07 }", "Syntax Error: Unexpected character: U+0007.", 1, 5},
    {"{ a \xC3\xA9 }", "Syntax Error: Unexpected character: U+00E9.", 1, 5},
    {"{ a \xF0\x9F\x98\x80 }", "Syntax Error: Unexpected character: U+1F600.", 1, 5},
    {"{ a \xFF }", "Syntax Error: Invalid UTF-8 sequence.", 1, 5},
    {"{ a \xED\xA0\x80 }", "Syntax Error: Invalid UTF-8 sequence.", 1, 5},
    {"{ a(b: \"x\xC0\xAF\") }", "Syntax Error: Invalid UTF-8 sequence.", 1, 10},
    {"{ a(b: \"\"\"x\xFF\"\"\") }", "Syntax Error: Invalid UTF-8 sequence.", 1, 12},
    {"{\n  a\n  b(c: \"x)\n}", "Syntax Error: Unterminated string.", 3, 11},
    {"type Foo { a: Int }", "The \"Foo\" definition is not executable.", 1, 1},
    {"schema { query: Q }", "The schema definition is not executable.", 1, 1},
    {"extend type Foo { a: Int }", "The \"Foo\" definition is not executable.", 1, 1},
    {"extend schema @d", "The schema definition is not executable.", 1, 1},
    {"directive @foo on FIELD", "The \"foo\" definition is not executable.", 1, 1},
    {"\"\"\"desc\"\"\" scalar Date", "The \"Date\" definition is not executable.", 1, 1},
    {"{ a }\n\ninput In { a: Int }", "The \"In\" definition is not executable.", 3, 1},
    {"enum", "Syntax Error: Expected Name, found <EOF>.", 1, 5},
    {"type {", "Syntax Error: Expected Name, found \"{\".", 1, 6},
    {"directive foo on FIELD", "Syntax Error: Expected \"@\", found Name \"foo\".", 1, 11},
    {"extend { a }", "Syntax Error: Unexpected \"{\".", 1, 8},
    {"extend directive @d on FIELD", "Syntax Error: Unexpected Name \"directive\".", 1, 8},
    {"extend query { a }", "Syntax Error: Unexpected Name \"query\".", 1, 8},
};
// clang-format on

INSTANTIATE_TEST_SUITE_P(Cases, GraphqlInvalidDocument, ::testing::ValuesIn(invalid_cases));

// Issue 11, item 7: a NUL byte is refused wherever it is, never read as the end of the text.
// In a string it could not reach Postgres anyway (text cannot hold U+0000), so neither can its
// escapes.
TEST(GraphqlLexer, NulIsRefusedEverywhere) {
    using namespace std::string_literals;
    struct Case {
        std::string source;
        std::string message;
        SourceLocation at;
    };
    const Case cases[] = {
        {"{ items { id } }\0 garbage"s, "Syntax Error: Unexpected character: U+0000.", {1, 17}},
        {"{ a \0 }"s, "Syntax Error: Unexpected character: U+0000.", {1, 5}},
        {"\0"s, "Syntax Error: Unexpected character: U+0000.", {1, 1}},
        {"{ a } # comment \0 { b }"s, "Syntax Error: Unexpected character: U+0000.", {1, 17}},
        {"{ a(b: \"x\0y\") }"s, "Syntax Error: Invalid character within String: U+0000.", {1, 10}},
        {"{ a(b: \"\"\"x\ny\0\"\"\") }"s, "Syntax Error: Invalid character within String: U+0000.", {2, 2}},
        {"{ a(b: \"x\\u0000\") }"s,
         "Syntax Error: Unsupported Unicode escape sequence: \"\\u0000\" (U+0000 cannot be converted to text).", {1, 10}},
        {"{ a(b: \"\\u{0}\") }"s,
         "Syntax Error: Unsupported Unicode escape sequence: \"\\u{0}\" (U+0000 cannot be converted to text).", {1, 9}},
    };
    for (const Case& c : cases) {
        try {
            parse(c.source);
            ADD_FAILURE() << "parsed: " << c.source;
        } catch (const GraphQLError& e) {
            EXPECT_EQ(e.message(), c.message) << c.source;
            EXPECT_EQ(e.code(), "validation-failed");
            ASSERT_EQ(e.locations().size(), 1u);
            EXPECT_EQ(e.locations()[0], c.at) << c.source << " -> " << e.describe();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Limits.

namespace {

void expect_parse_error(const std::string& source, const Limits& limits, const std::string& message,
                        SourceLocation where) {
    try {
        parse(source, limits);
        FAIL() << "parsed";
    } catch (const GraphQLError& e) {
        EXPECT_EQ(e.message(), message);
        if (where.line != 0) {
            ASSERT_EQ(e.locations().size(), 1u);
            EXPECT_EQ(e.locations()[0], where);
        }
        EXPECT_EQ(e.code(), "validation-failed");
        EXPECT_EQ(e.path(), std::vector<PathSegment>{std::string("query")});
    }
}

}  // namespace

TEST(GraphqlLimits, TenThousandNestedSelectionSetsAreRejectedCleanly) {
    std::string source;
    for (int i = 0; i < 10000; ++i) source += "{a";
    source += std::string(10000, '}');
    expect_parse_error(source, Limits{}, "Selection depth exceeds the limit of 64.", {1, 129});
}

TEST(GraphqlLimits, TenThousandNestedListsAndObjectsAreRejectedCleanly) {
    expect_parse_error("{ f(a: " + std::string(10000, '[') + std::string(10000, ']') + ") }", Limits{},
                       "Value nesting depth exceeds the limit of 128.", {1, 136});
    std::string objects;
    for (int i = 0; i < 10000; ++i) objects += "{a:";
    expect_parse_error("{ f(a: " + objects + ") }", Limits{}, "Value nesting depth exceeds the limit of 128.",
                       {1, 8 + 3 * 128});
    expect_parse_error("query ($a: " + std::string(10000, '[') + "Int" + std::string(10000, ']') + ") { f }", Limits{},
                       "Value nesting depth exceeds the limit of 128.", {1, 12 + 128});
}

TEST(GraphqlLimits, DepthAtTheLimitIsAccepted) {
    Limits limits;
    limits.max_depth = 3;
    EXPECT_NO_THROW(parse("{ a { b { c } } }", limits));
    expect_parse_error("{ a { b { c { d } } } }", limits, "Selection depth exceeds the limit of 3.", {1, 13});
}

TEST(GraphqlLimits, DocumentSize) {
    Limits limits;
    limits.max_document_bytes = 10;
    EXPECT_NO_THROW(parse("{ abcdef }", limits));
    expect_parse_error("{ abcdefg }", limits, "Document is too large: 11 bytes, the limit is 10.", {0, 0});
}

TEST(GraphqlLimits, TokenCount) {
    Limits limits;
    limits.max_tokens = 5;
    EXPECT_NO_THROW(parse("{ a b c }", limits));
    expect_parse_error("{ a b c d }", limits, "Syntax Error: Document contains more than 5 tokens. Parsing aborted.",
                       {1, 11});
}

TEST(GraphqlLimits, Aliases) {
    Limits limits;
    limits.max_aliases = 2;
    EXPECT_NO_THROW(parse("{ x: a y: a }", limits));
    expect_parse_error("{ x: a y: a z: a }", limits, "Document has more than 2 aliases.", {1, 13});
}

TEST(GraphqlLimits, InterruptCallbackIsCalledAndMayAbort) {
    Limits limits;
    int calls = 0;
    limits.check_interrupt = [&] {
        if (++calls == 2) throw std::runtime_error("canceling statement due to user request");
    };
    std::string source = "{";
    for (int i = 0; i < 5000; ++i) source += " a" + std::to_string(i);
    source += " }";
    EXPECT_NO_THROW(parse(source, limits));
    EXPECT_EQ(calls, 1);
    std::string longer = "{";
    for (int i = 0; i < 9000; ++i) longer += " a";
    longer += " }";
    EXPECT_THROW(parse(longer, limits), std::runtime_error);
}

// Every recursive step down the document asks the stack-depth callback, which may abort (the
// Postgres layer's is check_stack_depth()).
TEST(GraphqlLimits, StackDepthCallbackIsConsultedOnEveryStepDown) {
    Limits limits;
    size_t calls = 0;
    limits.check_stack_depth = [&] { ++calls; };
    parse("query ($a: [[Int]]) { a { b { c(x: [[1]], y: {z: [2]}) } } }", limits);
    EXPECT_EQ(calls, 2u + 3u + 4u);  // two list types, three selection sets, four lists and objects
    limits.check_stack_depth = [&] {
        if (++calls > 12) throw std::runtime_error("stack depth limit exceeded");
    };
    calls = 0;
    EXPECT_THROW(parse("{ a { b { c { d { e { f { g { h { i { j { k { l { m } } } } } } } } } } } } }", limits),
                 std::runtime_error);
}

// Found by the compile fuzz target: the message about an invalid escape quoted the byte after
// the backslash, which was not UTF-8.  Lexer messages quote the source as valid UTF-8.
TEST(GraphqlLexer, MessagesQuoteInvalidBytesAsReplacementCharacters) {
    const std::pair<std::string, std::string> cases[] = {
        {"{ a(b: \"\\\xDC\\\") }", "Syntax Error: Invalid character escape sequence: \"\\\xEF\xBF\xBD\"."},
        {"{ a(b: \"\\u{1\xFF}\") }", "Syntax Error: Invalid Unicode escape sequence: \"\\u{1\xEF\xBF\xBD\"."},
        {"{ a(b: \"\\u0\xC3\xA9\") }", "Syntax Error: Invalid Unicode escape sequence: \"\\u0\xC3\xA9\"\"."},
        // six bytes, the last one half of a character
        {"{ a(b: \"\\u000\xC3\xA9\") }", "Syntax Error: Invalid Unicode escape sequence: \"\\u000\xEF\xBF\xBD\"."},
    };
    for (const auto& [source, message] : cases) {
        try {
            parse(source);
            ADD_FAILURE() << "parsed: " << source;
        } catch (const GraphQLError& e) {
            EXPECT_EQ(e.message(), message);
        }
    }
}
