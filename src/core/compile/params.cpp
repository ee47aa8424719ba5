#include "core/compile/params.hpp"

namespace graphgate::compile {

std::optional<std::string> scalar_text(const Json& value) {
    switch (value.type()) {
        case Json::value_t::null: return std::nullopt;
        case Json::value_t::string: return value.get<std::string>();
        case Json::value_t::boolean: return value.get<bool>() ? "true" : "false";
        default: return value.dump();
    }
}

std::string array_literal(const Json& values) {
    std::string out = "{";
    bool first = true;
    for (const Json& v : values) {
        if (!first) out += ',';
        first = false;
        std::optional<std::string> text = scalar_text(v);
        if (!text) {
            out += "NULL";
            continue;
        }
        out += '"';
        for (char c : *text) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

std::optional<std::string> param_text(const Param& param, const Json& variables) {
    const Json* value = &param.constant;
    Json missing;
    if (param.from_variable) {
        auto it = variables.find(param.variable);
        value = it == variables.end() ? &missing : &*it;
    }
    if (param.count && value->is_number() && *value < 0)
        throw GraphQLError("expected a non-negative 32-bit integer", {}, error_code::validation_failed, param.path);
    if (param.json_text) return value->is_null() ? std::nullopt : std::optional<std::string>(value->dump());
    if (param.is_list) {
        if (value->is_null()) return std::nullopt;
        return array_literal(*value);
    }
    return scalar_text(*value);
}

}  // namespace graphgate::compile
