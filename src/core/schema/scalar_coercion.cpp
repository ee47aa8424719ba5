#include "core/schema/scalar_coercion.hpp"

#include <string>

#include "core/graphql/leaf_values.hpp"

namespace graphgate::schema {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool equals_ignore_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

}  // namespace

bool is_numeric_text(std::string_view text) {
    size_t b = 0, e = text.size();
    while (b < e && is_space(text[b])) ++b;
    while (e > b && is_space(text[e - 1])) --e;
    std::string_view t = text.substr(b, e - b);
    if (t.empty()) return false;
    size_t i = 0;
    if (t[i] == '+' || t[i] == '-') ++i;
    std::string_view rest = t.substr(i);
    if (equals_ignore_case(rest, "infinity") || equals_ignore_case(rest, "inf") ||
        (i == 0 && equals_ignore_case(rest, "nan"))) {
        return true;
    }
    size_t digits = 0;
    while (i < t.size() && is_digit(t[i])) ++i, ++digits;
    if (i < t.size() && t[i] == '.') {
        ++i;
        while (i < t.size() && is_digit(t[i])) ++i, ++digits;
    }
    if (digits == 0) return false;
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
        size_t exponent_digits = 0;
        while (i < t.size() && is_digit(t[i])) ++i, ++exponent_digits;
        if (exponent_digits == 0) return false;
    }
    return i == t.size();
}

graphql::ScalarCoercer scalar_coercer(std::string_view name_view, ScalarKind kind) {
    std::string name(name_view);
    switch (kind) {
        case ScalarKind::Json:
        case ScalarKind::Enum:  // an enum type, never a scalar: GraphQL checks its values
            return {};
        case ScalarKind::Int:
        case ScalarKind::Float:
        case ScalarKind::Numeric:
            return [name](graphql::Json& value) -> std::optional<std::string> {
                if (value.is_number()) return std::nullopt;
                if (value.is_string() && is_numeric_text(value.get_ref<const std::string&>())) return std::nullopt;
                return name + " cannot represent non-numeric value: " + graphql::inspect(value);
            };
        case ScalarKind::String:
        case ScalarKind::Boolean:
        case ScalarKind::Other: {
            // Postgres array types ("_text", "_int4") take a JSON list as well as "{a,b}" text.
            bool is_array_type = !name.empty() && name[0] == '_';
            return [name, is_array_type](graphql::Json& value) -> std::optional<std::string> {
                if (value.is_object() || (value.is_array() && !is_array_type)) {
                    return name + " cannot represent a non-scalar value: " + graphql::inspect(value);
                }
                return std::nullopt;
            };
        }
    }
    return {};
}

}  // namespace graphgate::schema
