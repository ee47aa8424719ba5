#pragma once
// Tokenizer for GraphQL source text (spec October 2021, §2.1).  Produces one token at a time
// without allocating, except for strings with escapes and block strings, whose decoded value
// lives in a buffer that the next string token overwrites.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/graphql/ast.hpp"

namespace graphgate::graphql {

enum class TokenKind : uint8_t {
    Eof, Bang, Dollar, Amp, ParenL, ParenR, Spread, Colon, Equals, At, BracketL, BracketR,
    BraceL, Pipe, BraceR, Name, Int, Float, String, BlockString
};

// As graphql-js names them in messages: punctuators quoted ("{"), others by kind (Name, <EOF>).
std::string token_kind_description(TokenKind kind);

struct Token {
    TokenKind kind = TokenKind::Eof;
    ast::Offset start = 0;
    ast::Offset end = 0;
    // Name, Int, Float: the source text; String, BlockString: the decoded value.
    std::string_view value;
};

// `Name "foo"`, `"}"`, `<EOF>`: how an error message shows a token.
std::string token_description(const Token& token);

class Lexer {
public:
    explicit Lexer(std::string_view source) : source_(source) {}

    // Reads the next token; throws a syntax_error (error.hpp) on a lexical error.
    Token next();

    size_t token_count() const { return token_count_; }
    std::string_view source() const { return source_; }

    [[noreturn]] void syntax_error(ast::Offset offset, const std::string& description) const;

private:
    Token read_number(size_t start);
    Token read_string(size_t start);
    Token read_block_string(size_t start);
    // Decodes the escape at `pos` (a backslash) into buffer_, returns its length in bytes.
    size_t read_escape(size_t pos);
    // Length of the valid UTF-8 sequence at `pos`, 0 if it is not one.
    size_t utf8_length(size_t pos) const;
    std::string describe_code_point(size_t pos) const;
    [[noreturn]] void nul_in_string(size_t pos) const;
    [[noreturn]] void nul_escape(size_t pos, size_t len) const;

    std::string_view source_;
    size_t pos_ = 0;
    size_t token_count_ = 0;
    std::string buffer_;
};

}  // namespace graphgate::graphql
