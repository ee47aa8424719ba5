#include "core/compile/json_path.hpp"

#include "core/graphql/error.hpp"

namespace graphgate::compile {

std::vector<std::string> parse_json_path(const std::string& text) {
    auto invalid = [&](const std::string& why) {
        return GraphQLError("invalid json path \"" + text + "\": " + why, {}, error_code::validation_failed);
    };
    // A bare key runs to the next . or [.
    auto bare_key = [&](size_t& i) {
        size_t end = text.find_first_of(".[", i);
        if (end == std::string::npos) end = text.size();
        std::string key = text.substr(i, end - i);
        i = end;
        return key;
    };
    std::vector<std::string> steps;
    size_t i = (!text.empty() && text[0] == '$') ? 1 : 0;
    if (i == 0 && !text.empty() && text[0] != '.' && text[0] != '[') steps.push_back(bare_key(i));
    while (i < text.size()) {
        if (text[i] == '.') {
            ++i;
            if (i == text.size() || text[i] == '.' || text[i] == '[') throw invalid("a key is missing after \".\"");
            steps.push_back(bare_key(i));
        } else if (text[i] == '[') {
            ++i;
            std::string key;
            if (i < text.size() && (text[i] == '\'' || text[i] == '"')) {
                char quote = text[i++];
                while (i < text.size() && text[i] != quote) {
                    if (text[i] == '\\' && i + 1 < text.size()) ++i;
                    key += text[i++];
                }
                if (i == text.size()) throw invalid("unclosed quote");
                ++i;
            } else {
                size_t end = text.find(']', i);
                if (end == std::string::npos) throw invalid("unclosed [");
                key = text.substr(i, end - i);
                if (key.empty() || key.find_first_not_of("0123456789") != std::string::npos)
                    throw invalid("an index in [] is a number, a key is quoted");
                i = end;
            }
            if (i == text.size() || text[i] != ']') throw invalid("expected ]");
            ++i;
            steps.push_back(key);
        } else {
            throw invalid("expected . or [");
        }
    }
    return steps;
}

}  // namespace graphgate::compile
