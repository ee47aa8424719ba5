#include "core/schema/sdl_printer.hpp"

#include <vector>

#include "core/graphql/printer.hpp"
#include "core/schema/schema_types.hpp"
#include "core/schema/type_names.hpp"

namespace graphgate::schema {

namespace {

using graphql::DirectiveDef;
using graphql::EnumValueDef;
using graphql::FieldDef;
using graphql::InputValueDef;
using graphql::TypeDef;
using graphql::TypeKind;

constexpr const char* default_deprecation_reason = "No longer supported";

bool is_specified_directive(const std::string& name) {
    return name == "include" || name == "skip" || name == "deprecated" || name == "specifiedBy" || name == "oneOf";
}

std::string replace_newlines(const std::string& text, const std::string& indentation) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        out += c;
        if (c == '\n') out += indentation;
    }
    return out;
}

// graphql-js' printDescription: a block string where one can print the text faithfully, else
// an ordinary string literal; a blank line before it unless it opens its block.
std::string description(const std::string& text, const std::string& indentation = "", bool first_in_block = true) {
    if (text.empty()) return "";
    graphql::ast::Value value;
    value.kind = graphql::ast::ValueKind::String;
    value.block_string = true;  // the printer falls back to "..." when it must
    value.text = text;
    std::string printed = graphql::print(value);
    std::string prefix = !indentation.empty() && !first_in_block ? "\n" + indentation : indentation;
    return prefix + replace_newlines(printed, indentation) + "\n";
}

std::string deprecated(bool is_deprecated, const std::string& reason) {
    if (!is_deprecated) return "";
    if (reason.empty() || reason == default_deprecation_reason) return " @deprecated";
    return " @deprecated(reason: " + graphql::print_string_literal(reason) + ")";
}

std::string input_value(const InputValueDef& value) {
    std::string out = value.name + ": " + value.type.to_string();
    if (value.default_value) out += " = " + *value.default_value;
    return out + deprecated(value.deprecated, value.deprecation_reason);
}

std::string arguments(const std::vector<InputValueDef>& args, const std::string& indentation = "") {
    if (args.empty()) return "";
    bool any_description = false;
    for (const InputValueDef& arg : args) any_description = any_description || !arg.description.empty();
    std::string out = "(";
    if (!any_description) {
        for (size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + input_value(args[i]);
        return out + ")";
    }
    out += "\n";
    for (size_t i = 0; i < args.size(); ++i) {
        if (i) out += "\n";
        out += description(args[i].description, "  " + indentation, i == 0) + "  " + indentation + input_value(args[i]);
    }
    return out + "\n" + indentation + ")";
}

std::string block(const std::vector<std::string>& items) {
    if (items.empty()) return "";
    std::string out = " {\n";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? "\n" : "") + items[i];
    return out + "\n}";
}

std::string fields(const TypeDef& type) {
    std::vector<std::string> items;
    for (size_t i = 0; i < type.fields.size(); ++i) {
        const FieldDef& f = type.fields[i];
        items.push_back(description(f.description, "  ", i == 0) + "  " + f.name + arguments(f.args, "  ") + ": " +
                        f.type.to_string() + deprecated(f.deprecated, f.deprecation_reason));
    }
    return block(items);
}

std::string interfaces(const TypeDef& type) {
    if (type.interfaces.empty()) return "";
    std::string out = " implements ";
    for (size_t i = 0; i < type.interfaces.size(); ++i) out += (i ? " & " : "") + type.interfaces[i];
    return out;
}

std::string print_type(const TypeDef& type) {
    std::string out = description(type.description);
    switch (type.kind) {
        case TypeKind::Scalar:
            out += "scalar " + type.name;
            if (!type.specified_by_url.empty()) {
                out += " @specifiedBy(url: " + graphql::print_string_literal(type.specified_by_url) + ")";
            }
            return out;
        case TypeKind::Object:
            return out + "type " + type.name + interfaces(type) + fields(type);
        case TypeKind::Interface:
            return out + "interface " + type.name + interfaces(type) + fields(type);
        case TypeKind::Union: {
            out += "union " + type.name;
            for (size_t i = 0; i < type.members.size(); ++i) out += (i ? " | " : " = ") + type.members[i];
            return out;
        }
        case TypeKind::Enum: {
            std::vector<std::string> items;
            for (size_t i = 0; i < type.enum_values.size(); ++i) {
                const EnumValueDef& v = type.enum_values[i];
                items.push_back(description(v.description, "  ", i == 0) + "  " + v.name +
                                deprecated(v.deprecated, v.deprecation_reason));
            }
            return out + "enum " + type.name + block(items);
        }
        case TypeKind::InputObject: {
            std::vector<std::string> items;
            for (size_t i = 0; i < type.input_fields.size(); ++i) {
                const InputValueDef& f = type.input_fields[i];
                items.push_back(description(f.description, "  ", i == 0) + "  " + input_value(f));
            }
            return out + "input " + type.name + block(items);
        }
        case TypeKind::List:
        case TypeKind::NonNull:
            break;
    }
    return out;
}

std::string print_directive(const DirectiveDef& directive) {
    std::string out = description(directive.description) + "directive @" + directive.name + arguments(directive.args);
    if (directive.repeatable) out += " repeatable";
    out += " on ";
    for (size_t i = 0; i < directive.locations.size(); ++i) {
        out += (i ? " | " : "") + std::string(graphql::directive_location_name(directive.locations[i]));
    }
    return out;
}

std::string print_schema_definition(const graphql::Schema& schema) {
    const TypeDef* query = schema.query_type();
    const TypeDef* mutation = schema.mutation_type();
    const TypeDef* subscription = schema.subscription_type();
    bool common_names = (!query || query->name == "Query") && (!mutation || mutation->name == "Mutation") &&
                        (!subscription || subscription->name == "Subscription");
    if (schema.description.empty() && common_names) return "";
    std::string out = description(schema.description) + "schema {\n";
    std::vector<std::string> lines;
    if (query) lines.push_back("  query: " + query->name);
    if (mutation) lines.push_back("  mutation: " + mutation->name);
    if (subscription) lines.push_back("  subscription: " + subscription->name);
    for (size_t i = 0; i < lines.size(); ++i) out += (i ? "\n" : "") + lines[i];
    return out + "\n}";
}

std::string print(const graphql::Schema& schema, const std::vector<const TypeDef*>& types) {
    std::vector<std::string> parts;
    std::string definition = print_schema_definition(schema);
    if (!definition.empty()) parts.push_back(std::move(definition));
    for (const auto& directive : schema.directives()) {
        if (!is_specified_directive(directive->name)) parts.push_back(print_directive(*directive));
    }
    for (const TypeDef* type : types) {
        if (type->name.compare(0, 2, "__") == 0) continue;                           // introspection
        if (type->kind == TypeKind::Scalar && is_builtin_scalar(type->name)) continue;  // specified
        parts.push_back(print_type(*type));
    }
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? "\n\n" : "") + parts[i];
    return out;
}

}  // namespace

std::string print_sdl(const GraphQLSchema& schema) { return print(schema.schema(), schema.visible_types()); }

std::string print_sdl(const graphql::Schema& schema) { return print(schema, visible_types(schema)); }

}  // namespace graphgate::schema
