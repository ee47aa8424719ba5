#include "core/graphql/lexer.hpp"

#include <cstdio>

#include "core/graphql/utf8.hpp"

namespace graphgate::graphql {

namespace {

bool is_digit(int c) { return c >= '0' && c <= '9'; }
bool is_name_start(int c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_name_continue(int c) { return is_name_start(c) || is_digit(c); }

int hex_value(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_scalar_value(uint32_t cp) { return cp <= 0xD7FF || (cp >= 0xE000 && cp <= 0x10FFFF); }

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

size_t leading_whitespace(std::string_view line) {
    size_t i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    return i;
}

}  // namespace

std::string token_kind_description(TokenKind kind) {
    switch (kind) {
        case TokenKind::Eof: return "<EOF>";
        case TokenKind::Bang: return "\"!\"";
        case TokenKind::Dollar: return "\"$\"";
        case TokenKind::Amp: return "\"&\"";
        case TokenKind::ParenL: return "\"(\"";
        case TokenKind::ParenR: return "\")\"";
        case TokenKind::Spread: return "\"...\"";
        case TokenKind::Colon: return "\":\"";
        case TokenKind::Equals: return "\"=\"";
        case TokenKind::At: return "\"@\"";
        case TokenKind::BracketL: return "\"[\"";
        case TokenKind::BracketR: return "\"]\"";
        case TokenKind::BraceL: return "\"{\"";
        case TokenKind::Pipe: return "\"|\"";
        case TokenKind::BraceR: return "\"}\"";
        case TokenKind::Name: return "Name";
        case TokenKind::Int: return "Int";
        case TokenKind::Float: return "Float";
        case TokenKind::String: return "String";
        case TokenKind::BlockString: return "BlockString";
    }
    return "<EOF>";
}

std::string token_description(const Token& token) {
    std::string out = token_kind_description(token.kind);
    switch (token.kind) {
        case TokenKind::Name:
        case TokenKind::Int:
        case TokenKind::Float:
        case TokenKind::String:
        case TokenKind::BlockString:
            out += " \"";
            out += token.value;
            out += '"';
            break;
        default: break;
    }
    return out;
}

void Lexer::syntax_error(ast::Offset offset, const std::string& description) const {
    ast::LineIndex lines(source_);
    // Descriptions quote the source, which may be anything at the point of the error.
    throw graphgate::syntax_error("Syntax Error: " + valid_utf8(description), {lines.location(offset)});
}

// U+0000 is refused wherever it appears: Postgres text cannot hold it, and a NUL byte handed on
// as a C string would silently cut the text short.
void Lexer::nul_in_string(size_t pos) const { syntax_error(pos, "Invalid character within String: U+0000."); }

void Lexer::nul_escape(size_t pos, size_t len) const {
    syntax_error(pos, "Unsupported Unicode escape sequence: \"" + std::string(source_.substr(pos, len)) +
                          "\" (U+0000 cannot be converted to text).");
}

size_t Lexer::utf8_length(size_t pos) const { return utf8_sequence_length(source_, pos); }

std::string Lexer::describe_code_point(size_t pos) const {
    if (pos >= source_.size()) return "<EOF>";
    unsigned char c = static_cast<unsigned char>(source_[pos]);
    if (c >= 0x20 && c <= 0x7E) {
        if (c == '"') return "'\"'";
        return std::string("\"") + static_cast<char>(c) + "\"";
    }
    uint32_t cp = c;
    size_t len = utf8_length(pos);
    if (len == 2) cp = c & 0x1F;
    if (len == 3) cp = c & 0x0F;
    if (len == 4) cp = c & 0x07;
    for (size_t i = 1; i < len; ++i) cp = (cp << 6) | (static_cast<unsigned char>(source_[pos + i]) & 0x3F);
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
    return buf;
}

Token Lexer::next() {
    const size_t size = source_.size();
    while (pos_ < size) {
        const unsigned char c = static_cast<unsigned char>(source_[pos_]);
        const size_t start = pos_;
        auto punct = [&](TokenKind kind, size_t len) {
            pos_ += len;
            ++token_count_;
            return Token{kind, static_cast<ast::Offset>(start), static_cast<ast::Offset>(pos_), {}};
        };
        switch (c) {
            case ' ': case '\t': case ',': case '\n': case '\r':
                ++pos_;
                continue;
            case 0xEF:  // U+FEFF, the byte order mark, is ignored wherever it appears
                if (pos_ + 2 < size && static_cast<unsigned char>(source_[pos_ + 1]) == 0xBB &&
                    static_cast<unsigned char>(source_[pos_ + 2]) == 0xBF) {
                    pos_ += 3;
                    continue;
                }
                break;
            case '#':
                // A NUL ends the comment, to be refused as the character it is.
                while (pos_ < size && source_[pos_] != '\n' && source_[pos_] != '\r' && source_[pos_] != '\0') ++pos_;
                continue;
            case '!': return punct(TokenKind::Bang, 1);
            case '$': return punct(TokenKind::Dollar, 1);
            case '&': return punct(TokenKind::Amp, 1);
            case '(': return punct(TokenKind::ParenL, 1);
            case ')': return punct(TokenKind::ParenR, 1);
            case '.':
                if (pos_ + 2 < size && source_[pos_ + 1] == '.' && source_[pos_ + 2] == '.') {
                    return punct(TokenKind::Spread, 3);
                }
                break;
            case ':': return punct(TokenKind::Colon, 1);
            case '=': return punct(TokenKind::Equals, 1);
            case '@': return punct(TokenKind::At, 1);
            case '[': return punct(TokenKind::BracketL, 1);
            case ']': return punct(TokenKind::BracketR, 1);
            case '{': return punct(TokenKind::BraceL, 1);
            case '|': return punct(TokenKind::Pipe, 1);
            case '}': return punct(TokenKind::BraceR, 1);
            case '"':
                ++token_count_;
                if (pos_ + 2 < size && source_[pos_ + 1] == '"' && source_[pos_ + 2] == '"') {
                    return read_block_string(start);
                }
                return read_string(start);
            default: break;
        }
        if (is_digit(c) || c == '-') {
            ++token_count_;
            return read_number(start);
        }
        if (is_name_start(c)) {
            ++pos_;
            while (pos_ < size && is_name_continue(static_cast<unsigned char>(source_[pos_]))) ++pos_;
            ++token_count_;
            return Token{TokenKind::Name, static_cast<ast::Offset>(start), static_cast<ast::Offset>(pos_),
                         source_.substr(start, pos_ - start)};
        }
        if (c == '\'') {
            syntax_error(start, "Unexpected single quote character ('), did you mean to use a double quote (\")?");
        }
        if (utf8_length(start) == 0) syntax_error(start, "Invalid UTF-8 sequence.");
        syntax_error(start, "Unexpected character: " + describe_code_point(start) + ".");
    }
    return Token{TokenKind::Eof, static_cast<ast::Offset>(size), static_cast<ast::Offset>(size), {}};
}

Token Lexer::read_number(size_t start) {
    const size_t size = source_.size();
    size_t pos = start;
    auto at = [&](size_t i) -> int { return i < size ? static_cast<unsigned char>(source_[i]) : -1; };
    auto read_digits = [&]() {
        if (!is_digit(at(pos))) {
            syntax_error(pos, "Invalid number, expected digit but got: " + describe_code_point(pos) + ".");
        }
        while (is_digit(at(pos))) ++pos;
    };
    bool is_float = false;
    if (at(pos) == '-') ++pos;
    if (at(pos) == '0') {
        ++pos;
        if (is_digit(at(pos))) {
            syntax_error(pos, "Invalid number, unexpected digit after 0: " + describe_code_point(pos) + ".");
        }
    } else {
        read_digits();
    }
    if (at(pos) == '.') {
        is_float = true;
        ++pos;
        read_digits();
    }
    if (at(pos) == 'e' || at(pos) == 'E') {
        is_float = true;
        ++pos;
        if (at(pos) == '+' || at(pos) == '-') ++pos;
        read_digits();
    }
    if (at(pos) == '.' || is_name_start(at(pos))) {
        syntax_error(pos, "Invalid number, expected digit but got: " + describe_code_point(pos) + ".");
    }
    pos_ = pos;
    return Token{is_float ? TokenKind::Float : TokenKind::Int, static_cast<ast::Offset>(start),
                 static_cast<ast::Offset>(pos), source_.substr(start, pos - start)};
}

size_t Lexer::read_escape(size_t pos) {
    const size_t size = source_.size();
    auto at = [&](size_t i) -> int { return i < size ? static_cast<unsigned char>(source_[i]) : -1; };
    auto invalid_unicode = [&](size_t len) {
        return "Invalid Unicode escape sequence: \"" + std::string(source_.substr(pos, len)) + "\".";
    };
    int c = at(pos + 1);
    switch (c) {
        case '"': buffer_ += '"'; return 2;
        case '\\': buffer_ += '\\'; return 2;
        case '/': buffer_ += '/'; return 2;
        case 'b': buffer_ += '\b'; return 2;
        case 'f': buffer_ += '\f'; return 2;
        case 'n': buffer_ += '\n'; return 2;
        case 'r': buffer_ += '\r'; return 2;
        case 't': buffer_ += '\t'; return 2;
        case 'u': break;
        default: {
            // The escape shown is the backslash and the next character, whole if it is multi-byte.
            size_t len = 1 + (pos + 1 < size ? std::max<size_t>(utf8_length(pos + 1), 1) : 0);
            syntax_error(pos, "Invalid character escape sequence: \"" + std::string(source_.substr(pos, len)) + "\".");
        }
    }
    if (at(pos + 2) == '{') {
        // \u{X...}: any scalar value, up to 8 hex digits as graphql-js reads them.
        uint32_t point = 0;
        size_t len = 3;
        while (len < 12) {
            int d = at(pos + len++);
            if (d == '}') {
                if (len < 5 || !is_scalar_value(point)) break;
                if (point == 0) nul_escape(pos, len);
                append_utf8(buffer_, point);
                return len;
            }
            int h = hex_value(d);
            if (h < 0 || point > 0x0FFFFFFF) break;
            point = (point << 4) | static_cast<uint32_t>(h);
        }
        syntax_error(pos, invalid_unicode(len));
    }
    auto read_hex4 = [&](size_t from) -> int32_t {
        int32_t v = 0;
        for (size_t i = 0; i < 4; ++i) {
            int h = hex_value(at(from + i));
            if (h < 0) return -1;
            v = (v << 4) | h;
        }
        return v;
    };
    int32_t code = read_hex4(pos + 2);
    if (code == 0) nul_escape(pos, 6);
    if (code >= 0 && is_scalar_value(static_cast<uint32_t>(code))) {
        append_utf8(buffer_, static_cast<uint32_t>(code));
        return 6;
    }
    // A JSON-style surrogate pair is allowed, but only a complete one.
    if (code >= 0xD800 && code <= 0xDBFF && at(pos + 6) == '\\' && at(pos + 7) == 'u') {
        int32_t trail = read_hex4(pos + 8);
        if (trail >= 0xDC00 && trail <= 0xDFFF) {
            append_utf8(buffer_, 0x10000 + ((static_cast<uint32_t>(code) - 0xD800) << 10) +
                                     (static_cast<uint32_t>(trail) - 0xDC00));
            return 12;
        }
    }
    syntax_error(pos, invalid_unicode(6));
}

Token Lexer::read_string(size_t start) {
    const size_t size = source_.size();
    size_t pos = start + 1;
    size_t chunk = pos;
    bool escaped = false;
    buffer_.clear();
    while (pos < size) {
        unsigned char c = static_cast<unsigned char>(source_[pos]);
        if (c == '"') {
            pos_ = pos + 1;
            std::string_view value;
            if (escaped) {
                buffer_.append(source_.substr(chunk, pos - chunk));
                value = buffer_;
            } else {
                value = source_.substr(chunk, pos - chunk);
            }
            return Token{TokenKind::String, static_cast<ast::Offset>(start), static_cast<ast::Offset>(pos_), value};
        }
        if (c == '\\') {
            buffer_.append(source_.substr(chunk, pos - chunk));
            escaped = true;
            pos += read_escape(pos);
            chunk = pos;
            continue;
        }
        if (c == '\n' || c == '\r') break;
        if (c == 0) nul_in_string(pos);
        if (c < 0x80) {
            ++pos;
            continue;
        }
        size_t len = utf8_length(pos);
        if (len == 0) syntax_error(pos, "Invalid UTF-8 sequence.");
        pos += len;
    }
    syntax_error(pos, "Unterminated string.");
}

Token Lexer::read_block_string(size_t start) {
    const size_t size = source_.size();
    size_t pos = start + 3;
    size_t chunk = pos;
    std::string raw;  // the content with \""" unescaped and line ends normalised to \n
    while (pos < size) {
        unsigned char c = static_cast<unsigned char>(source_[pos]);
        if (c == '"' && pos + 2 < size && source_[pos + 1] == '"' && source_[pos + 2] == '"') {
            raw.append(source_.substr(chunk, pos - chunk));
            pos_ = pos + 3;
            // Dedent (spec: BlockStringValue): common indentation of all lines but the first goes,
            // and so do leading and trailing blank lines.
            std::vector<std::string_view> lines;
            size_t line_start = 0;
            for (size_t i = 0; i <= raw.size(); ++i) {
                if (i == raw.size() || raw[i] == '\n') {
                    lines.emplace_back(raw.data() + line_start, i - line_start);
                    line_start = i + 1;
                }
            }
            size_t common = std::string::npos;
            size_t first = lines.size(), last = 0;
            bool any = false;
            for (size_t i = 0; i < lines.size(); ++i) {
                size_t indent = leading_whitespace(lines[i]);
                if (indent == lines[i].size()) continue;
                if (!any) first = i;
                any = true;
                last = i;
                if (i != 0 && indent < common) common = indent;
            }
            buffer_.clear();
            if (any) {
                for (size_t i = first; i <= last; ++i) {
                    std::string_view line = lines[i];
                    if (i != 0) line.remove_prefix(std::min(common == std::string::npos ? 0 : common, line.size()));
                    if (i != first) buffer_ += '\n';
                    buffer_.append(line);
                }
            }
            return Token{TokenKind::BlockString, static_cast<ast::Offset>(start), static_cast<ast::Offset>(pos_), buffer_};
        }
        if (c == '\\' && pos + 3 < size && source_[pos + 1] == '"' && source_[pos + 2] == '"' && source_[pos + 3] == '"') {
            raw.append(source_.substr(chunk, pos - chunk));
            raw += "\"\"\"";
            pos += 4;
            chunk = pos;
            continue;
        }
        if (c == '\r') {
            raw.append(source_.substr(chunk, pos - chunk));
            raw += '\n';
            pos += (pos + 1 < size && source_[pos + 1] == '\n') ? 2 : 1;
            chunk = pos;
            continue;
        }
        if (c == 0) nul_in_string(pos);
        if (c < 0x80) {
            ++pos;
            continue;
        }
        size_t len = utf8_length(pos);
        if (len == 0) syntax_error(pos, "Invalid UTF-8 sequence.");
        pos += len;
    }
    syntax_error(pos, "Unterminated string.");
}

}  // namespace graphgate::graphql
