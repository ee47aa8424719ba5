#include "core/graphql/parser.hpp"

#include <optional>
#include <string>

#include "core/graphql/lexer.hpp"

namespace graphgate::graphql {

namespace {

constexpr size_t interrupt_interval = 4096;  // tokens between calls of Limits::check_interrupt

bool is_type_system_keyword(std::string_view name) {
    return name == "schema" || name == "scalar" || name == "type" || name == "interface" ||
           name == "union" || name == "enum" || name == "input" || name == "directive" ||
           name == "extend";
}

class Parser {
public:
    Parser(ast::Document& document, std::string_view source, const Limits& limits)
        : document_(document), lexer_(source), limits_(limits) {
        advance();
    }

    void parse_document() {
        if (token_.kind == TokenKind::Eof) unexpected(token_);
        while (token_.kind != TokenKind::Eof) parse_definition();
    }

    ast::Value parse_lone_value() {
        ast::Value value = parse_value(true);
        if (token_.kind != TokenKind::Eof) unexpected(token_);
        return value;
    }

private:
    void advance() {
        token_ = lexer_.next();
        size_t count = lexer_.token_count();
        if (count > limits_.max_tokens) {
            lexer_.syntax_error(token_.start, "Document contains more than " + std::to_string(limits_.max_tokens) +
                                                  " tokens. Parsing aborted.");
        }
        if (limits_.check_interrupt && count % interrupt_interval == 0) limits_.check_interrupt();
    }

    [[noreturn]] void unexpected(const Token& token) {
        lexer_.syntax_error(token.start, "Unexpected " + token_description(token) + ".");
    }

    [[noreturn]] void limit_error(ast::Offset offset, const std::string& message) {
        ast::LineIndex lines(lexer_.source());
        throw syntax_error(message, {lines.location(offset)});
    }

    bool peek(TokenKind kind) const { return token_.kind == kind; }

    bool skip(TokenKind kind) {
        if (token_.kind != kind) return false;
        advance();
        return true;
    }

    Token expect(TokenKind kind) {
        if (token_.kind != kind) {
            lexer_.syntax_error(token_.start, "Expected " + token_kind_description(kind) + ", found " +
                                                  token_description(token_) + ".");
        }
        Token token = token_;
        advance();
        return token;
    }

    void expect_keyword(std::string_view keyword) {
        if (token_.kind != TokenKind::Name || token_.value != keyword) {
            lexer_.syntax_error(token_.start, "Expected \"" + std::string(keyword) + "\", found " +
                                                  token_description(token_) + ".");
        }
        advance();
    }

    std::string_view parse_name(ast::Offset* loc = nullptr) {
        Token token = expect(TokenKind::Name);
        if (loc) *loc = token.start;
        return token.value;
    }

    void parse_definition() {
        if (peek(TokenKind::BraceL)) {
            parse_operation();
            return;
        }
        bool has_description = peek(TokenKind::String) || peek(TokenKind::BlockString);
        Token keyword = token_;
        std::optional<Lexer> lookahead;  // keyword's value may point into its buffer: keep it alive
        if (has_description) {
            lookahead.emplace(lexer_);
            keyword = lookahead->next();
        }
        if (keyword.kind == TokenKind::Name) {
            if (is_type_system_keyword(keyword.value)) type_system_definition(keyword);
            if (has_description) {
                lexer_.syntax_error(token_.start,
                                    "Unexpected description, descriptions are supported only on type definitions.");
            }
            if (keyword.value == "query" || keyword.value == "mutation" || keyword.value == "subscription") {
                parse_operation();
                return;
            }
            if (keyword.value == "fragment") {
                parse_fragment_definition();
                return;
            }
        }
        unexpected(keyword);
    }

    // Names the definition the way graphql-js' ExecutableDefinitionsRule does, then refuses it.
    [[noreturn]] void type_system_definition(const Token& keyword) {
        ast::Offset start = token_.start;  // the description, if there is one
        Lexer lookahead = lexer_;
        if (token_.start != keyword.start) lookahead.next();  // move past the keyword
        Token name = lookahead.next();
        std::string_view kind = keyword.value;
        if (kind == "extend") {
            // Everything but directives and extensions themselves can be extended.
            if (name.kind != TokenKind::Name || !is_type_system_keyword(name.value) || name.value == "directive" ||
                name.value == "extend") {
                unexpected(name);
            }
            kind = name.value;
            name = lookahead.next();
        }
        if (kind == "directive") {
            if (name.kind != TokenKind::At) {
                lexer_.syntax_error(name.start, "Expected \"@\", found " + token_description(name) + ".");
            }
            name = lookahead.next();
        }
        std::string what;
        if (kind == "schema") {
            what = "schema";
        } else if (name.kind == TokenKind::Name) {
            what = "\"" + std::string(name.value) + "\"";
        } else {
            lexer_.syntax_error(name.start, "Expected Name, found " + token_description(name) + ".");
        }
        ast::LineIndex lines(lexer_.source());
        throw GraphQLError("The " + what + " definition is not executable.", {lines.location(start)},
                           error_code::validation_failed);
    }

