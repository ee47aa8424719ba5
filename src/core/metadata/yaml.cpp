#include "core/metadata/yaml.hpp"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "core/metadata/error.hpp"

namespace graphgate {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Skips [0-9]* from `i`; returns how many digits there were.
size_t skip_digits(std::string_view s, size_t& i) {
    size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    return i - start;
}

// [-+]?[0-9]+
bool is_core_int(std::string_view s) {
    size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    return skip_digits(s, i) > 0 && i == s.size();
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool is_core_float(std::string_view s) {
    size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        if (skip_digits(s, i) == 0) return false;
    } else {
        if (skip_digits(s, i) == 0) return false;
        if (i < s.size() && s[i] == '.') {
            ++i;
            skip_digits(s, i);
        }
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        if (skip_digits(s, i) == 0) return false;
    }
    return i == s.size();
}

// A number too large for a double stays the text it was (JSON cannot hold infinity).
Json core_float(const std::string& s) {
    double d = std::strtod(s.c_str(), nullptr);
    if (!std::isfinite(d)) return s;
    return d;
}

// YAML 1.2 core schema resolution of a plain scalar.  Matched by hand, not with a regex library:
// libstdc++'s regex recurses once per character, and a long scalar overflowed the stack.
Json plain_scalar(const std::string& s) {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
    if (is_core_int(s)) {
        char* end = nullptr;
        errno = 0;
        long long value = std::strtoll(s.c_str(), &end, 10);
        if (errno != ERANGE) return value;
        return core_float(s);
    }
    if (is_core_float(s)) return core_float(s);
    return s;
}

Json from_yaml(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined: return nullptr;
        case YAML::NodeType::Scalar:
            // yaml-cpp tags quoted scalars "!" and leaves plain ones "?"
            return node.Tag() == "!" ? Json(node.Scalar()) : plain_scalar(node.Scalar());
        case YAML::NodeType::Sequence: {
            Json out = Json::array();
            for (const auto& item : node) out.push_back(from_yaml(item));
            return out;
        }
        case YAML::NodeType::Map: {
            JsonObjectBuilder out;
            for (const auto& kv : node) out.set(kv.first.as<std::string>(), from_yaml(kv.second));
            return out.take();
        }
    }
    return nullptr;
}

void emit(YAML::Emitter& out, const Json& value) {
    switch (value.type()) {
        case Json::value_t::object:
            out << YAML::BeginMap;
            for (auto it = value.begin(); it != value.end(); ++it) {
                out << YAML::Key << it.key() << YAML::Value;
                emit(out, it.value());
            }
            out << YAML::EndMap;
            break;
        case Json::value_t::array:
            out << YAML::BeginSeq;
            for (const auto& item : value) emit(out, item);
            out << YAML::EndSeq;
            break;
        case Json::value_t::string: {
            const std::string& s = value.get_ref<const std::string&>();
            if (plain_scalar(s).is_string()) out << s;
            else out << YAML::DoubleQuoted << s;
            break;
        }
        case Json::value_t::null: out << YAML::Null; break;
        default: out << value.dump(); break;  // numbers and booleans as JSON writes them
    }
}

}  // namespace

Json parse_json_or_yaml(const std::string& text) {
    size_t first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && (text[first] == '{' || text[first] == '[')) {
        try {
            return parse_json(text);
        } catch (const Json::exception& e) {  // parse_error, and out_of_range for 1e400
            throw MetadataError("parse-failed", std::string("invalid JSON: ") + e.what());
        }
    }
    Json value;
    try {
        value = from_yaml(YAML::Load(text));
    } catch (const YAML::Exception& e) {
        throw MetadataError("parse-failed", "invalid YAML at line " + std::to_string(e.mark.line + 1) + ", column " +
                                                std::to_string(e.mark.column + 1) + ": " + e.msg);
    }
    // yaml-cpp passes bytes that are not UTF-8 through; JSON's parser refuses them, and so must
    // this (nlohmann's dump() throws on them later otherwise).
    try {
        (void)value.dump();
    } catch (const Json::type_error&) {
        throw MetadataError("parse-failed", "invalid YAML: the text is not UTF-8");
    }
    return value;
}

std::string to_yaml(const Json& value) {
    YAML::Emitter out;
    out.SetIndent(2);
    emit(out, value);
    return std::string(out.c_str()) + "\n";
}

}  // namespace graphgate
