// core/json.hpp: the one JSON type, parsed and built in linear time.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "core/json.hpp"

using graphgate::Json;
using graphgate::JsonObjectBuilder;
using graphgate::parse_json;

TEST(Json, ParseKeepsOrderAndValues) {
    Json v = parse_json(R"({"b": 1, "a": [true, null, -2, 18446744073709551615, 1.5, "x"], "c": {}})");
    EXPECT_EQ(v.dump(), R"({"b":1,"a":[true,null,-2,18446744073709551615,1.5,"x"],"c":{}})");
    EXPECT_EQ(parse_json("  7 ").dump(), "7");
}

TEST(Json, RepeatedKeysAsOperatorBrackets) {
    // The first place, the last value: what nlohmann's parser and operator[] give.
    EXPECT_EQ(parse_json(R"({"a": 1, "b": 2, "a": 3})").dump(), R"({"a":3,"b":2})");
    std::string text = "{";
    for (int i = 0; i < 40; ++i) text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
    text += "\"k3\": \"again\", \"k30\": \"again\"}";
    Json v = parse_json(text);
    EXPECT_EQ(v.size(), 40u);
    EXPECT_EQ(v["k3"], "again");
    EXPECT_EQ(v["k30"], "again");
    EXPECT_EQ(v.begin().key(), "k0");
    EXPECT_EQ(v.dump(), Json::parse(text).dump());
}

TEST(Json, ErrorsAsJsonParse) {
    EXPECT_THROW(parse_json(R"({"a": })"), Json::parse_error);
    EXPECT_THROW(parse_json("[1] x"), Json::parse_error);
    EXPECT_THROW(parse_json(""), Json::parse_error);
    EXPECT_THROW(parse_json("[1e400]"), Json::out_of_range);
}

// ordered_json's own parser looks every key up in the object it is filling (a vector): 200,000
// keys took minutes.  parse_json takes well under a second.
TEST(Json, WideObjectsInLinearTime) {
    std::string text = "{";
    for (int i = 0; i < 200'000; ++i) text += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    text.back() = '}';
    auto start = std::chrono::steady_clock::now();
    Json v = parse_json(text);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(v.size(), 200'000u);
    EXPECT_EQ(v.back(), 199'999);
    EXPECT_LT(seconds, 5.0);

    JsonObjectBuilder builder;
    for (int i = 0; i < 200'000; ++i) builder.set("k" + std::to_string(i % 100'000), i);
    Json built = builder.take();
    EXPECT_EQ(built.size(), 100'000u);
    EXPECT_EQ(built["k5"], 100'005);
}

TEST(Json, DeepNestingWithoutRecursion) {
    std::string text(100'000, '[');
    text += std::string(100'000, ']');
    Json v = parse_json(text);
    size_t depth = 0;
    for (const Json* p = &v; p->is_array() && !p->empty(); p = &(*p)[0]) ++depth;
    EXPECT_EQ(depth, 99'999u);
}