    void parse_operation() {
        ast::OperationDefinition op;
        op.loc = token_.start;
        if (!peek(TokenKind::BraceL)) {
            std::string_view type = token_.value;
            if (type == "query") op.operation = ast::OperationType::Query;
            else if (type == "mutation") op.operation = ast::OperationType::Mutation;
            else if (type == "subscription") op.operation = ast::OperationType::Subscription;
            else unexpected(token_);
            advance();
            if (peek(TokenKind::Name)) op.name = parse_name(&op.name_loc);
            if (peek(TokenKind::ParenL)) parse_variable_definitions(op.variable_definitions);
            parse_directives(op.directives, false);
        }
        op.selection_set_loc = token_.start;
        parse_selection_set(op.selection_set);
        document_.definitions.push_back(
            {ast::DefinitionKind::Operation, static_cast<uint32_t>(document_.operations.size())});
        document_.operations.push_back(std::move(op));
    }

    void parse_fragment_definition() {
        ast::FragmentDefinition fragment;
        fragment.loc = token_.start;
        expect_keyword("fragment");
        if (peek(TokenKind::Name) && token_.value == "on") unexpected(token_);
        fragment.name = parse_name(&fragment.name_loc);
        expect_keyword("on");
        fragment.type_condition = parse_name(&fragment.type_condition_loc);
        parse_directives(fragment.directives, false);
        fragment.selection_set_loc = token_.start;
        parse_selection_set(fragment.selection_set);
        ast::DocumentBuilder::add_fragment(document_, std::move(fragment));
    }

    void parse_variable_definitions(std::vector<ast::VariableDefinition>& out) {
        expect(TokenKind::ParenL);
        do {
            ast::VariableDefinition def;
            def.loc = expect(TokenKind::Dollar).start;
            def.name = parse_name();
            expect(TokenKind::Colon);
            def.type.loc = token_.start;
            parse_type(def.type, 0);
            if (skip(TokenKind::Equals)) {
                def.has_default_value = true;
                def.default_value = parse_value(true);
            }
            parse_directives(def.directives, true);
            out.push_back(std::move(def));
        } while (!skip(TokenKind::ParenR));
    }

    void parse_type(ast::Type& type, size_t depth) {
        if (peek(TokenKind::BracketL)) {
            if (depth >= limits_.max_value_depth) value_depth_error(token_.start);
            limits_.enter_recursion();
            advance();
            parse_type(type, depth + 1);
            expect(TokenKind::BracketR);
            type.wrappers.insert(type.wrappers.begin(), 'L');
        } else {
            type.name = parse_name();
        }
        if (skip(TokenKind::Bang)) type.wrappers.insert(type.wrappers.begin(), '!');
    }

    void parse_selection_set(std::vector<ast::Selection>& out) {
        Token open = expect(TokenKind::BraceL);
        if (++selection_depth_ > limits_.max_depth) {
            limit_error(open.start, "Selection depth exceeds the limit of " + std::to_string(limits_.max_depth) + ".");
        }
        limits_.enter_recursion();
        out.reserve(4);
        do {
            out.emplace_back();
            parse_selection(out.back());
        } while (!skip(TokenKind::BraceR));
        --selection_depth_;
    }

    void parse_selection(ast::Selection& sel) {
        sel.loc = token_.start;
        if (skip(TokenKind::Spread)) {
            bool has_type_condition = peek(TokenKind::Name) && token_.value == "on";
            if (!has_type_condition && peek(TokenKind::Name)) {
                sel.kind = ast::SelectionKind::FragmentSpread;
                sel.name = parse_name(&sel.name_loc);
                parse_directives(sel.directives, false);
                return;
            }
            sel.kind = ast::SelectionKind::InlineFragment;
            if (has_type_condition) {
                advance();
                sel.name = parse_name(&sel.name_loc);
            }
            parse_directives(sel.directives, false);
            sel.selection_set_loc = token_.start;
            parse_selection_set(sel.selection_set);
            return;
        }
        sel.kind = ast::SelectionKind::Field;
        std::string_view name = parse_name(&sel.name_loc);
        if (skip(TokenKind::Colon)) {
            sel.alias = name;
            if (++alias_count_ > limits_.max_aliases) {
                limit_error(sel.loc, "Document has more than " + std::to_string(limits_.max_aliases) + " aliases.");
            }
            name = parse_name(&sel.name_loc);
        }
        sel.name = name;
        if (peek(TokenKind::ParenL)) parse_arguments(sel.arguments, false);
        parse_directives(sel.directives, false);
        if (peek(TokenKind::BraceL)) {
            sel.selection_set_loc = token_.start;
            parse_selection_set(sel.selection_set);
        }
    }

