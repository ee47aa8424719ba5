#pragma once
// UTF-8 as the GraphQL front end needs it: the lexer reads source text by code point, and every
// message it sends must be valid UTF-8, because JSON responses are (nlohmann's dump() throws on
// anything else).
#include <cstddef>
#include <string>
#include <string_view>

namespace graphgate::graphql {

// Length of the well-formed UTF-8 sequence at `pos` (no overlongs, surrogates or code points
// past U+10FFFF), 0 if there is none there.
size_t utf8_sequence_length(std::string_view text, size_t pos);

// The text with each byte that does not start a well-formed sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

}  // namespace graphgate::graphql
