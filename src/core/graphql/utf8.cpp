#include "core/graphql/utf8.hpp"

namespace graphgate::graphql {

size_t utf8_sequence_length(std::string_view text, size_t pos) {
    auto byte = [&](size_t i) -> int { return i < text.size() ? static_cast<unsigned char>(text[i]) : -1; };
    int c0 = byte(pos);
    if (c0 < 0x80) return c0 < 0 ? 0 : 1;
    auto cont = [&](size_t i) {
        int c = byte(i);
        return c >= 0x80 && c <= 0xBF;
    };
    if (c0 >= 0xC2 && c0 <= 0xDF) return cont(pos + 1) ? 2 : 0;
    if (c0 >= 0xE0 && c0 <= 0xEF) {
        int c1 = byte(pos + 1);
        if (c0 == 0xE0 && !(c1 >= 0xA0 && c1 <= 0xBF)) return 0;  // overlong
        if (c0 == 0xED && !(c1 >= 0x80 && c1 <= 0x9F)) return 0;  // surrogate
        return cont(pos + 1) && cont(pos + 2) ? 3 : 0;
    }
    if (c0 >= 0xF0 && c0 <= 0xF4) {
        int c1 = byte(pos + 1);
        if (c0 == 0xF0 && !(c1 >= 0x90 && c1 <= 0xBF)) return 0;  // overlong
        if (c0 == 0xF4 && !(c1 >= 0x80 && c1 <= 0x8F)) return 0;  // beyond U+10FFFF
        return cont(pos + 1) && cont(pos + 2) && cont(pos + 3) ? 4 : 0;
    }
    return 0;
}

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        size_t len = utf8_sequence_length(text, i);
        if (len == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(text.substr(i, len));
            i += len;
        }
    }
    return out;
}

}  // namespace graphgate::graphql
