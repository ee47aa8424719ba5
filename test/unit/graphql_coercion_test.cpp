// Variable coercion (spec §6.1.2) and input coercion of every kind of type, from JSON variables
// and from literals; errors name the variable and the path inside its value.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/graphql/coercion.hpp"
#include "core/graphql/parser.hpp"
#include "core/graphql/validation.hpp"
#include "graphql_test_schema.hpp"

using namespace graphgate;
using namespace graphgate::graphql;
using graphgate::graphql::test_support::test_schema;

namespace {

struct Coerced {
    Json values;
    std::vector<std::string> errors;  // "message (line:column)"
};

Coerced coerce(const std::string& source, const std::string& variables_json) {
    ast::Document document = parse(source);
    std::vector<GraphQLError> validation = validate(test_schema(), document);
    EXPECT_TRUE(validation.empty()) << validation.front().describe();
    std::vector<GraphQLError> errors;
    Coerced out;
    out.values = coerce_variable_values(test_schema(), document, select_operation(document, ""),
                                        Json::parse(variables_json), errors);
    for (const GraphQLError& e : errors) {
        EXPECT_EQ(e.code(), "validation-failed");
        std::string text = e.message();
        for (const SourceLocation& l : e.locations()) text += " (" + std::to_string(l.line) + ":" + std::to_string(l.column) + ")";
        out.errors.push_back(text);
    }
    return out;
}

using Errors = std::vector<std::string>;

const char* const all_kinds =
    "query ($int: Int, $float: Float, $string: String, $boolean: Boolean, $id: ID, $numeric: numeric, "
    "$json: jsonb, $order: order_by, $input: authors_insert_input, $ids: [Int!], $matrix: [[Float]], "
    "$required: Int!) { echo(int: $int, float: $float, string: $string, boolean: $boolean, id: $id, "
    "numeric: $numeric, json: $json, order: $order, input: $input, ids: $ids, matrix: $matrix, required: $required) }";

}  // namespace

TEST(GraphqlCoercion, EveryKindOfType) {
    Coerced c = coerce(all_kinds, R"({"int": 7, "float": 2, "string": "s", "boolean": true, "id": 42,
        "numeric": "12345678901234567890.5", "json": {"b": [1, {"c": null}], "a": 1}, "order": "desc",
        "input": {"name": "n", "tags": "one", "rating": 4.5}, "ids": 3, "matrix": [[1, null], null, [2.5]],
        "required": -2147483648})");
    EXPECT_EQ(c.errors, Errors{});
    EXPECT_EQ(c.values.dump(),
              R"({"int":7,"float":2.0,"string":"s","boolean":true,"id":"42","numeric":"12345678901234567890.5",)"
              R"("json":{"b":[1,{"c":null}],"a":1},"order":"desc",)"
              R"("input":{"name":"n","rating":4.5,"tags":["one"],"priority":5},"ids":[3],"matrix":[[1.0,null],null,[2.5]],)"
              R"("required":-2147483648})");
    EXPECT_TRUE(c.values["int"].is_number_integer());
}

TEST(GraphqlCoercion, AbsentNullAndDefaults) {
    Coerced c = coerce("query ($a: Int, $b: Int = 3, $c: order_by = asc, $d: Int = 4, $e: authors_insert_input = {name: \"x\"}) "
                       "{ authors(limit: $a, offset: $b, order_by: [{name: $c}]) { id } tags @include(if: true) { id } "
                       "echo(int: $d, input: $e) }",
                       R"({"a": null, "d": null})");
    EXPECT_EQ(c.errors, Errors{});
    // An explicit null stays null even when there is a default; an absent one without default is absent.
    EXPECT_EQ(c.values.dump(), R"({"a":null,"b":3,"c":"asc","d":null,"e":{"name":"x","priority":5}})");
    EXPECT_EQ(coerce("query ($a: Int) { authors(limit: $a) { id } }", "{}").values.dump(), "{}");
    EXPECT_EQ(coerce("query ($a: Int) { authors(limit: $a) { id } }", "null").values.dump(), "{}");
}

