#include "core/compile/response.hpp"

#include <cstring>
#include <string_view>

#include "core/graphql/utf8.hpp"

namespace graphgate::compile {

// Matched by hand: the message quotes names from the document, of any length, and
// libstdc++'s regex engine recurses once per character matched (a 30,000-character field name
// overflowed the backend's stack).
std::string hasura_message(const std::string& message) {
    constexpr std::string_view prefix = "Cannot query field \"";
    constexpr std::string_view middle = "\" on type \"";
    std::string_view text = message;
    if (text.substr(0, prefix.size()) != prefix) return message;
    size_t field_end = text.find('"', prefix.size());
    if (field_end == std::string_view::npos || field_end == prefix.size() || text.substr(field_end, middle.size()) != middle)
        return message;
    size_t type_start = field_end + middle.size();
    size_t type_end = text.find('"', type_start);
    if (type_end == std::string_view::npos || type_end == type_start || text.substr(type_end + 1, 1) != ".")
        return message;
    std::string_view field = text.substr(prefix.size(), field_end - prefix.size());
    std::string_view type = text.substr(type_start, type_end - type_start);
    return "field '" + std::string(field) + "' not found in type: '" + std::string(type) + "'";
}

// Postgres' json_build_object and json_agg put spaces and newlines between items; responses go out
// compact.  Strings are copied a run at a time (memchr to the next quote, skipping escaped ones),
// the only byte-by-byte part being the few characters between values: on a 2.9 MB response this
// is several times faster than copying byte by byte.
std::string minify_json(const std::string& text) {
    std::string out(text.size(), '\0');
    char* w = out.data();
    const char* p = text.data();
    const char* const end = p + text.size();
    while (p < end) {
        char c = *p++;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') continue;
        *w++ = c;
        if (c != '"') continue;
        // In a string: up to its closing quote, the first one after an even run of backslashes.
        const char* start = p;
        for (;;) {
            const char* quote = static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(end - p)));
            if (!quote) {
                p = end;
                break;
            }
            const char* b = quote;
            while (b > start && b[-1] == '\\') --b;
            p = quote + 1;
            if ((quote - b) % 2 == 0) break;
        }
        std::memcpy(w, start, static_cast<size_t>(p - start));
        w += p - start;
    }
    out.resize(static_cast<size_t>(w - out.data()));
    return out;
}

Json error_response(const std::vector<GraphQLError>& errors) {
    Json list = Json::array();
    for (const GraphQLError& e : errors) {
        Json entry = Json::object();
        // Messages quote what was sent, and a response must be valid UTF-8 whatever that was.
        entry["message"] = graphql::valid_utf8(hasura_message(e.message()));
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
        entry["extensions"] = {{"path", graphql::valid_utf8(path)}, {"code", e.code()}};
        list.push_back(entry);
    }
    return {{"errors", list}};
}

Json error_response(const std::string& message, const std::string& code, const std::string& path) {
    return {{"errors", Json::array({{{"message", graphql::valid_utf8(message)},
                                     {"extensions", {{"path", graphql::valid_utf8(path)}, {"code", code}}}}})}};
}

}  // namespace graphgate::compile
