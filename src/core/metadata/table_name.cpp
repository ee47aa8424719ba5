#include "core/metadata/table_name.hpp"

#include <vector>

#include "core/metadata/error.hpp"
#include "core/metadata/json_reader.hpp"

namespace graphgate {
namespace {

bool needs_quotes(const std::string& part) {
    if (part.empty()) return true;
    for (char c : part) {
        bool plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        if (!plain) return true;
    }
    return part[0] >= '0' && part[0] <= '9';
}

std::string display_part(const std::string& part) {
    if (!needs_quotes(part)) return part;
    std::string out = "\"";
    for (char c : part) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// Splits a dotted name into parts; quoted parts keep their dots and double quotes ("").
std::vector<std::string> split_dotted(const std::string& text, const std::string& path) {
    std::vector<std::string> parts;
    std::string current;
    bool quoted_part = false;
    size_t i = 0;
    while (i <= text.size()) {
        if (i == text.size() || text[i] == '.') {
            if (current.empty() && !quoted_part)
                throw MetadataError("parse-failed", "invalid table name \"" + text + "\": empty name part", path);
            parts.push_back(current);
            current.clear();
            quoted_part = false;
            ++i;
            continue;
        }
        if (text[i] == '"') {
            if (!current.empty() || quoted_part)
                throw MetadataError("parse-failed", "invalid table name \"" + text + "\": misplaced double quote", path);
            ++i;
            for (;;) {
                if (i >= text.size())
                    throw MetadataError("parse-failed", "invalid table name \"" + text + "\": unterminated double quote", path);
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        current += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                current += text[i++];
            }
            quoted_part = true;
            if (i < text.size() && text[i] != '.')
                throw MetadataError("parse-failed", "invalid table name \"" + text + "\": text after closing double quote", path);
            continue;
        }
        if (quoted_part)
            throw MetadataError("parse-failed", "invalid table name \"" + text + "\"", path);
        current += text[i++];
    }
    return parts;
}

}  // namespace

std::string TableName::display() const { return display_part(schema) + "." + display_part(name); }

TableName parse_table_name(const std::string& text, const std::string& path) {
    if (!text.empty() && text[0] == '{') {
        Json value;
        try {
            value = parse_json(text);
        } catch (const Json::exception&) {
            throw MetadataError("parse-failed", "invalid table name: not valid JSON", path);
        }
        return parse_table_name(value, path);
    }
    if (text.empty()) throw MetadataError("parse-failed", "table name must not be empty", path);
    std::vector<std::string> parts = split_dotted(text, path);
    if (parts.size() > 2)
        throw MetadataError("parse-failed",
                            "invalid table name \"" + text + "\": expected name or schema.name", path);
    TableName table;
    if (parts.size() == 2) table.schema = parts[0];
    table.name = parts.back();
    return table;
}

TableName parse_table_name(const Json& value, const std::string& path) {
    if (value.is_string()) return parse_table_name(value.get<std::string>(), path);
    if (!value.is_object())
        throw MetadataError("parse-failed", "invalid table name: expected a string or an object, found " +
                                                json_kind(value), path);
    TableName table;
    try {
        JsonReader reader(value, path);
        table.name = reader.required_string("name");
        if (auto schema = reader.optional_string("schema")) table.schema = *schema;
        reader.reject_unknown_keys();
    } catch (const MetadataError& e) {
        // SQL callers see no path, so the message must say what was being read.
        throw MetadataError(e.code(), std::string("invalid table name: ") + e.what(), e.path());
    }
    if (table.name.empty()) throw MetadataError("parse-failed", "table name must not be empty", path + ".name");
    if (table.schema.empty())
        throw MetadataError("parse-failed", "schema name must not be empty", path + ".schema");
    return table;
}

}  // namespace graphgate
