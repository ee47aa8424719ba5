#include <algorithm>
// The schema builder: Hasura's types, fields, arguments and descriptions from a catalog
// snapshot, the lookups the compiler uses, and what is left out when names do not fit.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "../schema/fixture_snapshot.hpp"
#include "core/graphql/parser.hpp"
#include "core/graphql/validation.hpp"
#include "core/schema/graphql_schema.hpp"
#include "core/schema/introspection.hpp"
#include "core/schema/schema_builder.hpp"
#include "core/schema/sdl_printer.hpp"

namespace graphgate::schema {
namespace {

using graphql::FieldDef;
using graphql::InputValueDef;
using graphql::TypeDef;
using graphql::TypeKind;
using test_support::fixture_snapshot;

// "name: Type" for each argument or input field, in order.
std::vector<std::string> signature(const std::vector<InputValueDef>& values) {
    std::vector<std::string> out;
    for (const InputValueDef& v : values) out.push_back(v.name + ": " + v.type.to_string());
    return out;
}

std::vector<std::string> signature(const std::vector<FieldDef>& fields) {
    std::vector<std::string> out;
    for (const FieldDef& f : fields) out.push_back(f.name + ": " + f.type.to_string());
    return out;
}

std::vector<std::string> enum_values(const TypeDef& type) {
    std::vector<std::string> out;
    for (const auto& v : type.enum_values) out.push_back(v.name);
    return out;
}

// One top-level definition of an SDL text, its description included: definitions are separated
// by a blank line followed by something other than indentation.
std::string sdl_definition(const std::string& sdl, const std::string& head) {
    size_t start = 0;
    while (start < sdl.size()) {
        size_t end = start;
        for (;;) {
            end = sdl.find("\n\n", end);
            if (end == std::string::npos || (end + 2 < sdl.size() && sdl[end + 2] != ' ')) break;
            end += 2;
        }
        std::string part = sdl.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (part.find("\n" + head + " ") != std::string::npos || part.rfind(head + " ", 0) == 0) return part;
        if (end == std::string::npos) break;
        start = end + 2;
    }
    return "<no " + head + ">";
}

class SchemaBuilderTest : public ::testing::Test {
protected:
    GraphQLSchema built{fixture_snapshot()};
    const graphql::Schema& schema = built.schema();