TEST(GraphqlCoercion, RequiredVariables) {
    const char* q = "query ($id: Int!) { authors_by_pk(id: $id) { id } }";
    EXPECT_EQ(coerce(q, "{}").errors, (Errors{"Variable \"$id\" of required type \"Int!\" was not provided. (1:8)"}));
    EXPECT_EQ(coerce(q, R"({"id": null})").errors,
              (Errors{"Variable \"$id\" of non-null type \"Int!\" must not be null. (1:8)"}));
    EXPECT_EQ(coerce(q, R"({"id": 1})").values.dump(), R"({"id":1})");
}

TEST(GraphqlCoercion, BuiltinScalarErrors) {
    EXPECT_EQ(coerce(all_kinds, R"({"required": 1, "int": "1", "float": "x", "string": 5, "boolean": 0, "id": 1.5})").errors,
              (Errors{"Variable \"$int\" got invalid value \"1\"; Int cannot represent non-integer value: \"1\" (1:8)",
                      "Variable \"$float\" got invalid value \"x\"; Float cannot represent non numeric value: \"x\" (1:19)",
                      "Variable \"$string\" got invalid value 5; String cannot represent a non string value: 5 (1:34)",
                      "Variable \"$boolean\" got invalid value 0; Boolean cannot represent a non boolean value: 0 (1:51)",
                      "Variable \"$id\" got invalid value 1.5; ID cannot represent value: 1.5 (1:70)"}));
    EXPECT_EQ(coerce(all_kinds, R"({"required": 2147483648, "int": 1.5})").errors,
              (Errors{"Variable \"$int\" got invalid value 1.5; Int cannot represent non-integer value: 1.5 (1:8)",
                      "Variable \"$required\" got invalid value 2147483648; "
                      "Int cannot represent non 32-bit signed integer value: 2147483648 (1:194)"}));
    // An integral float is an Int, as in JavaScript.
    EXPECT_EQ(coerce(all_kinds, R"({"required": 5.0})").values.dump(), R"({"required":5})");
}

TEST(GraphqlCoercion, EnumAndCustomScalarErrors) {
    EXPECT_EQ(coerce(all_kinds, R"({"required": 1, "order": "up", "numeric": true})").errors,
              (Errors{"Variable \"$numeric\" got invalid value true; numeric cannot represent true (1:79)",
                      "Variable \"$order\" got invalid value \"up\"; Value \"up\" does not exist in \"order_by\" enum. (1:112)"}));
    EXPECT_EQ(coerce(all_kinds, R"({"required": 1, "order": 1})").errors,
              (Errors{"Variable \"$order\" got invalid value 1; Enum \"order_by\" cannot represent non-string value: 1. (1:112)"}));
}

TEST(GraphqlCoercion, ErrorsNameThePathInsideTheValue) {
    Coerced c = coerce(
        "query ($w: authors_bool_exp) { authors(where: $w) { id } }",
        R"({"w": {"_and": [{"id": {"_eq": 1}}, {"id": {"_in": [1, "two", null]}}], "_not": 5, "nope": 1, "name": {"_eq": null}}})");
    EXPECT_EQ(c.errors,
              (Errors{"Variable \"$w\" got invalid value \"two\" at \"w._and[1].id._in[1]\"; "
                      "Int cannot represent non-integer value: \"two\" (1:8)",
                      "Variable \"$w\" got invalid value null at \"w._and[1].id._in[2]\"; "
                      "Expected non-nullable type \"Int!\" not to be null. (1:8)",
                      "Variable \"$w\" got invalid value 5 at \"w._not\"; Expected type \"authors_bool_exp\" to be an object. (1:8)",
                      "Variable \"$w\" got invalid value { _and: [{ id: [Object] }, { id: [Object] }], _not: 5, nope: 1, name: { _eq: null } }; "
                      "Field \"nope\" is not defined by type \"authors_bool_exp\". (1:8)"}));
    ASSERT_EQ(c.values.size(), 0u);

    std::vector<GraphQLError> errors;
    ast::Document document = parse("query ($o: authors_insert_input!) { insert_authors_one(object: $o) { id } }");
    coerce_variable_values(test_schema(), document, document.operations[0], Json::parse(R"({"o": {"id": 1}})"), errors);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].message(),
              "Variable \"$o\" got invalid value { id: 1 }; Field \"name\" of required type \"String!\" was not provided.");
    EXPECT_EQ(errors[0].path(), (std::vector<PathSegment>{std::string("o")}));

    errors.clear();
    coerce_variable_values(test_schema(), document, document.operations[0],
                           Json::parse(R"({"o": {"name": "n", "tags": ["a", 2]}})"), errors);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].path(), (std::vector<PathSegment>{std::string("o"), std::string("tags"), int64_t{1}}));
}

