#include "core/graphql/leaf_values.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "core/graphql/printer.hpp"

namespace graphgate::graphql {

namespace {

constexpr int64_t max_int = 2147483647;
constexpr int64_t min_int = -2147483648LL;

// Parses the text of an Int literal; false if it does not fit 64 bits.
bool parse_int64(std::string_view text, int64_t& out) {
    auto result = std::from_chars(text.data(), text.data() + text.size(), out);
    return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

bool parse_double(std::string_view text, double& out) {
    auto result = std::from_chars(text.data(), text.data() + text.size(), out);
    return result.ec == std::errc() && result.ptr == text.data() + text.size() && std::isfinite(out);
}

Json number_from_literal(const ast::Value& value) {
    int64_t i = 0;
    if (value.kind == ast::ValueKind::Int && parse_int64(value.text, i)) return Json(i);
    double d = 0;
    if (parse_double(value.text, d)) return Json(d);
    // Too large for a double: the digits are all that can be kept.
    return Json(std::string(value.text));
}

std::optional<std::string> run_hook(const TypeDef& type, Json& value) {
    if (!type.coerce_input) return std::nullopt;
    return type.coerce_input(value);
}

void inspect_into(const Json& value, int depth, std::string& out) {
    switch (value.type()) {
        case Json::value_t::array: {
            if (value.empty()) {
                out += "[]";
                return;
            }
            if (depth > 2) {
                out += "[Array]";
                return;
            }
            out += '[';
            size_t shown = 0;
            for (const Json& item : value) {
                if (shown == 10) break;
                if (shown) out += ", ";
                inspect_into(item, depth + 1, out);
                ++shown;
            }
            if (value.size() > 10) {
                size_t more = value.size() - 10;
                out += ", ... " + std::to_string(more) + (more == 1 ? " more item" : " more items");
            }
            out += ']';
            return;
        }
        case Json::value_t::object: {
            if (value.empty()) {
                out += "{}";
                return;
            }
            if (depth > 2) {
                out += "[Object]";
                return;
            }
            out += "{ ";
            size_t shown = 0;
            for (auto it = value.begin(); it != value.end() && shown < 10; ++it, ++shown) {
                if (shown) out += ", ";
                out += it.key() + ": ";
                inspect_into(it.value(), depth + 1, out);
            }
            // graphql-js shows every field; a message per bad field of a 200,000-field object
            // would then repeat all of them.
            if (value.size() > 10) {
                size_t more = value.size() - 10;
                out += ", ... " + std::to_string(more) + (more == 1 ? " more field" : " more fields");
            }
            out += " }";
            return;
        }
        default:
            out += value.dump(-1, ' ', false, Json::error_handler_t::replace);
    }
}

}  // namespace

std::string inspect(const Json& value) {
    std::string out;
    inspect_into(value, 0, out);
    return out;
}

bool literal_to_json(const ast::Value& value, const Json* variables, Json& out) {
    switch (value.kind) {
        case ast::ValueKind::Variable: {
            if (!variables || !variables->is_object()) return false;
            auto it = variables->find(std::string(value.text));
            if (it == variables->end()) return false;
            out = *it;
            return true;
        }
        case ast::ValueKind::Int:
        case ast::ValueKind::Float: out = number_from_literal(value); return true;
        case ast::ValueKind::String:
        case ast::ValueKind::Enum: out = std::string(value.text); return true;
        case ast::ValueKind::Boolean: out = value.boolean; return true;
        case ast::ValueKind::Null: out = nullptr; return true;
        case ast::ValueKind::List:
            out = Json::array();
            for (const ast::Value& item : value.list) {
                Json j;
                if (!literal_to_json(item, variables, j)) return false;
                out.push_back(std::move(j));
            }
            return true;
        case ast::ValueKind::Object:
            out = Json::object();
            for (const ast::ObjectField& field : value.fields) {
                Json j;
                if (!literal_to_json(field.value, variables, j)) return false;
                out[std::string(field.name)] = std::move(j);
            }
            return true;
    }
    return false;
}

namespace {
bool has_variables(const ast::Value& value) {
    switch (value.kind) {
        case ast::ValueKind::Variable: return true;
        case ast::ValueKind::List:
            for (const ast::Value& item : value.list) {
                if (has_variables(item)) return true;
            }
            return false;
        case ast::ValueKind::Object:
            for (const ast::ObjectField& field : value.fields) {
                if (has_variables(field.value)) return true;
            }
            return false;
        default: return false;
    }
}
}  // namespace

std::optional<std::string> coerce_leaf_literal(const TypeDef& type, const ast::Value& value, const Json* variables,
                                               Json* out) {
    if (type.kind == TypeKind::Enum) {
        if (value.kind != ast::ValueKind::Enum) {
            return "Enum \"" + type.name + "\" cannot represent non-enum value: " + print(value) + ".";
        }
        if (!type.enum_value(value.text)) {
            return "Value \"" + std::string(value.text) + "\" does not exist in \"" + type.name + "\" enum.";
        }
        if (out) *out = std::string(value.text);
        return std::nullopt;
    }
    switch (type.builtin) {
        case BuiltinScalar::Int: {
            if (value.kind != ast::ValueKind::Int) return "Int cannot represent non-integer value: " + print(value);
            int64_t i = 0;
            if (!parse_int64(value.text, i) || i > max_int || i < min_int) {
                return "Int cannot represent non 32-bit signed integer value: " + std::string(value.text);
            }
            if (out) *out = i;
            return std::nullopt;
        }
        case BuiltinScalar::Float: {
            double d = 0;
            if ((value.kind != ast::ValueKind::Int && value.kind != ast::ValueKind::Float) ||
                !parse_double(value.text, d)) {
                return "Float cannot represent non numeric value: " + print(value);
            }
            if (out) *out = d;
            return std::nullopt;
        }
        case BuiltinScalar::String:
            if (value.kind != ast::ValueKind::String) return "String cannot represent a non string value: " + print(value);
            if (out) *out = std::string(value.text);
            return std::nullopt;
        case BuiltinScalar::Boolean:
            if (value.kind != ast::ValueKind::Boolean) return "Boolean cannot represent a non boolean value: " + print(value);
            if (out) *out = value.boolean;
            return std::nullopt;
        case BuiltinScalar::ID:
            if (value.kind != ast::ValueKind::String && value.kind != ast::ValueKind::Int) {
                return "ID cannot represent a non-string and non-integer value: " + print(value);
            }
            if (out) *out = std::string(value.text);
            return std::nullopt;
        case BuiltinScalar::None: break;
    }
    // A custom scalar: any literal, as the schema's hook decides.
    if (!variables && has_variables(value)) return std::nullopt;
    if (!out && !type.coerce_input) return std::nullopt;
    Json converted;
    if (!literal_to_json(value, variables, converted)) return "Expected type \"" + type.name + "\".";
    std::optional<std::string> error = run_hook(type, converted);
    if (!error && out) *out = std::move(converted);
    return error;
}

std::optional<std::string> coerce_leaf_json(const TypeDef& type, Json& value) {
    if (type.kind == TypeKind::Enum) {
        if (!value.is_string()) {
            return "Enum \"" + type.name + "\" cannot represent non-string value: " + inspect(value) + ".";
        }
        if (!type.enum_value(value.get_ref<const std::string&>())) {
            return "Value \"" + value.get_ref<const std::string&>() + "\" does not exist in \"" + type.name + "\" enum.";
        }
        return std::nullopt;
    }
    switch (type.builtin) {
        case BuiltinScalar::Int: {
            int64_t i = 0;
            if (value.is_number_integer()) {
                if (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(max_int)) {
                    return "Int cannot represent non 32-bit signed integer value: " + inspect(value);
                }
                i = value.get<int64_t>();
            } else if (value.is_number_float()) {
                double d = value.get<double>();
                if (!std::isfinite(d) || std::floor(d) != d) return "Int cannot represent non-integer value: " + inspect(value);
                if (d > static_cast<double>(max_int) || d < static_cast<double>(min_int)) {
                    return "Int cannot represent non 32-bit signed integer value: " + inspect(value);
                }
                i = static_cast<int64_t>(d);
            } else {
                return "Int cannot represent non-integer value: " + inspect(value);
            }
            if (i > max_int || i < min_int) return "Int cannot represent non 32-bit signed integer value: " + inspect(value);
            value = i;
            return std::nullopt;
        }
        case BuiltinScalar::Float:
            if (!value.is_number() || (value.is_number_float() && !std::isfinite(value.get<double>()))) {
                return "Float cannot represent non numeric value: " + inspect(value);
            }
            value = value.get<double>();
            return std::nullopt;
        case BuiltinScalar::String:
            if (!value.is_string()) return "String cannot represent a non string value: " + inspect(value);
            return std::nullopt;
        case BuiltinScalar::Boolean:
            if (!value.is_boolean()) return "Boolean cannot represent a non boolean value: " + inspect(value);
            return std::nullopt;
        case BuiltinScalar::ID:
            if (value.is_string()) return std::nullopt;
            if (value.is_number_integer()) {
                value = value.dump();
                return std::nullopt;
            }
            if (value.is_number_float()) {
                double d = value.get<double>();
                if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.007199254740992e15) {
                    value = std::to_string(static_cast<int64_t>(d));
                    return std::nullopt;
                }
            }
            return "ID cannot represent value: " + inspect(value);
        case BuiltinScalar::None: break;
    }
    return run_hook(type, value);
}

}  // namespace graphgate::graphql
