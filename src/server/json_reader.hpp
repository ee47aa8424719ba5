// Reading JSON that clients send (request bodies, JWT header and payload) without trusting it.
//
// nlohmann's parser is iterative, but what is built from its output is not: dumping, copying
// and comparing a DOM recurse once per level, so a body nested 100,000 deep overflows the
// stack.  And a number beyond a double's range (1e400, a 10,000-digit integer) makes the DOM
// parser throw out_of_range.  So every client document is first read here, in one pass of
// nlohmann's SAX parser that builds nothing: it refuses nesting deeper than kMaxJsonDepth and
// numbers beyond a double's range (RFC 8259 §9 lets a reader limit both), notes where a
// U+0000 occurs (PostgreSQL cannot store it in text or jsonb; libpq would cut a C string there)
// and copies out the top-level members the caller asks for, as JSON text in which every
// number keeps the digits the client wrote (a DOM would round 12345678901234567890.5 to a
// double).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace graphgate::server {

// Objects and arrays nested deeper than this are refused (README, "Limits").
constexpr std::size_t kMaxJsonDepth = 1000;

// Why a document was refused: "invalid JSON in the request body at byte 12", "... nests ...
// deeper than 1000 levels", "... the number 1e400 is out of range ...".
struct JsonReadError {
    std::string message;
};

// One top-level member of an object, as read.
struct JsonMember {
    nlohmann::json::value_t type = nlohmann::json::value_t::null;
    std::string string;  // a string member: its decoded value
    std::string text;    // any other member: its JSON text, numbers as written
    // Where the first U+0000 in the member (a string or an object key) is, as a JSONPath
    // suffix relative to the member (".a[2]", "['a b']", or "" for the member itself).
    std::optional<std::string> nul_at;
};

struct ScannedJson {
    nlohmann::json::value_t type = nlohmann::json::value_t::null;  // the document's
    std::optional<std::string> nul_at;  // the first U+0000 in the document: "$.args.name"
    std::map<std::string, JsonMember> members;  // the requested members present (last one wins)
    std::vector<JsonMember> elements;           // an array's elements, when asked for
};

// Reads `text` as one JSON document; `capture` names the top-level members to copy out (when
// the document is an object), `capture_elements` asks for the elements of an array; `what`
// names the document in error messages.  Linear in the size of the text.
std::variant<ScannedJson, JsonReadError> scan_json(std::string_view text, const std::set<std::string>& capture = {},
                                                   const char* what = "the request body",
                                                   bool capture_elements = false);

// A DOM of `text`, after scan_json accepted it (so copying and dumping it recurse at most
// kMaxJsonDepth levels); nullopt for anything scan_json refuses.
std::optional<nlohmann::json> parse_json(std::string_view text);

// JSONPath of an object member: ".name" for identifier-like keys, "['any key']" otherwise.
std::string json_path_key(const std::string& key);

}  // namespace graphgate::server