TEST(GraphqlCoercion, VariablesMustBeAnObject) {
    ast::Document document = parse("{ tags { id } }");
    std::vector<GraphQLError> errors;
    coerce_variable_values(test_schema(), document, document.operations[0], Json::array(), errors);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].message(), "Variables must be provided as an object.");
}

TEST(GraphqlCoercion, DeeplyNestedVariableValueIsRejected) {
    Json deep = Json::object();
    Json* cursor = &deep;
    for (int i = 0; i < 300; ++i) {
        (*cursor)["_not"] = Json::object();
        cursor = &(*cursor)["_not"];
    }
    ast::Document document = parse("query ($w: authors_bool_exp) { authors(where: $w) { id } }");
    std::vector<GraphQLError> errors;
    coerce_variable_values(test_schema(), document, document.operations[0], Json{{"w", deep}}, errors);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].message().find("Value nesting depth exceeds the limit of 128."), std::string::npos);
}

TEST(GraphqlCoercion, SelectOperation) {
    ast::Document one = parse("query A { tags { id } }");
    EXPECT_EQ(select_operation(one, "").name, "A");
    EXPECT_EQ(select_operation(one, "A").name, "A");
    ast::Document two = parse("query A { tags { id } } query B { tags { id } }");
    EXPECT_EQ(select_operation(two, "B").name, "B");
    try {
        select_operation(two, "");
        FAIL();
    } catch (const GraphQLError& e) {
        EXPECT_EQ(e.message(), "Must provide operation name if query contains multiple operations.");
    }
    try {
        select_operation(two, "C");
        FAIL();
    } catch (const GraphQLError& e) {
        EXPECT_EQ(e.message(), "Unknown operation named \"C\".");
    }
}

TEST(GraphqlCoercion, ArgumentValuesFromLiteralsAndVariables) {
    ast::Document document = parse(
        "query ($lim: Int, $name: String) { authors(where: {_or: [{name: {_like: $name}}, {id: {_in: 7}}]}, limit: $lim, "
        "order_by: {name: desc}, distinct_on: id) { id } search(text: \"x\") { __typename } "
        "echo(numeric: 123456789012345678901234567890, json: {a: [$name, 1.5, ENUMISH]}, float: 1, id: 12) }");
    const TypeDef* root = test_schema().query_type();
    Json variables = {{"lim", 10}, {"name", "%a%"}};
    const ast::Selection& authors = document.operations[0].selection_set[0];
    Json args = coerce_argument_values(root->field("authors")->args, authors.arguments, authors.loc, variables, document);
    EXPECT_EQ(args.dump(), R"({"where":{"_or":[{"name":{"_like":"%a%"}},{"id":{"_in":[7]}}]},)"
                           R"("order_by":[{"name":"desc"}],"limit":10,"distinct_on":["id"]})");
    const ast::Selection& search = document.operations[0].selection_set[1];
    EXPECT_EQ(coerce_argument_values(root->field("search")->args, search.arguments, search.loc, variables, document).dump(),
              R"({"text":"x","limit":10})");
    const ast::Selection& echo = document.operations[0].selection_set[2];
    EXPECT_EQ(coerce_argument_values(root->field("echo")->args, echo.arguments, echo.loc, variables, document).dump(),
              R"({"float":1.0,"id":"12","numeric":1.2345678901234568e+29,"json":{"a":["%a%",1.5,"ENUMISH"]},"required":1})");
    // An absent variable leaves an optional argument out.
    Json no_limit = {{"name", "x"}};
    EXPECT_FALSE(coerce_argument_values(root->field("authors")->args, authors.arguments, authors.loc, no_limit, document)
                     .contains("limit"));
}

