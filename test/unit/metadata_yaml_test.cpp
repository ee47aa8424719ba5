// Metadata documents as YAML (metadata/yaml.hpp).
#include <gtest/gtest.h>

#include <string>

#include "core/metadata/error.hpp"
#include "core/metadata/yaml.hpp"

using namespace graphgate;

TEST(MetadataYaml, PlainScalarsFollowTheCoreSchema) {
    graphgate::Json doc = parse_json_or_yaml(
        "a: ~\nb: null\nc: True\nd: FALSE\ne: -12\nf: +3.5\ng: .5e3\nh: 1.\ni: '12'\nj: 12a\nk: 1e\nl: ''\nm:\n");
    EXPECT_EQ(doc.dump(),
              R"({"a":null,"b":null,"c":true,"d":false,"e":-12,"f":3.5,"g":500.0,"h":1.0,"i":"12","j":"12a","k":"1e",)"
              R"("l":"","m":null})");
}

// Numbers beyond a double stay text instead of escaping as std::out_of_range.
TEST(MetadataYaml, OutOfRangeNumbers) {
    graphgate::Json doc = parse_json_or_yaml("big: 1e400\nint: 123456789012345678901234567890\ntiny: 1e-400\n");
    EXPECT_EQ(doc["big"], "1e400");
    EXPECT_DOUBLE_EQ(doc["int"].get<double>(), 1.2345678901234568e29);
    EXPECT_EQ(doc["tiny"].get<double>(), 0.0);
}

// Issue 11, item 3: plain scalars were classified with std::regex, which recursed once per
// character and overflowed the stack on a long one.
TEST(MetadataYaml, LongPlainScalars) {
    std::string digits(1'000'000, '7');
    graphgate::Json doc = parse_json_or_yaml("n: " + digits + "\ns: " + std::string(1'000'000, 'x') + "\nf: 1." + digits + "\n");
    EXPECT_EQ(doc["s"].get<std::string>().size(), 1'000'000u);
    EXPECT_EQ(doc["n"], digits);  // beyond a double: kept as written
    EXPECT_DOUBLE_EQ(doc["f"].get<double>(), 1.7777777777777777);
}

TEST(MetadataYaml, ErrorsAreMetadataErrors) {
    // The last two found by the metadata fuzz target: yaml-cpp keeps bytes that are not UTF-8.
    for (const char* text : {"a: [1, 2\n", "{\"a\": [1, 2}", "{\"a\": 1e400}", "a: b\xFE\n", "\x88: b\n"}) {
        try {
            parse_json_or_yaml(text);
            ADD_FAILURE() << "no error for " << text;
        } catch (const MetadataError& e) {
            EXPECT_EQ(e.code(), "parse-failed") << text;
        }
    }
}