    const TypeDef& type(const std::string& name) {
        const TypeDef* t = schema.type(name);
        if (!t) throw std::runtime_error("no type " + name);
        return *t;
    }
};

TEST_F(SchemaBuilderTest, FixtureBuildsWithoutProblems) {
    EXPECT_TRUE(built.problems().empty());
    EXPECT_EQ(schema.query_type()->name, "query_root");
    ASSERT_NE(schema.mutation_type(), nullptr);
    EXPECT_EQ(schema.mutation_type()->name, "mutation_root");
    // The subscription root has the query root's fields (live queries) and <t>_stream per table.
    ASSERT_NE(schema.subscription_type(), nullptr);
    EXPECT_EQ(schema.subscription_type()->name, "subscription_root");
    std::vector<std::string> query_fields, subscription_fields;
    for (const auto& f : schema.query_type()->fields) query_fields.push_back(f.name);
    for (const auto& f : schema.subscription_type()->fields) subscription_fields.push_back(f.name);
    std::vector<std::string> expected = query_fields;
    for (const auto& t : built.snapshot().tables)
        if (t.selectable()) expected.push_back(t.graphql_name + "_stream");
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(subscription_fields, expected);
    EXPECT_FALSE(query_fields.empty());
}

TEST_F(SchemaBuilderTest, TableObjectTypeSdl) {
    EXPECT_EQ(sdl_definition(print_sdl(built), "type authors"),
              R"("""
columns and relationships of "authors"
"""
type authors {
  """An array relationship"""
  articles(
    """distinct select on columns"""
    distinct_on: [articles_select_column!]

    """limit the number of rows returned"""
    limit: Int

    """skip the first n rows. Use only with order_by"""
    offset: Int

    """sort the rows by one or more columns"""
    order_by: [articles_order_by!]

    """filter the rows returned"""
    where: articles_bool_exp
  ): [articles!]!

  """An aggregate relationship"""
  articles_aggregate(
    """distinct select on columns"""
    distinct_on: [articles_select_column!]

    """limit the number of rows returned"""
    limit: Int

    """skip the first n rows. Use only with order_by"""
    offset: Int

    """sort the rows by one or more columns"""
    order_by: [articles_order_by!]

    """filter the rows returned"""
    where: articles_bool_exp
  ): articles_aggregate!
  born: timestamptz

  """An object relationship"""
  contact: crm_contacts
  id: Int!
  name: String!

  """free-form profile"""
  profile(
    """JSON select path"""
    path: String
  ): jsonb
  rating: numeric
})");
}

TEST_F(SchemaBuilderTest, BoolExpOrderByAndSelectColumnSdl) {
    const std::string sdl = print_sdl(built);
    EXPECT_EQ(sdl_definition(sdl, "input authors_bool_exp"),
              R"("""
Boolean expression to filter rows from the table "authors". All fields are combined with a logical 'AND'.
"""
input authors_bool_exp {
  _and: [authors_bool_exp!]
  _not: authors_bool_exp
  _or: [authors_bool_exp!]
  articles: articles_bool_exp
  born: timestamptz_comparison_exp
  contact: crm_contacts_bool_exp
  id: Int_comparison_exp
  name: String_comparison_exp
  profile: jsonb_comparison_exp
  rating: numeric_comparison_exp
})");
    EXPECT_EQ(sdl_definition(sdl, "input authors_order_by"),
              R"("""Ordering options when selecting data from "authors"."""
input authors_order_by {
  articles_aggregate: articles_aggregate_order_by
  born: order_by
  contact: crm_contacts_order_by
  id: order_by
  name: order_by
  profile: order_by
  rating: order_by
})");
    EXPECT_EQ(sdl_definition(sdl, "enum crm_contacts_select_column"),
              R"("""
select columns of table "crm.contacts"
"""
enum crm_contacts_select_column {
  """column name"""
  author_id

  """column name"""
  email

  """column name"""
  id

  """column name"""
  score
})");
    EXPECT_EQ(sdl_definition(sdl, "enum order_by"),
              R"("""column ordering options"""
enum order_by {
  """in ascending order, nulls last"""
  asc

  """in ascending order, nulls first"""
  asc_nulls_first

  """in ascending order, nulls last"""
  asc_nulls_last

  """in descending order, nulls first"""
  desc

  """in descending order, nulls first"""
  desc_nulls_first

  """in descending order, nulls last"""
  desc_nulls_last
})");
}

TEST_F(SchemaBuilderTest, RootFields) {
    const TypeDef& root = *schema.query_type();
    EXPECT_EQ(signature(root.fields), (std::vector<std::string>{
        "articles: [articles!]!", "articles_aggregate: articles_aggregate!", "articles_by_pk: articles",
        "authors: [authors!]!", "authors_aggregate: authors_aggregate!", "authors_by_pk: authors",
        "comments: [comments!]!", "comments_aggregate: comments_aggregate!", "comments_by_pk: comments",
        "crm_contacts: [crm_contacts!]!", "crm_contacts_aggregate: crm_contacts_aggregate!",
        "crm_contacts_by_pk: crm_contacts"}));
    const std::vector<std::string> select_args = {
        "distinct_on: [authors_select_column!]", "limit: Int", "offset: Int", "order_by: [authors_order_by!]",
        "where: authors_bool_exp"};
    EXPECT_EQ(signature(root.field("authors")->args), select_args);
    EXPECT_EQ(signature(root.field("authors_aggregate")->args), select_args);
    EXPECT_EQ(signature(root.field("authors_by_pk")->args), std::vector<std::string>{"id: Int!"});
    EXPECT_EQ(signature(root.field("articles_by_pk")->args), std::vector<std::string>{"id: bigint!"});
    EXPECT_EQ(signature(root.field("comments_by_pk")->args), std::vector<std::string>{"id: uuid!"});

    EXPECT_EQ(root.field("authors")->description, "fetch data from the table: \"authors\"");
    EXPECT_EQ(root.field("crm_contacts_aggregate")->description,
              "fetch aggregated fields from the table: \"crm.contacts\"");
    EXPECT_EQ(root.field("authors_by_pk")->description,
              "fetch data from the table: \"authors\" using primary key columns");
    EXPECT_EQ(root.field("authors")->arg("offset")->description, "skip the first n rows. Use only with order_by");
}

TEST_F(SchemaBuilderTest, RemoteRelationshipsLookLikeLocalOnes) {
    const TypeDef& contacts = type("crm_contacts");
    EXPECT_EQ(contacts.description, "Contacts kept by the CRM");
    EXPECT_EQ(signature(contacts.fields), (std::vector<std::string>{
        "author_id: Int", "authored_articles: [articles!]!", "authored_articles_aggregate: articles_aggregate!",
        "email: citext!", "id: Int!", "score: Float"}));
    EXPECT_EQ(signature(contacts.field("authored_articles")->args),
              signature(type("authors").field("articles")->args));
    EXPECT_EQ(contacts.field("authored_articles")->description, "An array relationship");
    EXPECT_EQ(contacts.field("authored_articles_aggregate")->description, "An aggregate relationship");
    EXPECT_EQ(contacts.field("email")->description, "where to write");
    // The remote object relationship authors.contact, in fields, filters and ordering.
    EXPECT_EQ(type("authors").field("contact")->type.to_string(), "crm_contacts");
    EXPECT_EQ(type("authors").field("contact")->description, "An object relationship");
    EXPECT_EQ(type("authors_bool_exp").input_field("contact")->type.to_string(), "crm_contacts_bool_exp");
    EXPECT_EQ(type("crm_contacts_order_by").input_field("authored_articles_aggregate")->type.to_string(),
              "articles_aggregate_order_by");
}

TEST_F(SchemaBuilderTest, AggregateTypes) {
    EXPECT_EQ(signature(type("authors_aggregate").fields),
              (std::vector<std::string>{"aggregate: authors_aggregate_fields", "nodes: [authors!]!"}));
    EXPECT_EQ(signature(type("authors_aggregate_fields").fields), (std::vector<std::string>{
        "avg: authors_avg_fields", "count: Int!", "max: authors_max_fields", "min: authors_min_fields",
        "stddev: authors_stddev_fields", "stddev_pop: authors_stddev_pop_fields",
        "stddev_samp: authors_stddev_samp_fields", "sum: authors_sum_fields", "var_pop: authors_var_pop_fields",
        "var_samp: authors_var_samp_fields", "variance: authors_variance_fields"}));
    EXPECT_EQ(signature(type("authors_aggregate_fields").field("count")->args),
              (std::vector<std::string>{"columns: [authors_select_column!]", "distinct: Boolean"}));
    // Numbers (Int, numeric) for the statistics, as Float; sum keeps the column's scalar.
    EXPECT_EQ(signature(type("authors_avg_fields").fields), (std::vector<std::string>{"id: Float", "rating: Float"}));
    EXPECT_EQ(signature(type("authors_variance_fields").fields),
              (std::vector<std::string>{"id: Float", "rating: Float"}));
    EXPECT_EQ(signature(type("authors_sum_fields").fields), (std::vector<std::string>{"id: Int", "rating: numeric"}));
    // max/min: every ordered column but bool, json(b) and uuid (Postgres has no max(uuid)).
    EXPECT_EQ(signature(type("authors_max_fields").fields),
              (std::vector<std::string>{"born: timestamptz", "id: Int", "name: String", "rating: numeric"}));
    EXPECT_EQ(signature(type("comments_min_fields").fields), (std::vector<std::string>{
        "article_id: bigint", "body: String", "created_at: timestamptz", "edited_at: timestamptz", "flags: String"}));
    EXPECT_EQ(signature(type("articles_sum_fields").fields),
              (std::vector<std::string>{"author_id: Int", "id: bigint"}));
    EXPECT_EQ(type("authors_aggregate").description, "aggregated selection of \"authors\"");
    EXPECT_EQ(type("crm_contacts_aggregate_fields").description, "aggregate fields of \"crm.contacts\"");
    EXPECT_EQ(type("authors_stddev_pop_fields").description, "aggregate stddev_pop on columns");
}

TEST_F(SchemaBuilderTest, AggregateOrderByOnlyWhereAnArrayRelationshipLeads) {
    EXPECT_EQ(signature(type("articles_aggregate_order_by").input_fields), (std::vector<std::string>{
        "avg: articles_avg_order_by", "count: order_by", "max: articles_max_order_by", "min: articles_min_order_by",
        "stddev: articles_stddev_order_by", "stddev_pop: articles_stddev_pop_order_by",
        "stddev_samp: articles_stddev_samp_order_by", "sum: articles_sum_order_by",
        "var_pop: articles_var_pop_order_by", "var_samp: articles_var_samp_order_by",
        "variance: articles_variance_order_by"}));
    EXPECT_EQ(signature(type("articles_max_order_by").input_fields), (std::vector<std::string>{
        "author_id: order_by", "body: order_by", "id: order_by", "title: order_by"}));
    EXPECT_EQ(type("articles_avg_order_by").description, "order by avg() on columns of table \"articles\"");
    EXPECT_EQ(type("articles_aggregate_order_by").description, "order by aggregate values of table \"articles\"");
    // No array relationship leads to authors or crm_contacts: like Hasura, no such types.
    EXPECT_EQ(schema.type("authors_aggregate_order_by"), nullptr);
    EXPECT_EQ(schema.type("authors_avg_order_by"), nullptr);
    EXPECT_EQ(schema.type("crm_contacts_aggregate_order_by"), nullptr);
    EXPECT_NE(schema.type("comments_aggregate_order_by"), nullptr);
}

TEST_F(SchemaBuilderTest, ComparisonExpressions) {
    const std::vector<std::string> basic = {"_eq", "_gt", "_gte", "_in", "_is_null", "_lt", "_lte", "_neq", "_nin"};
    auto names = [&](const std::string& t) {
        std::vector<std::string> out;
        for (const auto& f : type(t).input_fields) out.push_back(f.name);
        return out;
    };
    EXPECT_EQ(names("Int_comparison_exp"), basic);
    EXPECT_EQ(names("numeric_comparison_exp"), basic);
    EXPECT_EQ(names("timestamptz_comparison_exp"), basic);
    EXPECT_EQ(names("Boolean_comparison_exp"), basic);
    EXPECT_EQ(signature(type("bigint_comparison_exp").input_fields), (std::vector<std::string>{
        "_eq: bigint", "_gt: bigint", "_gte: bigint", "_in: [bigint!]", "_is_null: Boolean", "_lt: bigint",
        "_lte: bigint", "_neq: bigint", "_nin: [bigint!]"}));
    const std::vector<std::string> text = {"_eq", "_gt", "_gte", "_ilike", "_in", "_iregex", "_is_null", "_like", "_lt",
                                           "_lte", "_neq", "_nilike", "_nin", "_niregex", "_nlike", "_nregex",
                                           "_nsimilar", "_regex", "_similar"};
    EXPECT_EQ(names("String_comparison_exp"), text);
    EXPECT_EQ(names("citext_comparison_exp"), text);
    EXPECT_EQ(type("citext_comparison_exp").input_field("_like")->type.to_string(), "String");
    EXPECT_EQ(type("citext_comparison_exp").input_field("_eq")->type.to_string(), "citext");
    EXPECT_EQ(signature(type("jsonb_comparison_exp").input_fields), (std::vector<std::string>{
        "_contained_in: jsonb", "_contains: jsonb", "_eq: jsonb", "_gt: jsonb", "_gte: jsonb", "_has_key: String",
        "_has_keys_all: [String!]", "_has_keys_any: [String!]", "_in: [jsonb!]", "_is_null: Boolean", "_lt: jsonb",
        "_lte: jsonb", "_neq: jsonb", "_nin: [jsonb!]"}));
    EXPECT_EQ(names("json_comparison_exp"), basic);
    EXPECT_EQ(type("numeric_comparison_exp").description,
              "Boolean expression to compare columns of type \"numeric\". All fields are combined with logical 'AND'.");
    EXPECT_EQ(type("String_comparison_exp").input_field("_niregex")->description,
              "does the column NOT match the given POSIX regular expression, case insensitive");
}

TEST_F(SchemaBuilderTest, ScalarsAndEnums) {
    for (const char* name : {"bigint", "numeric", "timestamptz", "uuid", "jsonb", "json", "citext"}) {
        ASSERT_NE(schema.type(name), nullptr) << name;
        EXPECT_EQ(schema.type(name)->kind, TypeKind::Scalar) << name;
        EXPECT_EQ(schema.type(name)->description, "") << name;
    }
    EXPECT_EQ(enum_values(type("authors_select_column")),
              (std::vector<std::string>{"born", "id", "name", "profile", "rating"}));
    EXPECT_EQ(enum_values(type("order_by")), (std::vector<std::string>{
        "asc", "asc_nulls_first", "asc_nulls_last", "desc", "desc_nulls_first", "desc_nulls_last"}));
    EXPECT_EQ(type("order_by").enum_value("desc")->description, "in descending order, nulls first");
}

TEST_F(SchemaBuilderTest, CustomScalarsAcceptWhatPostgresCould) {
    auto accepts = [&](const std::string& scalar, graphql::Json value) {
        return !type(scalar).coerce_input || !type(scalar).coerce_input(value).has_value();
    };
    EXPECT_TRUE(accepts("bigint", 12));
    EXPECT_TRUE(accepts("bigint", "9007199254740993"));
    EXPECT_TRUE(accepts("numeric", "-1.5e3"));
    EXPECT_TRUE(accepts("numeric", " NaN "));
    EXPECT_FALSE(accepts("numeric", "twelve"));
    EXPECT_FALSE(accepts("bigint", true));
    EXPECT_TRUE(accepts("timestamptz", "2024-01-01T00:00:00Z"));
    EXPECT_TRUE(accepts("uuid", "7d6d5a3e-7b8e-4d4a-9c39-1f0b4a1c8e11"));
    EXPECT_FALSE(accepts("uuid", graphql::Json::object({{"a", 1}})));
    EXPECT_FALSE(accepts("citext", graphql::Json::array({1})));
    EXPECT_TRUE(accepts("jsonb", graphql::Json::object({{"a", graphql::Json::array({1, 2})}})));
    graphql::Json bad = graphql::Json::object({{"a", 1}});
    EXPECT_EQ(type("timestamptz").coerce_input(bad).value_or(""),
              "timestamptz cannot represent a non-scalar value: { a: 1 }");
    graphql::Json word = "twelve";
    EXPECT_EQ(type("numeric").coerce_input(word).value_or(""), "numeric cannot represent non-numeric value: \"twelve\"");
}

TEST_F(SchemaBuilderTest, LookupsForTheCompiler) {
    const GraphQLSchema::RootField* by_pk = built.root_field("comments_by_pk");
    ASSERT_NE(by_pk, nullptr);
    EXPECT_EQ(by_pk->kind, GraphQLSchema::RootField::ByPk);
    EXPECT_EQ(by_pk->table->table_name, "comments");
    ASSERT_NE(built.root_field("crm_contacts_aggregate"), nullptr);
    EXPECT_EQ(built.root_field("crm_contacts_aggregate")->kind, GraphQLSchema::RootField::Aggregate);
    EXPECT_EQ(built.root_field("crm_contacts_aggregate")->table->sql_schema, "graphgate_remote_crm");
    EXPECT_EQ(built.root_field("authors")->kind, GraphQLSchema::RootField::Select);
    EXPECT_EQ(built.root_field("__schema"), nullptr);
    EXPECT_EQ(built.root_field("authors_avg"), nullptr);

    EXPECT_EQ(built.table_for_type("articles"), &built.snapshot().tables[test_support::Articles]);
    EXPECT_EQ(built.table_for_type("articles_aggregate"), nullptr);
    EXPECT_EQ(built.table_for_type("nope"), nullptr);

    const GraphQLSchema::TypeOrigin* origin = built.type_origin("authors_stddev_samp_fields");
    ASSERT_NE(origin, nullptr);
    EXPECT_EQ(origin->table->graphql_name, "authors");
    EXPECT_EQ(origin->role, GraphQLSchema::TypeRole::AggregateOpFields);
    EXPECT_EQ(origin->op, AggregateOp::StddevSamp);
    EXPECT_EQ(built.type_origin("articles_aggregate_order_by")->role, GraphQLSchema::TypeRole::AggregateOrderBy);
    EXPECT_EQ(built.type_origin("authors_aggregate_order_by"), nullptr);  // not in the schema
    EXPECT_EQ(built.type_origin("order_by"), nullptr);
}

TEST_F(SchemaBuilderTest, HasuraQueriesValidate) {
    const char* query = R"(
        query Q($limit: Int, $pattern: String, $id: bigint!) {
          authors(where: {_or: [{name: {_ilike: $pattern}}, {contact: {email: {_like: "%@x"}}}]},
                  order_by: [{articles_aggregate: {count: desc}}, {contact: {score: asc_nulls_last}}],
                  limit: $limit, distinct_on: [name]) {
            id profile(path: "$.bio")
            articles_aggregate(where: {published: {_eq: true}}) { aggregate { count(columns: [id], distinct: true) max { title } } }
            contact { authored_articles(order_by: {comments_aggregate: {max: {created_at: desc}}}) { id } }
          }
          articles_by_pk(id: $id) { author { name } comments { created_at } }
        })";
    graphql::ast::Document document = graphql::parse(query);
    std::vector<GraphQLError> errors = graphql::validate(schema, document);
    for (const GraphQLError& e : errors) ADD_FAILURE() << e.describe();
}

TEST(SchemaBuilder, BuildSchemaOfAnySnapshot) {
    std::unique_ptr<graphql::Schema> schema = build_schema(fixture_snapshot());
    ASSERT_NE(schema->type("authors"), nullptr);
    EXPECT_EQ(print_sdl(*schema), print_sdl(GraphQLSchema(fixture_snapshot())));
}

TEST(SchemaBuilder, EmptyAggregatesAndOrderingAreLeftOut) {
    CatalogSnapshot snapshot;
    TableInfo flags = test_support::fixture_table("default", "public", "flags", "flags");
    flags.columns = {test_support::fixture_column("on", "boolean", false),
                     test_support::fixture_column("doc", "json", true)};  // json: no ordering
    flags.columns[0].comparable = false;
    TableInfo notes = test_support::fixture_table("default", "app", "notes", "app_notes");
    notes.columns = {test_support::fixture_column("body", "text", true)};
    notes.columns[0].comparable = false;
    notes.relationships = {test_support::fixture_relationship("flag", false, 0, {{"body", "doc"}})};
    snapshot.tables = {flags, notes};
    GraphQLSchema built(std::move(snapshot));
    const graphql::Schema& s = built.schema();
    EXPECT_TRUE(built.problems().empty());
    // Nothing to order flags by, so neither flags nor app_notes (whose only candidate is an object
    // relationship to flags) has an order_by type or argument.
    EXPECT_EQ(s.type("flags_order_by"), nullptr);
    EXPECT_EQ(s.type("app_notes_order_by"), nullptr);
    EXPECT_EQ(s.query_type()->field("flags")->arg("order_by"), nullptr);
    EXPECT_EQ(signature(s.query_type()->field("app_notes")->args), (std::vector<std::string>{
        "distinct_on: [app_notes_select_column!]", "limit: Int", "offset: Int", "where: app_notes_bool_exp"}));
    EXPECT_EQ(signature(s.type("flags_aggregate_fields")->fields), std::vector<std::string>{"count: Int!"});
    EXPECT_EQ(s.type("flags_max_fields"), nullptr);
    EXPECT_EQ(signature(s.type("app_notes_aggregate_fields")->fields), std::vector<std::string>{"count: Int!"});
    EXPECT_EQ(s.query_type()->field("flags_by_pk"), nullptr);  // no primary key
    EXPECT_EQ(s.type("app_notes")->description, "columns and relationships of \"app.notes\"");
}

TEST(SchemaBuilder, ObjectRelationshipChainsCarryOrdering) {
    CatalogSnapshot snapshot;
    TableInfo a = test_support::fixture_table("default", "public", "a", "a");
    a.columns = {test_support::fixture_column("doc", "json", true)};
    a.columns[0].comparable = false;
    a.relationships = {test_support::fixture_relationship("b", false, 1, {{"doc", "id"}})};
    TableInfo b = test_support::fixture_table("default", "public", "b", "b");
    b.columns = {test_support::fixture_column("id", "integer", false)};
    snapshot.tables = {a, b};
    GraphQLSchema built(std::move(snapshot));
    ASSERT_NE(built.schema().type("a_order_by"), nullptr);
    EXPECT_EQ(signature(built.schema().type("a_order_by")->input_fields), std::vector<std::string>{"b: b_order_by"});
}

TEST(SchemaBuilder, ObjectRelationshipsAreNonNullOnlyWhenTheSnapshotSaysSo) {
    CatalogSnapshot snapshot;
    TableInfo a = test_support::fixture_table("default", "public", "a", "a");
    a.columns = {test_support::fixture_column("b_id", "integer", false)};
    a.relationships = {test_support::fixture_relationship("b", false, 1, {{"b_id", "id"}}),
                       test_support::fixture_relationship("maybe_b", false, 1, {{"b_id", "id"}})};
    a.relationships[0].nullable = false;
    TableInfo b = test_support::fixture_table("default", "public", "b", "b");
    b.columns = {test_support::fixture_column("id", "integer", false)};
    snapshot.tables = {a, b};
    GraphQLSchema built(std::move(snapshot));
    EXPECT_EQ(signature(built.schema().type("a")->fields),
              (std::vector<std::string>{"b: b!", "b_id: Int!", "maybe_b: b"}));
}

TEST(SchemaBuilder, WhatCannotBeInTheSchemaIsLeftOutAndReported) {
    CatalogSnapshot snapshot = fixture_snapshot();
    // A column name GraphQL cannot spell, a duplicate table, a clash with a generated type, a
    // table with no columns and a relationship that clashes with a column.
    snapshot.tables[test_support::Authors].columns.push_back(test_support::fixture_column("first name", "text", true));
    TableInfo duplicate = snapshot.tables[test_support::Comments];
    duplicate.table_schema = "archive";
    snapshot.tables.push_back(duplicate);  // same GraphQL names as comments
    TableInfo clash = test_support::fixture_table("default", "public", "authors_aggregate", "authors_aggregate");
    clash.columns = {test_support::fixture_column("id", "integer", false)};
    snapshot.tables.push_back(clash);
    TableInfo scalar_clash = test_support::fixture_table("default", "public", "uuid", "uuid");
    scalar_clash.columns = {test_support::fixture_column("id", "integer", false)};
    scalar_clash.select_field = "uuids";
    scalar_clash.select_aggregate_field = "uuids_aggregate";
    snapshot.tables.push_back(scalar_clash);
    TableInfo empty = test_support::fixture_table("default", "public", "hidden", "hidden");
    snapshot.tables.push_back(empty);
    snapshot.tables[test_support::Comments].relationships.push_back(
        test_support::fixture_relationship("body", false, test_support::Articles, {{"article_id", "id"}}));
    // A relationship to a table that is left out disappears too.
    snapshot.tables[test_support::Articles].relationships.push_back(
        test_support::fixture_relationship("hidden_things", true, 8, {{"id", "id"}}));
    // Empty root field names get Hasura's defaults.
    snapshot.tables[test_support::CrmContacts].select_by_pk_field.clear();

    GraphQLSchema built(std::move(snapshot));
    EXPECT_EQ(built.problems(), (std::vector<std::string>{
        "table \"authors\" of source \"default\": column \"first name\" is not a valid GraphQL name; left out",
        "table \"archive.comments\" of source \"default\": root field \"comments\" already exists; the table is left out",
        "table \"authors_aggregate\" of source \"default\": root field \"authors_aggregate\" already exists; the table is "
        "left out",
        "table \"uuid\" of source \"default\": type \"uuid\" already exists; the table is left out",
        "table \"hidden\" of source \"default\": the role may neither select nor write any of its columns; the table "
        "is left out",
        "table \"articles\" of source \"default\": relationship \"hidden_things\" leads to table \"hidden\" of source "
        "\"default\", which is not in the schema; left out",
        "table \"comments\" of source \"default\": relationship \"body\" clashes with another field of the table; left out",
    }));
    EXPECT_EQ(built.snapshot().tables.size(), 5u);
    EXPECT_EQ(built.schema().type("authors")->field("first name"), nullptr);
    EXPECT_EQ(built.snapshot().tables[test_support::Authors].column("first name"), nullptr);
    EXPECT_EQ(built.snapshot().tables[test_support::CrmContacts].select_by_pk_field, "crm_contacts_by_pk");
    EXPECT_NE(built.root_field("crm_contacts_by_pk"), nullptr);
    EXPECT_EQ(built.snapshot().tables[test_support::Articles].relationship("hidden_things"), nullptr);
    // Targets stay right after renumbering.
    EXPECT_EQ(built.snapshot().tables[test_support::Authors].relationship("contact")->target, test_support::CrmContacts);
}

TEST(SchemaBuilder, RelationshipTargetsAreRenumbered) {
    CatalogSnapshot snapshot = fixture_snapshot();
    TableInfo bad = test_support::fixture_table("default", "public", "bad", "bad-name");
    bad.columns = {test_support::fixture_column("id", "integer", false)};
    snapshot.tables.insert(snapshot.tables.begin(), bad);
    for (TableInfo& t : snapshot.tables) {
        for (RelationshipInfo& r : t.relationships) r.target += 1;
    }
    GraphQLSchema built(std::move(snapshot));
    ASSERT_EQ(built.problems().size(), 1u);
    EXPECT_EQ(built.problems()[0],
              "table \"bad\" of source \"default\": its GraphQL name \"bad-name\" is not a valid GraphQL name; the "
              "table is left out");
    EXPECT_EQ(print_sdl(built), print_sdl(GraphQLSchema(fixture_snapshot())));
}

TEST(SchemaBuilder, NoTablesLeaveHasurasPlaceholder) {
    GraphQLSchema built{CatalogSnapshot{}};
    EXPECT_EQ(print_sdl(built), "schema {\n  query: query_root\n}\n\ntype query_root {\n  no_queries_available: String!\n}");
    EXPECT_EQ(built.root_field("no_queries_available"), nullptr);
}

TEST(SchemaBuilder, ColumnsNamedLikeGraphQLLiteralsAreLeftOut) {
    CatalogSnapshot snapshot;
    TableInfo t = test_support::fixture_table("default", "public", "t", "t");
    t.columns = {test_support::fixture_column("id", "integer", false), test_support::fixture_column("null", "text", true)};
    snapshot.tables = {t};
    GraphQLSchema built(std::move(snapshot));
    EXPECT_EQ(built.problems(), std::vector<std::string>{
        "table \"t\" of source \"default\": column \"null\" cannot be a GraphQL enum value; left out"});
    EXPECT_EQ(signature(built.schema().type("t")->fields), std::vector<std::string>{"id: Int!"});
}

// Hundreds of tables are built per role per metadata version: the build has to be quick.
TEST(SchemaBuilder, HundredTablesBuildQuickly) {
    CatalogSnapshot snapshot;
    for (int i = 0; i < 100; ++i) {
        std::string name = "table_" + std::to_string(i);
        TableInfo t = test_support::fixture_table("default", "public", name, name);
        t.columns = {test_support::fixture_column("id", "integer", false),
                     test_support::fixture_column("name", "text", true),
                     test_support::fixture_column("amount", "numeric", true),
                     test_support::fixture_column("created_at", "timestamp with time zone", false),
                     test_support::fixture_column("data", "jsonb", true),
                     test_support::fixture_column("code", "bigint", true),
                     test_support::fixture_column("active", "boolean", false),
                     test_support::fixture_column("ref", "uuid", true)};
        t.primary_key = {"id"};
        size_t next = static_cast<size_t>((i + 1) % 100);
        t.relationships = {test_support::fixture_relationship("parent", false, next, {{"code", "id"}}),
                           test_support::fixture_relationship("children", true, next, {{"id", "code"}})};
        snapshot.tables.push_back(std::move(t));
    }
    auto start = std::chrono::steady_clock::now();
    GraphQLSchema built(std::move(snapshot));
    auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
    std::cout << "[ timing   ] 100-table schema: " << built.visible_types().size() << " types in "
              << elapsed.count() / 1000.0 << " ms\n";
    EXPECT_TRUE(built.problems().empty());
    EXPECT_EQ(built.schema().query_type()->fields.size(), 300u);
    EXPECT_LT(elapsed.count(), 2'000'000);  // generous: -O1, a shared 2-core machine

    // What GraphiQL asks on connecting, in the shape of getIntrospectionQuery().
    graphql::ast::Document document = graphql::parse(R"({ __schema { types { ...T } } }
        fragment T on __Type { kind name description
          fields(includeDeprecated: true) { name description args { ...V } type { ...R } isDeprecated deprecationReason }
          inputFields { ...V } interfaces { ...R } enumValues(includeDeprecated: true) { name description } possibleTypes { ...R } }
        fragment V on __InputValue { name description type { ...R } defaultValue }
        fragment R on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } })");
    start = std::chrono::steady_clock::now();
    std::string json = execute_introspection_operation(built, document, document.operations[0], graphql::Json::object()).dump();
    elapsed = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
    std::cout << "[ timing   ] its full introspection: " << json.size() / 1024 << " KiB of JSON in "
              << elapsed.count() / 1000.0 << " ms\n";
    EXPECT_LT(elapsed.count(), 5'000'000);
}

}  // namespace
}  // namespace graphgate::schema
