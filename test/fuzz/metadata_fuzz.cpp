// libFuzzer target for what src/core/metadata reads from users: metadata API request bodies
// (parse_metadata_request: every command, bulk, relationships and table names inside), whole
// metadata documents as JSON or YAML (parse_json_or_yaml, parse_metadata_document), and table
// names as text (parse_table_name).
//
// The first byte of an input chooses what the rest is:
//   'T'  a table name as text;
//   'Y'  a document as JSON-or-YAML text (what replace_metadata(text) is given);
//   else a JSON body, read both as a request and as a document (the byte belongs to the text).
// Beyond "no crash, no sanitizer report, no exception other than MetadataError", it checks that
//   - every error is Hasura's error object: a known code, a non-empty message, a JSONPath;
//   - a table name reads back from its display() form as the same name;
//   - a parsed document is a fixed point of to_json(): writing it out and reading that back
//     gives the same JSON.

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "core/metadata/document.hpp"
#include "core/metadata/error.hpp"
#include "core/metadata/requests.hpp"
#include "core/metadata/table_name.hpp"
#include "core/metadata/yaml.hpp"
#include "fuzz_check.hpp"

using namespace graphgate;
using fuzz::check;
using fuzz::violated;

namespace {

const std::vector<std::string> local_names = {"default", "orders_db"};

void check_error(const MetadataError& e) {
    static const std::set<std::string> codes = {"parse-failed", "invalid-params", "not-supported", "unexpected",
                                                "not-exists", "already-exists", "constraint-violation"};
    Json body = e.to_json();
    std::string text = body.dump(-1, ' ', false, Json::error_handler_t::replace);
    check(codes.count(e.code()) == 1, "a known Hasura code", text);
    check(std::string(e.what()).size() > 0, "a non-empty message", text);
    check(e.path().rfind("$", 0) == 0, "a path starts at $", text);
    check(body.is_object() && body.size() == 3 && body["path"] == e.path() && body["code"] == e.code() &&
              body["error"].is_string(),
          "the error object is {path, error, code}", text);
}

void document_round_trip(const Json& value) {
    MetadataDocument doc = parse_metadata_document(value, local_names);
    Json written = to_json(doc);
    std::string text = written.dump(-1, ' ', false, Json::error_handler_t::replace);
    MetadataDocument again;
    try {
        again = parse_metadata_document(parse_json(written.dump()), local_names);
    } catch (const MetadataError& e) {
        violated("a written document reads back", text + "\n" + e.what());
    }
    check(to_json(again) == written, "to_json(parse(to_json(doc))) == to_json(doc)", text);
}

void table_name(const std::string& text) {
    TableName table = parse_table_name(text);
    std::string shown = table.display();
    TableName again;
    try {
        again = parse_table_name(shown);
    } catch (const MetadataError& e) {
        violated("display() reads back", shown + "\n" + e.what());
    }
    check(again == table, "parse_table_name(display()) is the same table", text + " -> " + shown);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    std::string input(reinterpret_cast<const char*>(data), size);
    char mode = input[0];
    try {
        if (mode == 'T') {
            table_name(input.substr(1));
        } else if (mode == 'Y') {
            document_round_trip(parse_json_or_yaml(input.substr(1)));
        } else {
            Json body;
            try {
                body = parse_json(input);
            } catch (const Json::exception&) {
                return 0;  // not JSON: the server and jsonb refuse it first
            }
            try {
                parse_metadata_request(body);
            } catch (const MetadataError& e) {
                check_error(e);
            }
            document_round_trip(body);
        }
    } catch (const MetadataError& e) {
        check_error(e);
    }
    return 0;
}
