#pragma once
// Reads the fields of one JSON object of a metadata request, turning every shape mistake into a
// MetadataError (parse-failed) that carries the JSONPath of the offending value, as Hasura does.
#include "core/json.hpp"
#include <optional>
#include <set>
#include <string>

namespace graphgate {

class JsonReader {
public:
    // Throws unless `value` is an object.
    JsonReader(const Json& value, std::string path);

    const std::string& path() const { return path_; }
    std::string path_of(const std::string& key) const { return path_ + "." + key; }

    bool has(const std::string& key) const;
    const Json& required(const std::string& key);
    const Json* optional(const std::string& key);  // nullptr when absent or null

    std::string required_string(const std::string& key);
    std::optional<std::string> optional_string(const std::string& key);
    bool optional_bool(const std::string& key, bool fallback);

    // Throws for any key that no accessor above has read ("comment" is always allowed).
    void reject_unknown_keys() const;
    // Allows every key (whose reader checks them itself), without looking each one up.
    void accept_all_keys() { accept_all_ = true; }

private:
    const Json& value_;
    std::string path_;
    std::set<std::string> seen_;
    bool accept_all_ = false;
};

// "a string", "a number", ... for error messages.
std::string json_kind(const Json& value);

}  // namespace graphgate
