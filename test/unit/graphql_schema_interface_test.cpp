// The schema data model: type references, finalize() (built-ins, resolution, checks) and the
// type relations validation relies on.

#include <gtest/gtest.h>

#include <stdexcept>

#include "core/graphql/schema_interface.hpp"
#include "graphql_test_schema.hpp"

using namespace graphgate::graphql;
using graphgate::graphql::test_support::test_schema;

TEST(GraphqlSchema, TypeRefParsesAndPrints) {
    EXPECT_EQ(TypeRef::parse("Int").wrappers, "");
    EXPECT_EQ(TypeRef::parse("Int!").wrappers, "!");
    EXPECT_EQ(TypeRef::parse("[Int]").wrappers, "L");
    EXPECT_EQ(TypeRef::parse("[Int!]!").wrappers, "!L!");
    EXPECT_EQ(TypeRef::parse("[[Int]!]").wrappers, "L!L");
    EXPECT_EQ(TypeRef::parse("[[Int]!]").name, "Int");
    for (const char* text : {"Int", "Int!", "[Int]", "[Int!]!", "[[Int]!]", "[[a_b!]!]!"}) {
        EXPECT_EQ(TypeRef::parse(text).to_string(), text);
    }
    for (const char* bad : {"", "[Int", "Int]", "Int!!", "[Int]]", "1Int", "In-t"}) {
        EXPECT_THROW(TypeRef::parse(bad), std::invalid_argument) << bad;
    }
}

TEST(GraphqlSchema, TypeViewUnwraps) {
    TypeRef ref = TypeRef::parse("[Int!]!");
    ref.def = test_schema().type("Int");
    TypeView view(ref);
    EXPECT_TRUE(view.is_non_null());
    EXPECT_TRUE(view.of_type().is_list());
    EXPECT_TRUE(view.of_type().of_type().is_non_null());
    EXPECT_TRUE(view.of_type().of_type().of_type().is_named());
    EXPECT_EQ(view.nullable().to_string(), "[Int!]");
    EXPECT_EQ(view.named().to_string(), "Int");
}

TEST(GraphqlSchema, FinalizeAddsBuiltins) {
    const Schema& s = test_schema();
    for (const char* name : {"Int", "Float", "String", "Boolean", "ID", "__Schema", "__Type", "__TypeKind", "__Field",
                             "__InputValue", "__EnumValue", "__Directive", "__DirectiveLocation"}) {
        EXPECT_NE(s.type(name), nullptr) << name;
    }
    EXPECT_EQ(s.type("Int")->builtin, BuiltinScalar::Int);
    EXPECT_EQ(s.type("numeric")->builtin, BuiltinScalar::None);
    for (const char* name : {"include", "skip", "deprecated", "specifiedBy", "cached", "tag"}) {
        EXPECT_NE(s.directive(name), nullptr) << name;
    }
    EXPECT_EQ(s.directive("deprecated")->arg("reason")->default_value, "\"No longer supported\"");
    EXPECT_TRUE(s.directive("tag")->repeatable);
    EXPECT_EQ(s.type("__TypeKind")->enum_values.size(), 8u);
    EXPECT_EQ(s.type("__DirectiveLocation")->enum_values.size(), 19u);
    EXPECT_EQ(s.type("__Type")->field("fields")->arg("includeDeprecated")->default_value, "false");
    EXPECT_EQ(s.query_type()->name, "query_root");
    EXPECT_EQ(s.mutation_type()->name, "mutation_root");
    EXPECT_EQ(s.root_type(graphgate::graphql::ast::OperationType::Subscription)->name, "subscription_root");
    EXPECT_EQ(graphgate::graphql::test_support::query_only_schema().mutation_type(), nullptr);
    EXPECT_EQ(s.type_field().args.at(0).type.to_string(), "String!");
}

TEST(GraphqlSchema, ReferencesAreResolved) {
    const Schema& s = test_schema();
    const FieldDef* authors = s.query_type()->field("authors");
    ASSERT_NE(authors, nullptr);
    EXPECT_EQ(authors->type.def, s.type("authors"));
    EXPECT_EQ(authors->arg("where")->type.def, s.type("authors_bool_exp"));
    EXPECT_EQ(s.type("authors_bool_exp")->input_field("_and")->type.def, s.type("authors_bool_exp"));
    EXPECT_EQ(s.type("order_by")->enum_value("desc")->name, "desc");
    EXPECT_EQ(s.type("order_by")->enum_value("up"), nullptr);
    EXPECT_EQ(s.type("authors")->field("nope"), nullptr);
}

TEST(GraphqlSchema, AbstractTypes) {
    const Schema& s = test_schema();
    const TypeDef* node = s.type("Node");
    const TypeDef* search = s.type("search_result");
    const TypeDef* authors = s.type("authors");
    const TypeDef* tags = s.type("tags");
    EXPECT_EQ(node->possible_types, (std::vector<const TypeDef*>{authors, s.type("articles")}));
    EXPECT_TRUE(s.is_sub_type(node, authors));
    EXPECT_FALSE(s.is_sub_type(node, tags));
    EXPECT_TRUE(s.is_sub_type(search, authors));
    EXPECT_TRUE(s.types_overlap(node, search));
    EXPECT_TRUE(s.types_overlap(authors, authors));
    EXPECT_FALSE(s.types_overlap(authors, tags));
    EXPECT_FALSE(s.types_overlap(search, tags));
}

TEST(GraphqlSchema, FinalizeRejectsBrokenSchemas) {
    {
        Schema s;
        s.add_type(TypeDef::object("Query", {field_def("a", "Missing")}));
        EXPECT_THROW(s.finalize(), std::invalid_argument);
    }
    {
        Schema s;
        s.add_type(TypeDef::object("Query", {field_def("a", "Int")}));
        EXPECT_THROW(s.add_type(TypeDef::object("Query")), std::invalid_argument);
    }
    {
        Schema s;
        s.add_type(TypeDef::object("Query", {field_def("a", "Int", {input_value("x", "Query")})}));
        EXPECT_THROW(s.finalize(), std::invalid_argument);
    }
    {
        Schema s;
        s.add_type(TypeDef::object("Query", {field_def("a", "Int")}));
        s.add_type(TypeDef::union_of("U", {"Int"}));
        EXPECT_THROW(s.finalize(), std::invalid_argument);
    }
    {
        Schema s;
        s.add_type(TypeDef::object("Query", {field_def("a", "Int")}));
        s.set_root_types("Query", "Mutation", "");
        EXPECT_THROW(s.finalize(), std::invalid_argument);
    }
    {
        // "Query" is the default query root name.
        Schema s;
        s.add_type(TypeDef::object("Query", {field_def("a", "Int")}));
        s.finalize();
        EXPECT_EQ(s.query_type(), s.type("Query"));
        EXPECT_THROW(s.add_type(TypeDef::scalar("Late")), std::logic_error);
    }
}
