#include "core/metadata/yaml.hpp"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <regex>

#include "core/metadata/error.hpp"

namespace graphgate {
namespace {

// YAML 1.2 core schema resolution of a plain scalar.
nlohmann::json plain_scalar(const std::string& s) {
    static const std::regex null_re("^(~|null|Null|NULL|)$");
    static const std::regex true_re("^(true|True|TRUE)$");
    static const std::regex false_re("^(false|False|FALSE)$");
    static const std::regex int_re("^[-+]?[0-9]+$");
    static const std::regex float_re("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
    if (std::regex_match(s, null_re)) return nullptr;
    if (std::regex_match(s, true_re)) return true;
    if (std::regex_match(s, false_re)) return false;
    if (std::regex_match(s, int_re)) {
        try {
            return std::stoll(s);
        } catch (const std::out_of_range&) {
            return std::stod(s);
        }
    }
    if (std::regex_match(s, float_re)) return std::stod(s);
    return s;
}

nlohmann::json from_yaml(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined: return nullptr;
        case YAML::NodeType::Scalar:
            // yaml-cpp tags quoted scalars "!" and leaves plain ones "?"
            return node.Tag() == "!" ? nlohmann::json(node.Scalar()) : plain_scalar(node.Scalar());
        case YAML::NodeType::Sequence: {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& item : node) out.push_back(from_yaml(item));
            return out;
        }
        case YAML::NodeType::Map: {
            nlohmann::json out = nlohmann::json::object();
            for (const auto& kv : node) out[kv.first.as<std::string>()] = from_yaml(kv.second);
            return out;
        }
    }
    return nullptr;
}

void emit(YAML::Emitter& out, const nlohmann::ordered_json& value) {
    switch (value.type()) {
        case nlohmann::ordered_json::value_t::object:
            out << YAML::BeginMap;
            for (auto it = value.begin(); it != value.end(); ++it) {
                out << YAML::Key << it.key() << YAML::Value;
                emit(out, it.value());
            }
            out << YAML::EndMap;
            break;
        case nlohmann::ordered_json::value_t::array:
            out << YAML::BeginSeq;
            for (const auto& item : value) emit(out, item);
            out << YAML::EndSeq;
            break;
        case nlohmann::ordered_json::value_t::string: {
            const std::string& s = value.get_ref<const std::string&>();
            if (plain_scalar(s).is_string()) out << s;
            else out << YAML::DoubleQuoted << s;
            break;
        }
        case nlohmann::ordered_json::value_t::null: out << YAML::Null; break;
        default: out << value.dump(); break;  // numbers and booleans as JSON writes them
    }
}

}  // namespace

nlohmann::json parse_json_or_yaml(const std::string& text) {
    size_t first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && (text[first] == '{' || text[first] == '[')) {
        try {
            return nlohmann::json::parse(text);
        } catch (const nlohmann::json::parse_error& e) {
            throw MetadataError("parse-failed", std::string("invalid JSON: ") + e.what());
        }
    }
    try {
        return from_yaml(YAML::Load(text));
    } catch (const YAML::Exception& e) {
        throw MetadataError("parse-failed", "invalid YAML at line " + std::to_string(e.mark.line + 1) + ", column " +
                                                std::to_string(e.mark.column + 1) + ": " + e.msg);
    }
}

std::string to_yaml(const nlohmann::ordered_json& value) {
    YAML::Emitter out;
    out.SetIndent(2);
    emit(out, value);
    return std::string(out.c_str()) + "\n";
}

}  // namespace graphgate
