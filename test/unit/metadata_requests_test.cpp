// Parsing of Hasura metadata request bodies (src/core/metadata).
#include <gtest/gtest.h>

#include "core/metadata/error.hpp"
#include "core/metadata/requests.hpp"

using graphgate::AddSource;
using graphgate::Bulk;
using graphgate::MetadataError;
using graphgate::parse_metadata_request;
using graphgate::TrackTable;
using graphgate::UntrackTable;
using json = graphgate::Json;

namespace {

// The error a body produces, as Hasura's error object.
json error_of(const json& body) {
    try {
        parse_metadata_request(body);
    } catch (const MetadataError& e) {
        return e.to_json();
    }
    return json();
}

}  // namespace

TEST(MetadataRequests, TrackTableWithObjectName) {
    auto r = parse_metadata_request(json::parse(
        R"({"type":"pg_track_table","args":{"source":"users_db","table":{"schema":"crm","name":"users"}}})"));
    const auto& cmd = std::get<TrackTable>(r.command);
    EXPECT_EQ(cmd.source, "users_db");
    EXPECT_EQ(cmd.table.schema, "crm");
    EXPECT_EQ(cmd.table.name, "users");
}

TEST(MetadataRequests, TrackTableDefaultsToDefaultSourceAndPublicSchema) {
    auto r = parse_metadata_request(json::parse(R"({"type":"pg_track_table","args":{"table":"orders"}})"));
    const auto& cmd = std::get<TrackTable>(r.command);
    EXPECT_EQ(cmd.source, "default");
    EXPECT_EQ(cmd.table.schema, "public");
    EXPECT_EQ(cmd.table.name, "orders");
}

TEST(MetadataRequests, LegacyTrackTableNamesTheTableAtTheTopOfArgs) {
    auto r = parse_metadata_request(json::parse(R"({"type":"track_table","args":{"schema":"s","name":"t"}})"));
    const auto& cmd = std::get<TrackTable>(r.command);
    EXPECT_EQ(cmd.table.schema, "s");
    EXPECT_EQ(cmd.table.name, "t");
}

TEST(MetadataRequests, UntrackTableWithCascade) {
    auto r = parse_metadata_request(
        json::parse(R"({"type":"pg_untrack_table","args":{"table":"public.t","cascade":true}})"));
    const auto& cmd = std::get<UntrackTable>(r.command);
    EXPECT_TRUE(cmd.cascade);
    EXPECT_EQ(cmd.table.name, "t");
}

TEST(MetadataRequests, AddSourceWithDatabaseUrl) {
    auto r = parse_metadata_request(json::parse(
        R"({"type":"pg_add_source","args":{"name":"users_db","configuration":{"connection_info":{"database_url":"postgres://u@h/db","pool_settings":{"max_connections":5}}}}})"));
    const auto& cmd = std::get<AddSource>(r.command);
    EXPECT_EQ(cmd.name, "users_db");
    EXPECT_EQ(*cmd.connection, "postgres://u@h/db");
    EXPECT_FALSE(cmd.server.has_value());
}

TEST(MetadataRequests, AddSourceWithConnectionParametersQuotesValues) {
    auto r = parse_metadata_request(json::parse(
        R"({"type":"pg_add_source","args":{"name":"s","configuration":{"connection_info":{"database_url":
            {"connection_parameters":{"host":"h","port":5432,"database":"d b","username":"u","password":"it's"}}}}}})"));
    EXPECT_EQ(*std::get<AddSource>(r.command).connection,
              "host='h' port='5432' dbname='d b' user='u' password='it\\'s'");
}

TEST(MetadataRequests, AddSourceAdoptingAForeignServer) {
    auto r = parse_metadata_request(json::parse(
        R"({"type":"pg_add_source","args":{"name":"s","configuration":{"foreign_server":"existing"}}})"));
    EXPECT_EQ(*std::get<AddSource>(r.command).server, "existing");
}

TEST(MetadataRequests, BulkKeepsOrderAndPaths) {
    auto r = parse_metadata_request(json::parse(
        R"({"type":"bulk","args":[{"type":"pg_track_table","args":{"table":"a"}},{"type":"pg_drop_source","args":{"name":"x","cascade":true}}]})"));
    const auto& bulk = std::get<Bulk>(r.command);
    ASSERT_EQ(bulk.requests.size(), 2u);
    EXPECT_EQ(bulk.requests[0].path, "$.args[0]");
    EXPECT_EQ(bulk.requests[1].type, "pg_drop_source");
    EXPECT_TRUE(std::get<graphgate::DropSource>(bulk.requests[1].command).cascade);
}

