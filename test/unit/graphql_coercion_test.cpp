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
