#pragma once
// The one JSON type of src/core and src/pg: nlohmann's ordered_json, whose objects keep their
// keys in the order they were written (a GraphQL response's fields, Hasura's metadata layout).
//
// Its objects are vectors, so looking a key up scans them; ordered_json's own parser (and its
// operator[]) looks up every key it adds, which makes an object of n keys cost n² to build.
// parse_json(), JsonObjectBuilder and append_member build objects in linear time instead.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

namespace graphgate {

using Json = nlohmann::ordered_json;

// Adds a member the object does not have yet, in constant time (no lookup): for callers that
// know the key is new.
void append_member(Json& object, std::string key, Json value);

// Builds an object member by member in linear time.  A key given again keeps its first place
// and takes the new value, as operator[] (and so nlohmann's parser) does.
class JsonObjectBuilder {
public:
    void set(std::string key, Json value);
    Json take() { return std::move(object_); }

private:
    static constexpr size_t scan_up_to = 16;  // a short object is scanned, a longer one indexed
    Json object_ = Json::object();
    std::unordered_map<std::string, size_t> index_;
};

// `value` with the keys of every object in byte order, as a std::map-based json holds them:
// metadata export prints free-form parts (a relationship's `using`, a table's configuration)
// so, whatever order they were stored in.  Recurses as deep as the value, as dump() does.
Json sorted_keys(const Json& value);

// Appends `value` as compact JSON text (as value.dump()) to `out`, without a string of its own.
void append_json(std::string& out, const Json& value);

// JSON text to Json, in linear time and without recursion.  Throws what Json::parse throws:
// Json::parse_error, or Json::out_of_range for a number beyond a double (1e400).
Json parse_json(std::string_view text);

}  // namespace graphgate
