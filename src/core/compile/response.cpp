#include "core/compile/response.hpp"

#include <regex>

namespace graphgate::compile {

std::string hasura_message(const std::string& message) {
    static const std::regex unknown_field(R"re(^Cannot query field "([^"]+)" on type "([^"]+)"\.(.*)$)re");
    std::smatch m;
    if (std::regex_match(message, m, unknown_field)) return "field '" + m[1].str() + "' not found in type: '" + m[2].str() + "'";
    return message;
}

std::string minify_json(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    bool in_string = false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            out += c;
            if (c == '\\' && i + 1 < text.size()) out += text[++i];
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
            out += c;
        } else if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
            out += c;
        }
    }
    return out;
}

Json error_response(const std::vector<GraphQLError>& errors) {
    Json list = Json::array();
    for (const GraphQLError& e : errors) {
        Json entry = Json::object();
        entry["message"] = hasura_message(e.message());
        if (!e.locations().empty()) {
            Json locations = Json::array();
            for (const auto& l : e.locations()) locations.push_back({{"line", l.line}, {"column", l.column}});
            entry["locations"] = locations;
        }
        std::string path = "$";
        for (const auto& segment : e.path()) {
            if (std::holds_alternative<std::string>(segment)) path += "." + std::get<std::string>(segment);
            else path += "[" + std::to_string(std::get<int64_t>(segment)) + "]";
        }
        entry["extensions"] = {{"path", path}, {"code", e.code()}};
        list.push_back(entry);
    }
    return {{"errors", list}};
}

Json error_response(const std::string& message, const std::string& code, const std::string& path) {
    return {{"errors", Json::array({{{"message", message}, {"extensions", {{"path", path}, {"code", code}}}}})}};
}

}  // namespace graphgate::compile
