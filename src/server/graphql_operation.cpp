#include "server/graphql_operation.hpp"

#include <vector>

namespace graphgate::server {

namespace {

bool name_start(char c) { return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

struct Token {
    enum Type { name, punct, other } type;
    std::string_view text;
};

// GraphQL's lexical grammar (spec §2.1), enough to split a document into tokens: ignored tokens
// (BOM, white space, line terminators, commas, comments) are skipped; strings and block strings
// are kept whole with their escapes.  next() returns nullopt at the end and sets failed_ on a
// character no token starts with or an unterminated string.
class Lexer {
public:
    explicit Lexer(std::string_view text) : s_(text) {}

    std::optional<Token> next() {
        skip_ignored();
        if (i_ >= s_.size()) return std::nullopt;
        const size_t start = i_;
        const char c = s_[i_];
        if (name_start(c)) {
            while (i_ < s_.size() && name_char(s_[i_])) ++i_;
            return Token{Token::name, s_.substr(start, i_ - start)};
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            // A number, and whatever letters or dots stick to it (which GraphQL refuses, as the
            // database will say): one token either way, as maximal munch reads it.
            ++i_;
            while (i_ < s_.size() && (name_char(s_[i_]) || s_[i_] == '.' ||
                                      ((s_[i_] == '+' || s_[i_] == '-') && (s_[i_ - 1] == 'e' || s_[i_ - 1] == 'E'))))
                ++i_;
            return Token{Token::other, s_.substr(start, i_ - start)};
        }
        if (c == '"') return string_token(start);
        if (s_.compare(i_, 3, "...") == 0) {
            i_ += 3;
            return Token{Token::punct, s_.substr(start, 3)};
        }
        static constexpr std::string_view punctuators = "!$&():=@[]{|}";
        if (punctuators.find(c) != std::string_view::npos) {
            ++i_;
            return Token{Token::punct, s_.substr(start, 1)};
        }
        failed_ = true;
        return std::nullopt;
    }

    bool failed() const { return failed_; }

private:
    void skip_ignored() {
        while (i_ < s_.size()) {
            const char c = s_[i_];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',') {
                ++i_;
            } else if (c == '#') {
                while (i_ < s_.size() && s_[i_] != '\n' && s_[i_] != '\r') ++i_;
            } else if (s_.compare(i_, 3, "\xEF\xBB\xBF") == 0) {
                i_ += 3;
            } else {
                return;
            }
        }
    }

    std::optional<Token> string_token(size_t start) {
        if (s_.compare(i_, 3, "\"\"\"") == 0) {
            for (i_ += 3; i_ < s_.size(); ++i_) {
                if (s_.compare(i_, 4, "\\\"\"\"") == 0) i_ += 3;  // an escaped triple quote
                else if (s_.compare(i_, 3, "\"\"\"") == 0) {
                    i_ += 3;
                    return Token{Token::other, s_.substr(start, i_ - start)};
                }
            }
        } else {
            for (++i_; i_ < s_.size(); ++i_) {
                if (s_[i_] == '\\') ++i_;
                else if (s_[i_] == '"') {
                    ++i_;
                    return Token{Token::other, s_.substr(start, i_ - start)};
                }
            }
        }
        failed_ = true;
        return std::nullopt;
    }

    std::string_view s_;
    size_t i_ = 0;
    bool failed_ = false;
};

struct Operation {
    OperationKind kind;
    std::string_view name;
};

}  // namespace

std::optional<OperationRoute> route_operation(std::string_view document,
                                              const std::optional<std::string>& operation_name) {
    // The definitions are read at bracket depth 0: an operation starts with `{` (the query
    // shorthand) or a keyword and an optional name; a fragment with `fragment`; everything up
    // to the end of their selection set belongs to them.
    enum class State { definition, after_keyword, header, body } state = State::definition;
    std::vector<Operation> operations;
    std::vector<char> open;  // the brackets not yet closed
    OperationRoute route;
    Lexer lexer(document);
    while (auto token = lexer.next()) {
        if (!route.normalized.empty()) route.normalized.push_back(' ');
        route.normalized.append(token->text);
        const std::string_view t = token->text;
        if (token->type == Token::punct && (t == "{" || t == "(" || t == "[")) {
            if (open.empty() && t == "{") {
                if (state == State::definition) operations.push_back({OperationKind::query, {}});
                else if (state != State::after_keyword && state != State::header) return std::nullopt;
                state = State::body;
            }
            open.push_back(t[0]);
            continue;
        }
        if (token->type == Token::punct && (t == "}" || t == ")" || t == "]")) {
            const char want = t == "}" ? '{' : t == ")" ? '(' : '[';
            if (open.empty() || open.back() != want) return std::nullopt;
            open.pop_back();
            if (open.empty() && state == State::body) state = State::definition;
            continue;
        }
        if (!open.empty()) continue;
        switch (state) {
            case State::definition:
                if (token->type != Token::name) return std::nullopt;
                if (t == "query") operations.push_back({OperationKind::query, {}});
                else if (t == "mutation") operations.push_back({OperationKind::mutation, {}});
                else if (t == "subscription") operations.push_back({OperationKind::subscription, {}});
                else if (t != "fragment") return std::nullopt;
                state = t == "fragment" ? State::header : State::after_keyword;
                break;
            case State::after_keyword:
                if (token->type == Token::name) operations.back().name = t;
                state = State::header;
                break;
            case State::header:  // directives, and a fragment's `on Type`: nothing to route on
            case State::body:
                break;
        }
    }
    if (lexer.failed() || !open.empty() || state != State::definition || operations.empty()) return std::nullopt;
    const Operation* picked = nullptr;
    if (operation_name && !operation_name->empty()) {
        for (const Operation& op : operations)
            if (op.name == *operation_name) {
                if (picked) return std::nullopt;  // two operations of that name
                picked = &op;
            }
    } else if (operations.size() == 1) {
        picked = &operations.front();
    }
    if (!picked) return std::nullopt;
    route.kind = picked->kind;
    return route;
}

}  // namespace graphgate::server