TEST(GraphqlCoercion, ArgumentErrors) {
    ast::Document document = parse("query ($id: Int) { authors_by_pk(id: $id) { id } a: authors_by_pk { id } }");
    const FieldDef* by_pk = test_schema().query_type()->field("authors_by_pk");
    const ast::Selection& first = document.operations[0].selection_set[0];
    try {
        coerce_argument_values(by_pk->args, first.arguments, first.loc, Json::object(), document);
        FAIL();
    } catch (const GraphQLError& e) {
        EXPECT_EQ(e.message(), "Argument \"id\" of required type \"Int!\" was provided the variable \"$id\" which was not "
                               "provided a runtime value.");
        EXPECT_EQ(e.locations().at(0), (SourceLocation{1, 38}));
    }
    try {
        coerce_argument_values(by_pk->args, first.arguments, first.loc, Json{{"id", nullptr}}, document);
        FAIL();
    } catch (const GraphQLError& e) {
        EXPECT_EQ(e.message(), "Argument \"id\" of non-null type \"Int!\" must not be null.");
    }
    const ast::Selection& second = document.operations[0].selection_set[1];
    try {
        coerce_argument_values(by_pk->args, second.arguments, second.loc, Json::object(), document);
        FAIL();
    } catch (const GraphQLError& e) {
        EXPECT_EQ(e.message(), "Argument \"id\" of required type \"Int!\" was not provided.");
        EXPECT_EQ(e.locations().at(0), (SourceLocation{1, 50}));
    }
}

TEST(GraphqlCoercion, ValueFromLiteral) {
    TypeRef list = TypeRef::parse("[Int!]!");
    list.def = test_schema().type("Int");
    ConstValue v = parse_const_value("[1, 2]");
    EXPECT_EQ(value_from_literal(v.value, TypeView(list), nullptr)->dump(), "[1,2]");
    ConstValue bad = parse_const_value("[1, null]");
    EXPECT_FALSE(value_from_literal(bad.value, TypeView(list), nullptr).has_value());
    ConstValue single = parse_const_value("5");
    EXPECT_EQ(value_from_literal(single.value, TypeView(list), nullptr)->dump(), "[5]");
    EXPECT_EQ(default_value(*test_schema().type("authors_insert_input")->input_field("priority"))->dump(), "5");
    EXPECT_FALSE(default_value(*test_schema().type("authors_insert_input")->input_field("name")).has_value());
}

// ---------------------------------------------------------------------------------------------
// Hostile sizes (issue 11, items 3 and 8).  The sizes are ones where a quadratic step would take
// minutes, so a return of one shows as a test run that never ends, not as a flaky timing.

namespace {

std::vector<GraphQLError> coerce_errors(const std::string& source, const Json& variables, const Limits& limits = Limits{}) {
    ast::Document document = parse(source);
    std::vector<GraphQLError> errors;
    coerce_variable_values(test_schema(), document, select_operation(document, ""), variables, errors, limits);
    return errors;
}

}  // namespace

