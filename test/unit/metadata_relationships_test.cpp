// Relationship requests, metadata documents and YAML (src/core/metadata).
#include <gtest/gtest.h>

#include "core/metadata/document.hpp"
#include "core/metadata/error.hpp"
#include "core/metadata/requests.hpp"
#include "core/metadata/yaml.hpp"

using namespace graphgate;
using json = graphgate::Json;

namespace {

std::string error_text(const std::function<void()>& f) {
    try {
        f();
    } catch (const MetadataError& e) {
        return e.path() + ": " + e.what();
    }
    return "no error";
}

const char* kSeedBody = R"({
  "type": "create_remote_relationship",
  "args": {
    "name": "ordered_by_user",
    "source": "orders_db",
    "table": "orders",
    "remote_source": {
      "relationship_type": "object",
      "field_mapping": {"ordered_by_user_id": "id"},
      "source": "users_db",
      "table": "users"
    }
  }
})";

}  // namespace

TEST(RelationshipRequests, SeedBody) {
    auto r = parse_metadata_request(json::parse(kSeedBody));
    const auto& cmd = std::get<CreateRemoteRelationship>(r.command);
    EXPECT_EQ(cmd.name, "ordered_by_user");
    EXPECT_EQ(cmd.source, "orders_db");
    EXPECT_EQ(cmd.table, (TableName{"public", "orders"}));
    EXPECT_EQ(cmd.kind, RelationshipKind::Object);
    EXPECT_EQ(cmd.target_source, "users_db");
    EXPECT_EQ(cmd.target_table, (TableName{"public", "users"}));
    EXPECT_EQ(cmd.mapping, (ColumnMapping{{"ordered_by_user_id", "id"}}));
    EXPECT_FALSE(cmd.replace);
}

TEST(RelationshipRequests, ToSourceFormAndUpdate) {
    auto r = parse_metadata_request(json::parse(R"({"type":"pg_update_remote_relationship","args":{
        "source":"s","table":{"schema":"x","name":"t"},"name":"r",
        "definition":{"to_source":{"relationship_type":"array","source":"u","table":"v","field_mapping":{"b":"y","a":"x"}}}}})"));
    const auto& cmd = std::get<CreateRemoteRelationship>(r.command);
    EXPECT_TRUE(cmd.replace);
    EXPECT_EQ(cmd.kind, RelationshipKind::Array);
    EXPECT_EQ(cmd.mapping, (ColumnMapping{{"a", "x"}, {"b", "y"}}));
}

TEST(RelationshipRequests, LocalUsingForms) {
    auto object = parse_metadata_request(json::parse(
        R"({"type":"pg_create_object_relationship","args":{"table":"articles","name":"author","using":{"foreign_key_constraint_on":"author_id"}}})"));
    EXPECT_EQ(std::get<ForeignKeyOnThisTable>(std::get<CreateRelationship>(object.command).using_clause).columns,
              std::vector<std::string>{"author_id"});
    auto array = parse_metadata_request(json::parse(
        R"({"type":"pg_create_array_relationship","args":{"table":"authors","name":"articles","using":{"foreign_key_constraint_on":{"table":"articles","columns":["a","b"]}}}})"));
    const auto& other = std::get<ForeignKeyOnOtherTable>(std::get<CreateRelationship>(array.command).using_clause);
    EXPECT_EQ(other.table.name, "articles");
    EXPECT_EQ(other.columns, (std::vector<std::string>{"a", "b"}));
    auto manual = parse_metadata_request(json::parse(
        R"({"type":"pg_create_object_relationship","args":{"table":"a","name":"b","using":{"manual_configuration":{"remote_table":{"schema":"s","name":"t"},"column_mapping":{"x":"y"}}}}})"));
    const auto& m = std::get<ManualConfiguration>(std::get<CreateRelationship>(manual.command).using_clause);
    EXPECT_EQ(m.remote_table, (TableName{"s", "t"}));
    EXPECT_EQ(m.mapping, (ColumnMapping{{"x", "y"}}));
}

