// Computed fields and tracked functions in the metadata (src/core/metadata/sql_functions.cpp):
// their requests, and Hasura's checks of a function for either use.
#include <gtest/gtest.h>

#include "core/metadata/error.hpp"
#include "core/metadata/requests.hpp"
#include "core/metadata/sql_functions.hpp"

using graphgate::AddComputedField;
using graphgate::FunctionDescription;
using graphgate::MetadataError;
using graphgate::parse_metadata_request;
using graphgate::TableName;
using graphgate::TrackFunction;
using json = graphgate::Json;

namespace {

// What the describe query answers for `f(authors, n integer DEFAULT 1) RETURNS text STABLE`.
json scalar_function() {
    return json::parse(R"({"volatility": "s", "returns_set": false, "return_type": "text", "return_kind": "b",
        "return_table": null, "variadic": false, "defaults": 1, "description": null,
        "arguments": [{"name": "", "type": "authors", "composite": true, "table": {"schema": "public", "name": "authors"}},
                      {"name": "n", "type": "integer", "composite": false, "table": null}]})");
}

AddComputedField field_of(const std::string& function) {
    AddComputedField f;
    f.table = TableName{"public", "authors"};
    f.name = "cf";
    f.function = TableName{"public", function};
    return f;
}

std::string error_of(const AddComputedField& field, const json& description) {
    try {
        graphgate::check_computed_field(field, FunctionDescription::from_json(description), [](const TableName&) { return false; });
    } catch (const MetadataError& e) {
        EXPECT_EQ(e.code(), "not-supported");
        return e.what();
    }
    return "";
}

}  // namespace

TEST(SqlFunctions, ComputedFieldRequestInHasurasShape) {
    auto r = parse_metadata_request(json::parse(R"({"type": "pg_add_computed_field", "args": {"source": "db",
        "table": "authors", "name": "full_name", "comment": "c",
        "definition": {"function": {"schema": "s", "name": "f"}, "table_argument": "a", "session_argument": "h"}}})"));
    const auto& cmd = std::get<AddComputedField>(r.command);
    EXPECT_EQ(cmd.source, "db");
    EXPECT_EQ(cmd.function.schema, "s");
    EXPECT_EQ(*cmd.table_argument, "a");
    EXPECT_EQ(*cmd.session_argument, "h");
    EXPECT_EQ(graphgate::computed_field_json(cmd).dump(),
              R"({"name":"full_name","definition":{"function":{"name":"f","schema":"s"},"session_argument":"h","table_argument":"a"},"comment":"c"})");
}

TEST(SqlFunctions, UnknownKeysOfTrackFunctionAreRefused) {
    try {
        parse_metadata_request(json::parse(R"({"type": "pg_track_function", "args": {"function": "f", "configuration": {"nope": 1}}})"));
        FAIL() << "accepted";
    } catch (const MetadataError& e) {
        EXPECT_EQ(e.path(), "$.args.configuration");
    }
}

TEST(SqlFunctions, ScalarComputedFieldShape) {
    auto shape = graphgate::check_computed_field(field_of("f"), FunctionDescription::from_json(scalar_function()),
                                                 [](const TableName&) { return false; });
    EXPECT_TRUE(shape.table_first);
    EXPECT_FALSE(shape.returns_table);
    ASSERT_EQ(shape.inputs.size(), 1u);
    EXPECT_EQ(shape.inputs[0].name, "n");
    EXPECT_TRUE(shape.inputs[0].has_default);
}

TEST(SqlFunctions, EveryReasonAtOnceInHasurasWords) {
    json d = scalar_function();
    d["volatility"] = "v";
    d["arguments"][0]["table"] = json::parse(R"({"schema": "public", "name": "books"})");
    EXPECT_EQ(error_of(field_of("f"), d),
              "the computed field \"cf\" cannot be added to table \"public.authors\" for the following reasons:\n"
              "  • the function \"public.f\" is of type VOLATILE; cannot be added as a computed field\n"
              "  • first argument of the function \"public.f\" of type \"public.books\" is not the table to which the "
              "computed field is being added\n");
}

TEST(SqlFunctions, SetofAnUntrackedTable) {
    json d = scalar_function();
    d["returns_set"] = true;
    d["return_kind"] = "c";
    d["return_table"] = json::parse(R"({"schema": "public", "name": "books"})");
    EXPECT_EQ(error_of(field_of("f"), d),
              "the computed field \"cf\" cannot be added to table \"public.authors\" because the function \"public.f\" "
              "returning set of table \"public.books\" is not tracked or not found in database");
}

TEST(SqlFunctions, TrackedFunctionChecks) {
    TrackFunction t{"default", TableName{"public", "f"}, json::parse(R"({"session_argument": "n"})")};
    try {
        graphgate::check_tracked_function(t, FunctionDescription::from_json(scalar_function()));
        FAIL() << "accepted";
    } catch (const MetadataError& e) {
        EXPECT_STREQ(e.what(), "the function \"public.f\" cannot be tracked for the following reasons:\n"
                               "  • the function does not return a \"COMPOSITE\" type\n"
                               "  • the function does not return a SETOF\n"
                               "  • the function does not return a SETOF table\n"
                               "  • given session argument \"n\" is not of type json\n"
                               "  • input argument 1 of the function \"public.f\" has no name (graphgate passes "
                               "arguments by name)\n");
    }
}

TEST(SqlFunctions, NamesAndExposure) {
    json config = json::parse(R"({"custom_root_fields": {"function_aggregate": "stats"}})");
    EXPECT_EQ(graphgate::function_graphql_name(TableName{"crm", "find"}, json::object()), "crm_find");
    EXPECT_EQ(graphgate::function_root_field(TableName{"public", "find"}, config, "function"), "find");
    EXPECT_EQ(graphgate::function_root_field(TableName{"public", "find"}, config, "function_aggregate"), "stats");
    json d = scalar_function();
    EXPECT_FALSE(graphgate::function_is_mutation(json::object(), FunctionDescription::from_json(d)));
    d["volatility"] = "v";
    EXPECT_TRUE(graphgate::function_is_mutation(json::object(), FunctionDescription::from_json(d)));
    EXPECT_FALSE(graphgate::function_is_mutation(json::parse(R"({"exposed_as": "query"})"), FunctionDescription::from_json(d)));
}