// graphql-js' getVariableValues stops at maxErrors with this closing error; so does graphgate,
// at Limits::max_errors.  A million bad items gave a million errors (22 MB per 100,000).
TEST(GraphqlCoercion, ErrorsStopAtTheLimit) {
    Json items = Json::array();
    for (int i = 0; i < 1'000'000; ++i) items.push_back("x");
    std::vector<GraphQLError> errors =
        coerce_errors("query ($v: [Int!]) { authors(where: {id: {_in: $v}}) { id } }", Json{{"v", items}});
    ASSERT_EQ(errors.size(), 101u);
    EXPECT_EQ(errors[99].message(),
              "Variable \"$v\" got invalid value \"x\" at \"v[99]\"; Int cannot represent non-integer value: \"x\"");
    EXPECT_EQ(errors[100].message(), "Too many errors processing variables, error limit reached. Execution aborted.");
    EXPECT_TRUE(errors[100].locations().empty());

    // Across variables, and with the limit given.
    Limits limits;
    limits.max_errors = 2;
    errors = coerce_errors("query ($a: Int, $b: Int, $c: Int) { tags { id } }", Json{{"a", "1"}, {"b", "2"}, {"c", "3"}},
                           limits);
    ASSERT_EQ(errors.size(), 3u);
    EXPECT_EQ(errors[1].message(), "Variable \"$b\" got invalid value \"2\"; Int cannot represent non-integer value: \"2\"");
    EXPECT_EQ(errors[2].message(), "Too many errors processing variables, error limit reached. Execution aborted.");
}

