#include "core/graphql/printer.hpp"

#include <cstdio>
#include <vector>

namespace graphgate::graphql {

namespace {

constexpr size_t max_line_length = 80;

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    bool first = true;
    for (const std::string& part : parts) {
        if (part.empty()) continue;
        if (!first) out += separator;
        out += part;
        first = false;
    }
    return out;
}

std::string wrap(std::string_view start, const std::string& inner, std::string_view end = "") {
    if (inner.empty()) return "";
    return std::string(start) + inner + std::string(end);
}

std::string indent(const std::string& text) {
    if (text.empty()) return text;
    std::string out = "  ";
    for (char c : text) {
        out += c;
        if (c == '\n') out += "  ";
    }
    return out;
}

std::string block(const std::vector<std::string>& parts) {
    if (parts.empty()) return "";
    return "{\n" + indent(join(parts, "\n")) + "\n}";
}

std::string print_arguments(const std::vector<ast::Argument>& args, std::vector<std::string>& out) {
    for (const ast::Argument& arg : args) out.push_back(std::string(arg.name) + ": " + print(arg.value));
    return join(out, ", ");
}

std::string print_directives(const std::vector<ast::Directive>& directives) {
    std::vector<std::string> parts;
    for (const ast::Directive& directive : directives) {
        std::vector<std::string> args;
        parts.push_back("@" + std::string(directive.name) + wrap("(", print_arguments(directive.arguments, args), ")"));
    }
    return join(parts, " ");
}

std::string print_selection_set(const std::vector<ast::Selection>& selections);

std::string print_selection(const ast::Selection& sel) {
    switch (sel.kind) {
        case ast::SelectionKind::Field: {
            std::string prefix = (sel.alias.empty() ? "" : std::string(sel.alias) + ": ") + std::string(sel.name);
            std::vector<std::string> args;
            std::string args_line = prefix + wrap("(", print_arguments(sel.arguments, args), ")");
            if (args_line.size() > max_line_length) {
                args_line = prefix + wrap("(\n", indent(join(args, "\n")), "\n)");
            }
            return join({args_line, print_directives(sel.directives), print_selection_set(sel.selection_set)}, " ");
        }
        case ast::SelectionKind::FragmentSpread:
            return "..." + std::string(sel.name) + wrap(" ", print_directives(sel.directives));
        case ast::SelectionKind::InlineFragment:
            return join({"...", wrap("on ", std::string(sel.name)), print_directives(sel.directives),
                         print_selection_set(sel.selection_set)},
                        " ");
    }
    return "";
}

std::string print_selection_set(const std::vector<ast::Selection>& selections) {
    std::vector<std::string> parts;
    parts.reserve(selections.size());
    for (const ast::Selection& sel : selections) parts.push_back(print_selection(sel));
    return block(parts);
}

std::string print_operation(const ast::OperationDefinition& op) {
    std::vector<std::string> vars;
    for (const ast::VariableDefinition& def : op.variable_definitions) {
        std::string text = "$" + std::string(def.name) + ": " + print(def.type);
        if (def.has_default_value) text += " = " + print(def.default_value);
        text += wrap(" ", print_directives(def.directives));
        vars.push_back(text);
    }
    std::string var_defs = wrap("(", join(vars, ", "), ")");
    std::string prefix = join({ast::operation_type_name(op.operation), join({std::string(op.name), var_defs}, ""),
                               print_directives(op.directives)},
                              " ");
    return (prefix == "query" ? "" : prefix + " ") + print_selection_set(op.selection_set);
}

std::string print_fragment(const ast::FragmentDefinition& fragment) {
    return "fragment " + std::string(fragment.name) + " on " + std::string(fragment.type_condition) + " " +
           wrap("", print_directives(fragment.directives), " ") + print_selection_set(fragment.selection_set);
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Whether a block string would read back as the same value (graphql-js 17's
// isPrintableAsBlockString); other strings are printed with escapes.
bool printable_as_block_string(std::string_view value) {
    bool empty_line = true, has_indent = false, common_indent = true, seen_non_empty = false;
    for (char ch : value) {
        unsigned char c = static_cast<unsigned char>(ch);
        if (c == '\n') {
            if (empty_line && !seen_non_empty) return false;  // a leading new line
            seen_non_empty = true;
            empty_line = true;
            has_indent = false;
        } else if (c == '\t' || c == ' ') {
            has_indent = has_indent || empty_line;
        } else if (c < 0x20) {
            return false;  // \r and other control characters
        } else {
            common_indent = common_indent && has_indent;
            empty_line = false;
        }
    }
    if (value.empty()) return true;
    if (empty_line) return false;                           // trailing empty lines
    if (common_indent && seen_non_empty) return false;      // indentation the reader would strip
    return true;
}

}  // namespace

std::string print_string_literal(std::string_view value) {
    std::string out = "\"";
    for (size_t i = 0; i < value.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(value[i]);
        char buf[8];
        switch (c) {
            case '"': out += "\\\""; continue;
            case '\\': out += "\\\\"; continue;
            case '\b': out += "\\b"; continue;
            case '\t': out += "\\t"; continue;
            case '\n': out += "\\n"; continue;
            case '\f': out += "\\f"; continue;
            case '\r': out += "\\r"; continue;
            default: break;
        }
        if (c < 0x20 || c == 0x7F) {
            std::snprintf(buf, sizeof buf, "\\u%04X", c);
            out += buf;
        } else if (c == 0xC2 && i + 1 < value.size() && static_cast<unsigned char>(value[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(value[i + 1]) <= 0x9F) {
            // C1 control characters, which graphql-js escapes too.
            std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned char>(value[i + 1]));
            out += buf;
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
    return out;
}

std::string print_block_string(std::string_view value) {
    std::string escaped;
    for (size_t i = 0; i < value.size(); ++i) {
        if (value.compare(i, 3, "\"\"\"") == 0) {
            escaped += "\\\"\"\"";
            i += 2;
        } else {
            escaped += value[i];
        }
    }
    std::vector<std::string_view> lines;
    {
        size_t start = 0;
        for (size_t i = 0; i <= escaped.size(); ++i) {
            if (i == escaped.size() || escaped[i] == '\n' || escaped[i] == '\r') {
                lines.emplace_back(escaped.data() + start, i - start);
                if (i < escaped.size() && escaped[i] == '\r' && i + 1 < escaped.size() && escaped[i + 1] == '\n') ++i;
                start = i + 1;
            }
        }
    }
    bool single_line = lines.size() == 1;
    bool force_leading_newline = lines.size() > 1;
    for (size_t i = 1; i < lines.size() && force_leading_newline; ++i) {
        if (!lines[i].empty() && !is_blank(lines[i][0])) force_leading_newline = false;
    }
    bool trailing_triple_quotes = escaped.size() >= 4 && escaped.compare(escaped.size() - 4, 4, "\\\"\"\"") == 0;
    bool trailing_quote = !value.empty() && value.back() == '"' && !trailing_triple_quotes;
    bool trailing_slash = !value.empty() && value.back() == '\\';
    bool force_trailing_newline = trailing_quote || trailing_slash;
    bool multiple_lines = !single_line || value.size() > 70 || force_trailing_newline || force_leading_newline ||
                          trailing_triple_quotes;
    bool skip_leading_newline = single_line && !value.empty() && is_blank(value[0]);
    std::string out = "\"\"\"";
    if ((multiple_lines && !skip_leading_newline) || force_leading_newline) out += '\n';
    out += escaped;
    if (multiple_lines || force_trailing_newline) out += '\n';
    out += "\"\"\"";
    return out;
}

std::string print(const ast::Value& value) {
    switch (value.kind) {
        case ast::ValueKind::Variable: return "$" + std::string(value.text);
        case ast::ValueKind::Int:
        case ast::ValueKind::Float:
        case ast::ValueKind::Enum: return std::string(value.text);
        case ast::ValueKind::String:
            return value.block_string && printable_as_block_string(value.text) ? print_block_string(value.text)
                                                                               : print_string_literal(value.text);
        case ast::ValueKind::Boolean: return value.boolean ? "true" : "false";
        case ast::ValueKind::Null: return "null";
        case ast::ValueKind::List: {
            std::string out = "[";
            for (size_t i = 0; i < value.list.size(); ++i) {
                if (i) out += ", ";
                out += print(value.list[i]);
            }
            return out + "]";
        }
        case ast::ValueKind::Object: {
            std::string out = "{";
            for (size_t i = 0; i < value.fields.size(); ++i) {
                if (i) out += ", ";
                out += std::string(value.fields[i].name) + ": " + print(value.fields[i].value);
            }
            return out + "}";
        }
    }
    return "";
}

std::string print(const ast::Type& type) {
    std::string prefix, suffix;
    for (char w : type.wrappers) {
        if (w == 'L') {
            prefix += '[';
            suffix.insert(suffix.begin(), ']');
        } else {
            suffix.insert(suffix.begin(), '!');
        }
    }
    return prefix + std::string(type.name) + suffix;
}

std::string print(const ast::Document& document) {
    std::vector<std::string> parts;
    for (const ast::DefinitionRef& ref : document.definitions) {
        if (ref.kind == ast::DefinitionKind::Operation) {
            parts.push_back(print_operation(document.operations[ref.index]));
        } else {
            parts.push_back(print_fragment(document.fragments[ref.index]));
        }
    }
    return join(parts, "\n\n");
}

}  // namespace graphgate::graphql
