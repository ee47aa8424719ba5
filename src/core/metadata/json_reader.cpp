#include "core/metadata/json_reader.hpp"

#include "core/metadata/error.hpp"

namespace graphgate {

std::string json_kind(const Json& value) {
    switch (value.type()) {
        case Json::value_t::null: return "null";
        case Json::value_t::object: return "an object";
        case Json::value_t::array: return "an array";
        case Json::value_t::string: return "a string";
        case Json::value_t::boolean: return "a boolean";
        default: return "a number";
    }
}

JsonReader::JsonReader(const Json& value, std::string path) : value_(value), path_(std::move(path)) {
    if (!value_.is_object())
        throw MetadataError("parse-failed", "expected an object, found " + json_kind(value_), path_);
}

bool JsonReader::has(const std::string& key) const { return value_.contains(key); }

const Json& JsonReader::required(const std::string& key) {
    seen_.insert(key);
    auto it = value_.find(key);
    if (it == value_.end()) throw MetadataError("parse-failed", "key \"" + key + "\" not found", path_);
    return *it;
}

const Json* JsonReader::optional(const std::string& key) {
    seen_.insert(key);
    auto it = value_.find(key);
    if (it == value_.end() || it->is_null()) return nullptr;
    return &*it;
}

std::string JsonReader::required_string(const std::string& key) {
    const Json& v = required(key);
    if (!v.is_string())
        throw MetadataError("parse-failed", "expected a string, found " + json_kind(v), path_of(key));
    return v.get<std::string>();
}

std::optional<std::string> JsonReader::optional_string(const std::string& key) {
    const Json* v = optional(key);
    if (!v) return std::nullopt;
    if (!v->is_string())
        throw MetadataError("parse-failed", "expected a string, found " + json_kind(*v), path_of(key));
    return v->get<std::string>();
}

bool JsonReader::optional_bool(const std::string& key, bool fallback) {
    const Json* v = optional(key);
    if (!v) return fallback;
    if (!v->is_boolean())
        throw MetadataError("parse-failed", "expected a boolean, found " + json_kind(*v), path_of(key));
    return v->get<bool>();
}

void JsonReader::reject_unknown_keys() const {
    if (accept_all_) return;
    for (auto it = value_.begin(); it != value_.end(); ++it) {
        if (it.key() == "comment" || seen_.count(it.key())) continue;
        throw MetadataError("parse-failed", "unexpected key \"" + it.key() + "\"", path_);
    }
}

}  // namespace graphgate