TEST(MetadataRequests, ErrorsCarryHasuraCodeAndPath) {
    EXPECT_EQ(error_of(json::parse(R"({"type":"nope","args":{}})")),
              json::parse(R"({"path":"$.type","error":"unknown metadata command \"nope\"","code":"parse-failed"})"));
    EXPECT_EQ(error_of(json::parse(R"({"type":"pg_track_table"})")),
              json::parse(R"({"path":"$","error":"key \"args\" not found","code":"parse-failed"})"));
    EXPECT_EQ(error_of(json::parse(R"({"type":"pg_track_table","args":{"table":{"schema":"s"}}})")),
              json::parse(R"({"path":"$.args.table","error":"invalid table name: key \"name\" not found","code":"parse-failed"})"));
    EXPECT_EQ(error_of(json::parse(R"({"type":"pg_track_table","args":{"table":"t","cascade":1}})")),
              json::parse(R"({"path":"$.args","error":"unexpected key \"cascade\"","code":"parse-failed"})"));
    EXPECT_EQ(error_of(json::parse(R"({"type":"pg_drop_source","args":{"name":"x","cascade":"yes"}})")),
              json::parse(R"({"path":"$.args.cascade","error":"expected a boolean, found a string","code":"parse-failed"})"));
    EXPECT_EQ(error_of(json::parse(R"({"type":"bulk","args":[{"type":"pg_track_table","args":{}}]})")),
              json::parse(R"({"path":"$.args[0].args","error":"key \"table\" not found","code":"parse-failed"})"));
    EXPECT_EQ(error_of(json::parse(R"({"type":"bulk","args":{}})")),
              json::parse(R"({"path":"$.args","error":"expected an array, found an object","code":"parse-failed"})"));
    EXPECT_EQ(error_of(json::parse(R"({"type":"pg_add_source","args":{"name":"s","configuration":{}}})")),
              json::parse(R"({"path":"$.args.configuration","error":"key \"connection_info\" not found","code":"parse-failed"})"));
    EXPECT_EQ(error_of(json::parse(R"({"type":"pg_add_source","args":{"name":"","configuration":{"foreign_server":"x"}}})")),
              json::parse(R"({"path":"$.args.name","error":"name must not be empty","code":"parse-failed"})"));
}

TEST(MetadataRequests, FromEnvIsNotSupported) {
    json e = error_of(json::parse(
        R"({"type":"pg_add_source","args":{"name":"s","configuration":{"connection_info":{"database_url":{"from_env":"X"}}}}})"));
    EXPECT_EQ(e["code"], "not-supported");
    EXPECT_EQ(e["path"], "$.args.configuration.connection_info.database_url");
}

TEST(MetadataError, SqlstateFollowsTheHasuraCodeUnlessSet) {
    EXPECT_EQ(MetadataError("not-exists", "x").sqlstate(), "42704");
    EXPECT_EQ(MetadataError("already-tracked", "x").sqlstate(), "42710");
    EXPECT_EQ(MetadataError("parse-failed", "x").sqlstate(), "22023");
    EXPECT_EQ(MetadataError("invalid-configuration", "x").with_sqlstate("08001").sqlstate(), "08001");
}

TEST(MetadataRequests, LegacyTrackTableTakesTheTableNameAsArgs) {
    auto r = parse_metadata_request(json::parse(R"({"type":"track_table","args":"authors"})"));
    const auto& cmd = std::get<TrackTable>(r.command);
    EXPECT_EQ(cmd.source, "default");
    EXPECT_EQ(cmd.table.schema, "public");
    EXPECT_EQ(cmd.table.name, "authors");
    // only the legacy command: pg_track_table's args are an object, as in Hasura
    EXPECT_EQ(error_of(json::parse(R"({"type":"pg_track_table","args":"authors"})")),
              json::parse(R"({"path":"$.args","error":"expected an object, found a string","code":"parse-failed"})"));
    EXPECT_EQ(error_of(json::parse(R"({"type":"untrack_table","args":"authors"})"))["code"], "parse-failed");
}
