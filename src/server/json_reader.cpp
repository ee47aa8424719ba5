#include "server/json_reader.hpp"

#include <algorithm>
#include <vector>

namespace graphgate::server {

using nlohmann::json;

namespace {

// One open object or array, innermost last.
struct Level {
    bool array = false;
    std::string key;         // object: the member being read
    std::size_t index = 0;   // array: the element being read
    bool seen = false;       // an element (array) or key (object) came already
};

// The SAX handler behind scan_json.  Any callback returning false ends the parse.
class Scanner {
public:
    Scanner(const std::set<std::string>& capture, const char* what, bool capture_elements)
        : capture_(capture), what_(what), capture_elements_(capture_elements) {}

    ScannedJson result;
    std::optional<JsonReadError> error;

    bool null() { return scalar(json::value_t::null, "null"); }
    bool boolean(bool v) { return scalar(json::value_t::boolean, v ? "true" : "false"); }
    bool number_integer(json::number_integer_t v) { return scalar(json::value_t::number_integer, std::to_string(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return scalar(json::value_t::number_unsigned, std::to_string(v)); }
    // `text` is the number as written: kept, so that no digit is lost on the way to Postgres.
    bool number_float(json::number_float_t, const std::string& text) { return scalar(json::value_t::number_float, text); }
    bool binary(json::binary_t&) { return false; }  // only binary formats produce it

    bool string(std::string& s) {
        const bool whole_member = begin_value(json::value_t::string);
        note_nul(s);
        if (whole_member) {
            member_->string = std::move(s);
            member_ = nullptr;
        } else if (member_) {
            member_->text += quote(s);
        }
        return true;
    }

    bool start_object(std::size_t) { return open(json::value_t::object); }
    bool start_array(std::size_t) { return open(json::value_t::array); }
    bool end_object() { return close('}'); }
    bool end_array() { return close(']'); }

    bool key(std::string& k) {
        Level& level = levels_.back();
        if (member_) {
            if (level.seen) member_->text += ',';
            member_->text += quote(k);
            member_->text += ':';
        }
        level.seen = true;
        level.key = std::move(k);
        note_nul(level.key);
        return true;
    }

    bool parse_error(std::size_t byte, const std::string& token, const nlohmann::detail::exception& e) {
        std::string message = std::string("invalid JSON in ") + what_ + " at byte " + std::to_string(byte);
        // The parser reports a number beyond a double's range as out_of_range 406.
        if (e.id == 406) {
            const std::string shown = token.size() > 40 ? token.substr(0, 40) + "..." : token;
            error = JsonReadError{message + ": the number " + shown +
                                  " is out of range (numbers must lie within +-1.7976931348623157e308)"};
        } else {
            error = JsonReadError{message};
        }
        return false;
    }

private:
    // Called for every value before it is recorded.  Returns true when the value is a whole
    // top-level member being captured (the caller stores it in member_ and clears member_).
    bool begin_value(json::value_t type) {
        if (levels_.empty()) {
            result.type = type;
            return false;
        }
        Level& level = levels_.back();
        if (level.array) {
            if (level.seen) {
                ++level.index;
                if (member_) member_->text += ',';
            }
            level.seen = true;
        }
        const bool captured = level.array ? capture_elements_ : capture_.count(level.key) > 0;
        if (levels_.size() == 1 && captured) {
            // (The element before is complete: growing the vector moves nothing still written.)
            member_ = level.array ? &result.elements.emplace_back() : &result.members[level.key];
            *member_ = JsonMember{};
            member_->type = type;
            member_level_ = 1;
            return true;
        }
        return false;
    }

    bool scalar(json::value_t type, const std::string& text) {
        const bool whole_member = begin_value(type);
        if (member_) member_->text += text;
        if (whole_member) member_ = nullptr;
        return true;
    }

    bool open(json::value_t type) {
        if (levels_.size() >= kMaxJsonDepth) {
            error = JsonReadError{std::string(what_) + " nests objects and arrays deeper than " +
                                  std::to_string(kMaxJsonDepth) + " levels"};
            return false;
        }
        begin_value(type);
        if (member_) member_->text += type == json::value_t::array ? '[' : '{';
        levels_.emplace_back();
        levels_.back().array = type == json::value_t::array;
        return true;
    }

    bool close(char bracket) {
        levels_.pop_back();
        if (member_) {
            member_->text += bracket;
            if (levels_.size() == member_level_) member_ = nullptr;
        }
        return true;
    }

    void note_nul(const std::string& s) {
        if (s.find('\0') == std::string::npos) return;
        if (!result.nul_at) result.nul_at = "$" + path_from(0);
        if (member_ && !member_->nul_at) member_->nul_at = path_from(member_level_);
    }

    // The JSONPath of the current value below levels_[from].
    std::string path_from(std::size_t from) const {
        std::string out;
        for (std::size_t i = from; i < levels_.size(); ++i)
            out += levels_[i].array ? "[" + std::to_string(levels_[i].index) + "]" : json_path_key(levels_[i].key);
        return out;
    }

    // As nlohmann's dump (the parser already checked the UTF-8), without a copy into a json
    // value for the common string that needs no escape.
    static std::string quote(const std::string& s) {
        const bool plain = std::none_of(s.begin(), s.end(), [](char c) {
            return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
        });
        return plain ? '"' + s + '"' : json(s).dump();
    }

    const std::set<std::string>& capture_;
    const char* what_;
    bool capture_elements_;
    std::vector<Level> levels_;
    JsonMember* member_ = nullptr;  // the member being copied out, if any
    std::size_t member_level_ = 0;  // levels_.size() just outside it
};

}  // namespace

std::variant<ScannedJson, JsonReadError> scan_json(std::string_view text, const std::set<std::string>& capture,
                                                   const char* what, bool capture_elements) {
    Scanner scanner(capture, what, capture_elements);
    const bool ok = json::sax_parse(text.begin(), text.end(), &scanner);
    if (scanner.error) return *scanner.error;
    if (!ok) return JsonReadError{std::string("invalid JSON in ") + what};
    return std::move(scanner.result);
}

std::optional<json> parse_json(std::string_view text) {
    if (std::holds_alternative<JsonReadError>(scan_json(text))) return std::nullopt;
    json value = json::parse(text.begin(), text.end(), nullptr, false);
    if (value.is_discarded()) return std::nullopt;
    return value;
}

std::string json_path_key(const std::string& key) {
    bool identifier = !key.empty() && !(key[0] >= '0' && key[0] <= '9');
    for (char c : key)
        identifier = identifier && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
    if (identifier) return "." + key;
    std::string quoted = "['";
    for (char c : key) {
        if (c == '\'' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + "']";
}

}  // namespace graphgate::server