TEST(GraphqlCoercion, ObjectsWithManyKeys) {
    // Unknown keys: one error each, up to the limit, however many there are.
    graphgate::Json where = graphgate::Json::object();
    for (int i = 0; i < 200'000; ++i) graphgate::append_member(where, "k" + std::to_string(i), i);
    std::vector<GraphQLError> errors = coerce_errors("query ($w: authors_bool_exp) { authors(where: $w) { id } }",
                                                     request_variables({{"w", where}}, Limits{}));
    ASSERT_EQ(errors.size(), 101u);
    // The value is shown with its first ten fields, as lists with their first ten items: each of
    // a hundred messages showed all 200,000.
    EXPECT_EQ(errors[0].message(),
              "Variable \"$w\" got invalid value { k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, "
              "k9: 9, ... 199990 more fields }; "
              "Field \"k0\" is not defined by type \"authors_bool_exp\".");
    EXPECT_EQ(errors[100].message(), "Too many errors processing variables, error limit reached. Execution aborted.");

    // Known keys among many: each field found through the type's index, the values moved.
    graphgate::Json in = graphgate::Json::array();
    for (int i = 0; i < 300'000; ++i) in.push_back(i);
    Json coerced = request_variables({{"w", {{"id", {{"_in", in}, {"_gt", 1}}}, {"name", {{"_eq", "n"}}}}}}, Limits{});
    ast::Document document = parse("query ($w: authors_bool_exp) { authors(where: $w) { id } }");
    std::vector<GraphQLError> none;
    Json values = coerce_variable_values(test_schema(), document, document.operations[0], coerced, none);
    EXPECT_TRUE(none.empty());
    EXPECT_EQ(values["w"]["id"]["_in"].size(), 300'000u);
    EXPECT_EQ(values["w"]["id"]["_gt"], 1);
}

// A million variables that the operation does not declare are parsed once and never looked
// at: building them into a vector-backed object one lookup per key was quadratic (16 s for
// 100,000 through graphql()); parse_json appends them, checking repeats through an index.
TEST(GraphqlCoercion, AMillionUnusedVariables) {
    std::string text = "{";
    for (int i = 0; i < 1'000'000; ++i) text += "\"v" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
    text += "\"lim\": 3}";
    Json inputs = request_variables(graphgate::parse_json(text), Limits{});
    EXPECT_EQ(inputs.size(), 1'000'001u);
    ast::Document document = parse("query ($lim: Int, $v999999: Int) { authors(limit: $lim, offset: $v999999) { id } }");
    std::vector<GraphQLError> errors;
    Json values = coerce_variable_values(test_schema(), document, document.operations[0], inputs, errors);
    EXPECT_TRUE(errors.empty());
    EXPECT_EQ(values.dump(), R"({"lim":3,"v999999":999999})");
}

// 20,000 declared variables (most unused, which Hasura accepts): each looked up through an
// index and added without a search of those before it.
TEST(GraphqlCoercion, TwentyThousandDeclaredVariables) {
    std::string source = "query (";
    graphgate::Json sent = graphgate::Json::object();
    for (int i = 0; i < 20'000; ++i) {
        source += "$v" + std::to_string(i) + ": Int ";
        if (i % 2 == 0) graphgate::append_member(sent, "v" + std::to_string(i), i);
    }
    source += ") { authors(limit: $v0) { id } }";
    ast::Document document = parse(source);
    EXPECT_TRUE(validate(test_schema(), document).empty());
    std::vector<GraphQLError> errors;
    Json values = coerce_variable_values(test_schema(), document, document.operations[0], request_variables(sent, Limits{}), errors);
    EXPECT_TRUE(errors.empty());
    ASSERT_EQ(values.size(), 10'000u);
    EXPECT_EQ(values["v19998"], 19998);
}

// Variables nested deeper than max_variable_depth (1,000) are refused before anything recursive
// (a copy, a dump) touches them; the check itself does not recurse, so a million levels are fine.
TEST(GraphqlCoercion, RequestVariablesRefuseDeepValues) {
    auto nested = [](size_t levels) {
        graphgate::Json root = graphgate::Json::array();
        graphgate::Json* cursor = &root;
        for (size_t i = 1; i < levels; ++i) {
            cursor->push_back(graphgate::Json::array());
            cursor = &cursor->back();
        }
        return root;
    };
    EXPECT_EQ(request_variables({{"ok", nested(1000)}, {"n", 1}}, Limits{}).size(), 2u);
    for (size_t levels : {1001, 1'000'000}) {
        try {
            request_variables({{"ok", 1}, {"deep", nested(levels)}}, Limits{});
            ADD_FAILURE() << levels << " levels accepted";
        } catch (const GraphQLError& e) {
            EXPECT_EQ(e.message(), "Variable \"$deep\" is nested deeper than the limit of 1000 levels.");
            EXPECT_EQ(e.code(), "validation-failed");
            EXPECT_EQ(e.path(), std::vector<PathSegment>{std::string("deep")});
        }
    }
    // Not an object: refused the same way (coercion then says what it must be).
    EXPECT_THROW(request_variables(nested(1200), Limits{}), GraphQLError);
    EXPECT_TRUE(request_variables(nested(1000), Limits{}).is_array());
    Limits shallow;
    shallow.max_variable_depth = 2;
    EXPECT_THROW(request_variables(graphgate::Json::parse(R"({"v": {"a": [[1]]}})"), shallow), GraphQLError);
    EXPECT_NO_THROW(request_variables(graphgate::Json::parse(R"({"v": {"a": [1]}})"), shallow));
    // A jsonb value may nest that deep; the lists of a GraphQL type inside stop at max_value_depth.
    ast::Document document = parse("query ($j: jsonb, $l: [[[Int]]]) { echo(json: $j, matrix: $l) }");
    std::vector<GraphQLError> errors;
    Json values = coerce_variable_values(test_schema(), document, document.operations[0],
                                         request_variables({{"j", nested(900)}}, Limits{}), errors);
    EXPECT_TRUE(errors.empty());
    EXPECT_TRUE(values["j"].is_array());
}

// The stack-depth callback is consulted at every step down a value, so a stack smaller than the
// limits assume stops the work with the callback's error.
TEST(GraphqlCoercion, StackDepthCallbackIsConsulted) {
    std::string list = "[[[[[[1]]]]]]";
    graphgate::Json value = graphgate::Json::parse(list);
    Limits limits;
    size_t calls = 0;
    limits.check_stack_depth = [&] { ++calls; };
    ast::Document document = parse("query ($v: [[[[[[Int]]]]]]) { tags { id } }");
    std::vector<GraphQLError> errors;
    // One call per step down: six lists and the Int inside.
    coerce_variable_values(test_schema(), document, document.operations[0], request_variables({{"v", value}}, limits),
                           errors, limits);
    EXPECT_TRUE(errors.empty());
    EXPECT_EQ(calls, 7u);
    limits.check_stack_depth = [] { throw std::runtime_error("stack depth limit exceeded"); };
    EXPECT_THROW(coerce_variable_values(test_schema(), document, document.operations[0], Json{{"v", value}}, errors, limits),
                 std::runtime_error);
}
