// SDL printing: graphql-js' printSchema layout, checked in full on a one-table schema (and
// against graphql-js itself on the fixture by test/schema/).
#include <gtest/gtest.h>

#include <string>

#include "../schema/fixture_snapshot.hpp"
#include "core/graphql/schema_interface.hpp"
#include "core/schema/graphql_schema.hpp"
#include "core/schema/sdl_printer.hpp"

namespace graphgate::schema {
namespace {

GraphQLSchema tags_schema() {
    CatalogSnapshot snapshot;
    TableInfo tags = test_support::fixture_table("default", "public", "tags", "tags");
    tags.description = "Labels, as users \"see\" them";
    tags.columns = {test_support::fixture_column("label", "text", true, "first line\n  indented line")};
    snapshot.tables = {tags};
    return GraphQLSchema(std::move(snapshot));
}

TEST(SchemaSdl, OneTableInFull) {
    EXPECT_EQ(print_sdl(tags_schema()), R"(schema {
  query: query_root
  subscription: subscription_root
}

"""
Boolean expression to compare columns of type "String". All fields are combined with logical 'AND'.
"""
input String_comparison_exp {
  _eq: String
  _gt: String
  _gte: String

  """does the column match the given case-insensitive pattern"""
  _ilike: String
  _in: [String!]

  """
  does the column match the given POSIX regular expression, case insensitive
  """
  _iregex: String
  _is_null: Boolean

  """does the column match the given pattern"""
  _like: String
  _lt: String
  _lte: String
  _neq: String

  """does the column NOT match the given case-insensitive pattern"""
  _nilike: String
  _nin: [String!]

  """
  does the column NOT match the given POSIX regular expression, case insensitive
  """
  _niregex: String

  """does the column NOT match the given pattern"""
  _nlike: String

  """
  does the column NOT match the given POSIX regular expression, case sensitive
  """
  _nregex: String

  """does the column NOT match the given SQL regular expression"""
  _nsimilar: String

  """
  does the column match the given POSIX regular expression, case sensitive
  """
  _regex: String

  """does the column match the given SQL regular expression"""
  _similar: String
}

"""ordering argument of a cursor"""
enum cursor_ordering {
  """ascending ordering of the cursor"""
  ASC

  """descending ordering of the cursor"""
  DESC
}

"""column ordering options"""
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
}

type query_root {
  """
  fetch data from the table: "tags"
  """
  tags(
    """distinct select on columns"""
    distinct_on: [tags_select_column!]

    """limit the number of rows returned"""
    limit: Int

    """skip the first n rows. Use only with order_by"""
    offset: Int

    """sort the rows by one or more columns"""
    order_by: [tags_order_by!]

    """filter the rows returned"""
    where: tags_bool_exp
  ): [tags!]!

  """
  fetch aggregated fields from the table: "tags"
  """
  tags_aggregate(
    """distinct select on columns"""
    distinct_on: [tags_select_column!]

    """limit the number of rows returned"""
    limit: Int

    """skip the first n rows. Use only with order_by"""
    offset: Int

    """sort the rows by one or more columns"""
    order_by: [tags_order_by!]

    """filter the rows returned"""
    where: tags_bool_exp
  ): tags_aggregate!
}

type subscription_root {
  """
  fetch data from the table: "tags"
  """
  tags(
    """distinct select on columns"""
    distinct_on: [tags_select_column!]

    """limit the number of rows returned"""
    limit: Int

    """skip the first n rows. Use only with order_by"""
    offset: Int

    """sort the rows by one or more columns"""
    order_by: [tags_order_by!]

    """filter the rows returned"""
    where: tags_bool_exp
  ): [tags!]!

  """
  fetch aggregated fields from the table: "tags"
  """
  tags_aggregate(
    """distinct select on columns"""
    distinct_on: [tags_select_column!]

    """limit the number of rows returned"""
    limit: Int

    """skip the first n rows. Use only with order_by"""
    offset: Int

    """sort the rows by one or more columns"""
    order_by: [tags_order_by!]

    """filter the rows returned"""
    where: tags_bool_exp
  ): tags_aggregate!

  """
  fetch data from the table in a streaming manner: "tags"
  """
  tags_stream(
    """maximum number of rows returned in a single batch"""
    batch_size: Int!

    """cursor to stream the results returned by the query"""
    cursor: [tags_stream_cursor_input]!

    """filter the rows returned"""
    where: tags_bool_exp
  ): [tags!]!
}

"""Labels, as users "see" them"""
type tags {
  """
  first line
    indented line
  """
  label: String
}

"""
aggregated selection of "tags"
"""
type tags_aggregate {
  aggregate: tags_aggregate_fields
  nodes: [tags!]!
}

"""
aggregate fields of "tags"
"""
type tags_aggregate_fields {
  count(columns: [tags_select_column!], distinct: Boolean): Int!
  max: tags_max_fields
  min: tags_min_fields
}

"""
Boolean expression to filter rows from the table "tags". All fields are combined with a logical 'AND'.
"""
input tags_bool_exp {
  _and: [tags_bool_exp!]
  _not: tags_bool_exp
  _or: [tags_bool_exp!]
  label: String_comparison_exp
}

"""aggregate max on columns"""
type tags_max_fields {
  label: String
}

"""aggregate min on columns"""
type tags_min_fields {
  label: String
}

"""Ordering options when selecting data from "tags"."""
input tags_order_by {
  label: order_by
}

"""
select columns of table "tags"
"""
enum tags_select_column {
  """column name"""
  label
}

"""
Streaming cursor of the table "tags"
"""
input tags_stream_cursor_input {
  """Stream column input with initial value"""
  initial_value: tags_stream_cursor_value_input!

  """cursor ordering"""
  ordering: cursor_ordering
}

"""Initial value of the column from where the streaming should start"""
input tags_stream_cursor_value_input {
  label: String
})");
}

}  // namespace
}  // namespace graphgate::schema