    void parse_arguments(std::vector<ast::Argument>& out, bool is_const) {
        expect(TokenKind::ParenL);
        do {
            ast::Argument arg;
            arg.name = parse_name(&arg.loc);
            expect(TokenKind::Colon);
            arg.value = parse_value(is_const);
            out.push_back(std::move(arg));
        } while (!skip(TokenKind::ParenR));
    }

    void parse_directives(std::vector<ast::Directive>& out, bool is_const) {
        while (peek(TokenKind::At)) {
            ast::Directive directive;
            directive.loc = token_.start;
            advance();
            directive.name = parse_name();
            if (peek(TokenKind::ParenL)) parse_arguments(directive.arguments, is_const);
            out.push_back(std::move(directive));
        }
    }

    [[noreturn]] void value_depth_error(ast::Offset offset) {
        limit_error(offset, "Value nesting depth exceeds the limit of " + std::to_string(limits_.max_value_depth) + ".");
    }

    ast::Value parse_value(bool is_const) {
        ast::Value value;
        value.loc = token_.start;
        switch (token_.kind) {
            case TokenKind::BracketL:
                value.kind = ast::ValueKind::List;
                if (++value_depth_ > limits_.max_value_depth) value_depth_error(token_.start);
                limits_.enter_recursion();
                advance();
                while (!skip(TokenKind::BracketR)) value.list.push_back(parse_value(is_const));
                --value_depth_;
                return value;
            case TokenKind::BraceL:
                value.kind = ast::ValueKind::Object;
                if (++value_depth_ > limits_.max_value_depth) value_depth_error(token_.start);
                limits_.enter_recursion();
                advance();
                while (!skip(TokenKind::BraceR)) {
                    ast::ObjectField field;
                    field.name = parse_name(&field.loc);
                    expect(TokenKind::Colon);
                    field.value = parse_value(is_const);
                    value.fields.push_back(std::move(field));
                }
                --value_depth_;
                return value;
            case TokenKind::Int:
            case TokenKind::Float:
                value.kind = token_.kind == TokenKind::Int ? ast::ValueKind::Int : ast::ValueKind::Float;
                value.text = token_.value;
                advance();
                return value;
            case TokenKind::String:
            case TokenKind::BlockString:
                value.kind = ast::ValueKind::String;
                value.block_string = token_.kind == TokenKind::BlockString;
                value.text = string_value(token_.value);
                advance();
                return value;
            case TokenKind::Name:
                if (token_.value == "true" || token_.value == "false") {
                    value.kind = ast::ValueKind::Boolean;
                    value.boolean = token_.value == "true";
                } else if (token_.value == "null") {
                    value.kind = ast::ValueKind::Null;
                } else {
                    value.kind = ast::ValueKind::Enum;
                    value.text = token_.value;
                }
                advance();
                return value;
            case TokenKind::Dollar:
                if (is_const) {
                    Token dollar = token_;
                    advance();
                    if (peek(TokenKind::Name)) {
                        lexer_.syntax_error(dollar.start, "Unexpected variable \"$" + std::string(token_.value) +
                                                              "\" in constant value.");
                    }
                    unexpected(dollar);
                }
                advance();
                value.kind = ast::ValueKind::Variable;
                value.text = parse_name();
                return value;
            default:
                unexpected(token_);
        }
    }

    // Token values of strings may point into the lexer's scratch buffer; the document keeps a copy.
    std::string_view string_value(std::string_view value) {
        std::string_view source = lexer_.source();
        if (value.data() >= source.data() && value.data() + value.size() <= source.data() + source.size()) {
            return value;
        }
        return ast::DocumentBuilder::store_string(document_, std::string(value));
    }

    ast::Document& document_;
    Lexer lexer_;
    const Limits& limits_;
    Token token_;
    size_t selection_depth_ = 0;
    size_t value_depth_ = 0;
    size_t alias_count_ = 0;
};

void check_size(std::string_view source, const Limits& limits) {
    if (source.size() > limits.max_document_bytes) {
        throw syntax_error("Document is too large: " + std::to_string(source.size()) + " bytes, the limit is " +
                               std::to_string(limits.max_document_bytes) + ".",
                           {});
    }
}

}  // namespace

ast::Document parse(std::string_view source, const Limits& limits) {
    check_size(source, limits);
    ast::Document document;
    std::string_view own = ast::DocumentBuilder::adopt_source(document, source);
    Parser parser(document, own, limits);
    parser.parse_document();
    return document;
}

ConstValue parse_const_value(std::string_view source, const Limits& limits) {
    check_size(source, limits);
    ConstValue result;
    std::string_view own = ast::DocumentBuilder::adopt_source(result.storage, source);
    Parser parser(result.storage, own, limits);
    result.value = parser.parse_lone_value();
    return result;
}

}  // namespace graphgate::graphql