TEST(RelationshipRequests, Errors) {
    auto parse = [](const char* text) { return [text] { parse_metadata_request(json::parse(text)); }; };
    EXPECT_EQ(error_text(parse(R"({"type":"create_remote_relationship","args":{"name":"r","table":"t","remote_source":{"relationship_type":"many","field_mapping":{"a":"b"},"source":"s","table":"u"}}})")),
              "$.args.remote_source.relationship_type: relationship_type must be \"object\" or \"array\", found \"many\"");
    EXPECT_EQ(error_text(parse(R"({"type":"create_remote_relationship","args":{"name":"r","table":"t","remote_source":{"relationship_type":"object","field_mapping":{},"source":"s","table":"u"}}})")),
              "$.args.remote_source.field_mapping: field_mapping must map at least one column");
    EXPECT_EQ(error_text(parse(R"({"type":"create_remote_relationship","args":{"name":"r","table":"t"}})")),
              "$.args: give exactly one of remote_source and definition");
    EXPECT_EQ(error_text(parse(R"({"type":"pg_create_remote_relationship","args":{"name":"r","table":"t","definition":{"to_remote_schema":{}}}})")),
              "$.args.definition.to_remote_schema: remote schema relationships are not supported: graphgate joins databases");
    EXPECT_EQ(error_text(parse(R"({"type":"pg_create_array_relationship","args":{"name":"r","table":"t","using":{"foreign_key_constraint_on":"c"}}})")),
              "$.args.using.foreign_key_constraint_on: an array relationship's foreign_key_constraint_on names the other table: {\"table\": ..., \"columns\": [...]}");
    EXPECT_EQ(error_text(parse(R"({"type":"pg_drop_relationship","args":{"table":"t"}})")),
              "$.args: key \"relationship\" not found");
    EXPECT_EQ(error_text(parse(R"({"type":"replace_metadata","args":{"metadata":{},"allow_inconsistent_metadata":true}})")),
              "$.args.allow_inconsistent_metadata: allow_inconsistent_metadata is not supported: a replace applies only a consistent document");
}

TEST(MetadataDocument, RoundTripKeepsHasuraLayout) {
    const char* text = R"({"version":3,"sources":[
      {"name":"orders_db","kind":"postgres","tables":[
        {"table":{"name":"orders","schema":"public"},"configuration":{"custom_name":"purchase"},
         "array_relationships":[{"name":"items","using":{"foreign_key_constraint_on":{"column":"order_id","table":"items"}}}],
         "remote_relationships":[{"name":"user","definition":{"to_source":{"relationship_type":"object","source":"users_db","table":{"name":"users","schema":"public"},"field_mapping":{"user_id":"id"}}}}]}]},
      {"name":"users_db","kind":"postgres","tables":[{"table":{"name":"users","schema":"public"}}],
       "configuration":{"connection_info":{"database_url":"postgres://h/db"}}}]})";
    MetadataDocument doc = parse_metadata_document(json::parse(text), {"orders_db", "default"});
    ASSERT_EQ(doc.sources.size(), 2u);
    EXPECT_FALSE(doc.sources[0].connection.has_value());
    EXPECT_EQ(*doc.sources[1].connection, "postgres://h/db");
    EXPECT_EQ(doc.sources[0].tables[0].remote_relationships[0].source, "orders_db");
    EXPECT_EQ(to_json(doc).dump(), graphgate::Json::parse(text).dump());
}

TEST(MetadataDocument, Errors) {
    auto parse = [](const char* text) {
        return [text] { parse_metadata_document(json::parse(text), {"here"}); };
    };
    EXPECT_EQ(error_text(parse(R"({"version":2,"sources":[]})")), "$.version: only metadata version 3 is supported");
    EXPECT_EQ(error_text(parse(R"({"version":3})")), "$: key \"sources\" not found");
    EXPECT_EQ(error_text(parse(R"({"sources":[{"name":"x","tables":[]}]})")), "$.sources[0]: key \"configuration\" not found");
    EXPECT_EQ(error_text(parse(R"({"sources":[{"name":"here","kind":"mssql"}]})")),
              "$.sources[0].kind: source kind \"mssql\" is not supported: graphgate serves PostgreSQL");
    EXPECT_EQ(error_text(parse(R"({"sources":[{"name":"here","tables":[{"table":"t","permissions":[]}]}]})")),
              "$.sources[0].tables[0]: unexpected key \"permissions\"");
    EXPECT_EQ(error_text(parse(R"({"sources":[{"name":"here","tables":[{"table":"t"},{"table":"public.t"}]}]})")),
              "$.sources[0].tables[1]: table \"public.t\" appears twice");
}

TEST(Yaml, ScalarsGetCoreSchemaTypes) {
    json v = parse_json_or_yaml("a: 1\nb: true\nc: ~\nd: '1'\ne: text\nf: 1.5\ng: [x, \"true\"]\n");
    EXPECT_EQ(v, json::parse(R"({"a":1,"b":true,"c":null,"d":"1","e":"text","f":1.5,"g":["x","true"]})"));
}

TEST(Yaml, EmitsStringsThatWouldReadBackOtherwiseQuoted) {
    graphgate::Json v = graphgate::Json::parse(R"({"version":3,"name":"users","n":"3","t":"true","e":"","list":[{"k":null}]})");
    std::string text = to_yaml(v);
    EXPECT_EQ(text, "version: 3\nname: users\nn: \"3\"\nt: \"true\"\ne: \"\"\nlist:\n  - k: ~\n");
    EXPECT_EQ(parse_json_or_yaml(text).dump(), json::parse(v.dump()).dump());
}

TEST(Yaml, ErrorsCarryLineAndColumn) {
    EXPECT_EQ(error_text([] { parse_json_or_yaml("a: [1, 2\nb: 3"); }),
              "$: invalid YAML at line 2, column 2: end of sequence flow not found");
    EXPECT_EQ(error_text([] { parse_json_or_yaml("{\"a\": }"); }).substr(0, 17), "$: invalid JSON: ");
}
