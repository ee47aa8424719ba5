#pragma once
// A small schema in Hasura's shape for the GraphQL front end's tests: a query root with list,
// by-primary-key and aggregate-like fields, bool_exp/order_by input objects, enums, a custom
// scalar, an interface and a union, plus mutation and subscription roots.

#include <string>

#include "core/graphql/schema_interface.hpp"

namespace graphgate::graphql::test_support {

inline void build_test_schema(Schema& s, bool with_mutation_and_subscription) {
    // numeric accepts numbers and numeric strings, as Postgres' numeric input does.
    s.add_type(TypeDef::custom_scalar("numeric", [](Json& value) -> std::optional<std::string> {
        if (value.is_number()) return std::nullopt;
        if (value.is_string() && !value.get<std::string>().empty() &&
            value.get<std::string>().find_first_not_of("0123456789.-e") == std::string::npos) {
            return std::nullopt;
        }
        return "numeric cannot represent " + value.dump();
    }));
    s.add_type(TypeDef::custom_scalar("jsonb"));
    s.add_type(TypeDef::enumeration("order_by", {"asc", "asc_nulls_first", "asc_nulls_last", "desc",
                                                 "desc_nulls_first", "desc_nulls_last"}));
    s.add_type(TypeDef::enumeration("authors_select_column", {"id", "name", "rating"}));
    s.add_type(TypeDef::input_object("Int_comparison_exp", {
        input_value("_eq", "Int"), input_value("_gt", "Int"), input_value("_in", "[Int!]"),
        input_value("_is_null", "Boolean")}));
    s.add_type(TypeDef::input_object("String_comparison_exp", {
        input_value("_eq", "String"), input_value("_like", "String")}));
    s.add_type(TypeDef::input_object("numeric_comparison_exp", {input_value("_eq", "numeric")}));
    s.add_type(TypeDef::input_object("authors_bool_exp", {
        input_value("_and", "[authors_bool_exp!]"), input_value("_or", "[authors_bool_exp!]"),
        input_value("_not", "authors_bool_exp"), input_value("id", "Int_comparison_exp"),
        input_value("name", "String_comparison_exp"), input_value("rating", "numeric_comparison_exp")}));
    s.add_type(TypeDef::input_object("articles_bool_exp", {
        input_value("id", "Int_comparison_exp"), input_value("title", "String_comparison_exp")}));
    s.add_type(TypeDef::input_object("authors_order_by", {
        input_value("id", "order_by"), input_value("name", "order_by")}));
    s.add_type(TypeDef::input_object("authors_insert_input", {
        input_value("id", "Int"), input_value("name", "String!"), input_value("rating", "numeric"),
        input_value("tags", "[String!]"), input_value("priority", "Int", "5")}));

    s.add_type(TypeDef::interface("Node", {field_def("id", "ID!")}));
    s.add_type(TypeDef::object("authors", {
        field_def("id", "ID!"), field_def("name", "String!"), field_def("rating", "numeric"),
        field_def("info", "jsonb", {input_value("path", "String")}),
        field_def("articles", "[articles!]!", {input_value("where", "articles_bool_exp"), input_value("limit", "Int")}),
    }, {"Node"}));
    s.add_type(TypeDef::object("articles", {
        field_def("id", "ID!"), field_def("title", "String!"), field_def("body", "String"),
        field_def("rating", "Int"), field_def("author", "authors!"),
    }, {"Node"}));
    s.add_type(TypeDef::object("tags", {field_def("id", "Int!"), field_def("label", "String")}));
    s.add_type(TypeDef::union_of("search_result", {"authors", "articles"}));

    s.add_type(TypeDef::object("query_root", {
        field_def("authors", "[authors!]!", {
            input_value("where", "authors_bool_exp"), input_value("order_by", "[authors_order_by!]"),
            input_value("limit", "Int"), input_value("offset", "Int"),
            input_value("distinct_on", "[authors_select_column!]")}),
        field_def("authors_by_pk", "authors", {input_value("id", "Int!")}),
        field_def("articles", "[articles!]!", {input_value("where", "articles_bool_exp"), input_value("limit", "Int")}),
        field_def("node", "Node", {input_value("id", "ID!")}),
        field_def("search", "[search_result!]!", {input_value("text", "String!"), input_value("limit", "Int", "10")}),
        field_def("tags", "[tags!]!"),
        field_def("echo", "String", {
            input_value("int", "Int"), input_value("float", "Float"), input_value("string", "String"),
            input_value("boolean", "Boolean"), input_value("id", "ID"), input_value("numeric", "numeric"),
            input_value("json", "jsonb"), input_value("order", "order_by"), input_value("input", "authors_insert_input"),
            input_value("ids", "[Int!]"), input_value("matrix", "[[Float]]"), input_value("required", "Int!", "1")}),
    }));
    s.add_directive(DirectiveDef{"cached", "", {DirectiveLocation::Query},
                                 {input_value("ttl", "Int", "60"), input_value("refresh", "Boolean", "false")}, false});
    s.add_directive(DirectiveDef{"tag", "", {DirectiveLocation::Field}, {input_value("name", "String!")}, true});

    if (with_mutation_and_subscription) {
        s.add_type(TypeDef::object("mutation_root", {
            field_def("insert_authors_one", "authors", {input_value("object", "authors_insert_input!")}),
            field_def("delete_authors", "Int", {input_value("where", "authors_bool_exp!")}),
        }));
        s.add_type(TypeDef::object("subscription_root", {
            field_def("authors", "[authors!]!", {input_value("limit", "Int")}),
            field_def("articles", "[articles!]!"),
        }));
        s.set_root_types("query_root", "mutation_root", "subscription_root");
    } else {
        s.set_root_types("query_root", "", "");
    }
    s.finalize();
}

// The schema the tests share (query, mutation and subscription roots).
inline const Schema& test_schema() {
    static Schema* schema = [] {
        auto* s = new Schema();
        build_test_schema(*s, true);
        return s;
    }();
    return *schema;
}

// The same types with a query root only, as Hasura has for a role without mutations.
inline const Schema& query_only_schema() {
    static Schema* schema = [] {
        auto* s = new Schema();
        build_test_schema(*s, false);
        return s;
    }();
    return *schema;
}

}  // namespace graphgate::graphql::test_support
