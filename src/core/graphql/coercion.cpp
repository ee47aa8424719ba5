#include "core/graphql/coercion.hpp"

#include <unordered_map>
#include <unordered_set>

#include "core/graphql/leaf_values.hpp"
#include "core/graphql/parser.hpp"
#include "core/graphql/printer.hpp"

namespace graphgate::graphql {

namespace {

constexpr size_t interrupt_interval = 1024;

GraphQLError error_at(const ast::Document& document, std::string message, std::initializer_list<ast::Offset> offsets,
                      std::vector<PathSegment> path = {}) {
    ast::LineIndex lines(document.source());
    std::vector<SourceLocation> locations;
    for (ast::Offset offset : offsets) locations.push_back(lines.location(offset));
    return GraphQLError(std::move(message), std::move(locations), error_code::validation_failed, std::move(path));
}

std::string print_path(const std::vector<PathSegment>& path) {
    std::string out;
    for (size_t i = 0; i < path.size(); ++i) {
        if (const auto* key = std::get_if<std::string>(&path[i])) {
            out += (i == 0 ? "" : ".") + *key;
        } else {
            out += "[" + std::to_string(std::get<int64_t>(path[i])) + "]";
        }
    }
    return out;
}

// Whether some path down `value` passes more than `limit` arrays and objects; without recursion.
bool nested_deeper_than(const Json& value, size_t limit) {
    std::vector<std::pair<const Json*, size_t>> stack{{&value, 0}};
    while (!stack.empty()) {
        auto [node, above] = stack.back();
        stack.pop_back();
        if (!node->is_structured()) continue;
        if (above + 1 > limit) return true;
        for (const Json& child : *node) stack.emplace_back(&child, above + 1);
    }
    return false;
}

struct TooManyErrors {};

// The errors of one request's variables.  Past limits.max_errors the coercion stops with
// graphql-js' closing error (getVariableValues' maxErrors), so that a million bad list items
// cost a hundred errors and bounded time, not one error each.
class VariableErrors {
public:
    VariableErrors(const ast::Document& document, std::vector<GraphQLError>& errors, const Limits& limits)
        : document_(document), errors_(errors), limits_(limits), first_(errors.size()) {}

    // Throws TooManyErrors once the limit is reached.
    void add(std::string message, std::initializer_list<ast::Offset> offsets, std::vector<PathSegment> path = {}) {
        if (errors_.size() - first_ >= limits_.max_errors) {
            errors_.emplace_back("Too many errors processing variables, error limit reached. Execution aborted.",
                                 std::vector<SourceLocation>{}, error_code::validation_failed);
            throw TooManyErrors{};
        }
        if (!lines_) lines_.emplace(document_.source());
        std::vector<SourceLocation> locations;
        for (ast::Offset offset : offsets) locations.push_back(lines_->location(offset));
        errors_.emplace_back(std::move(message), std::move(locations), error_code::validation_failed, std::move(path));
    }

    size_t count() const { return errors_.size(); }

private:
    const ast::Document& document_;
    std::vector<GraphQLError>& errors_;
    const Limits& limits_;
    size_t first_;
    std::optional<ast::LineIndex> lines_;
};

// One variable's value, walked with its path and coerced in place.  Every step is linear in the
// value's size: fields are looked up by the type's index, and values are moved, not copied.
class VariableCoercer {
public:
    VariableCoercer(const ast::VariableDefinition& definition, VariableErrors& errors, const Limits& limits)
        : definition_(definition), errors_(errors), limits_(limits) {
        path_.emplace_back(std::string(definition.name));
    }

    // Returns false if any error was reported.
    bool coerce(Json& value, TypeView type) {
        size_t before = errors_.count();
        coerce_value(value, type, 0);
        return errors_.count() == before;
    }

private:
    void fail(const Json& invalid, const std::string& message) {
        std::string text = "Variable \"$" + std::string(definition_.name) + "\" got invalid value " + inspect(invalid);
        if (path_.size() > 1) text += " at \"" + print_path(path_) + "\"";
        text += "; " + message;
        errors_.add(std::move(text), {definition_.loc}, path_);
    }

    void coerce_value(Json& value, TypeView type, size_t depth) {
        if (++work_ % interrupt_interval == 0 && limits_.check_interrupt) limits_.check_interrupt();
        limits_.enter_recursion();
        if (depth > limits_.max_value_depth) {
            fail(value, "Value nesting depth exceeds the limit of " + std::to_string(limits_.max_value_depth) + ".");
            return;
        }
        if (type.is_non_null()) {
            if (value.is_null()) {
                fail(value, "Expected non-nullable type " + std::string("\"") + type.to_string() + "\" not to be null.");
                return;
            }
            coerce_value(value, type.of_type(), depth);
            return;
        }
        if (value.is_null()) return;
        if (type.is_list()) {
            TypeView item = type.of_type();
            if (value.is_array()) {
                for (size_t i = 0; i < value.size(); ++i) {
                    path_.emplace_back(static_cast<int64_t>(i));
                    coerce_value(value[i], item, depth + 1);
                    path_.pop_back();
                }
            } else {
                // A single value where a list is expected is a list of one (spec §3.11).
                coerce_value(value, item, depth + 1);
                Json list = Json::array();
                list.push_back(std::move(value));
                value = std::move(list);
            }
            return;
        }
        const TypeDef& named = *type.def;
        if (named.kind == TypeKind::InputObject) {
            coerce_input_object(value, named, depth);
            return;
        }
        Json original = value;
        if (std::optional<std::string> error = coerce_leaf_json(named, value)) fail(original, *error);
    }

    void coerce_input_object(Json& value, const TypeDef& named, size_t depth) {
        if (!value.is_object()) {
            fail(value, "Expected type \"" + named.name + "\" to be an object.");
            return;
        }
        const std::vector<InputValueDef>& fields = named.input_fields;
        std::vector<Json*> given(fields.size(), nullptr);
        bool unknown = false;
        for (auto it = value.begin(); it != value.end(); ++it) {
            const InputValueDef* field = named.input_field(it.key());
            if (field) given[static_cast<size_t>(field - fields.data())] = &it.value();
            else unknown = true;
        }
        bool missing = false;
        for (size_t i = 0; i < fields.size(); ++i)
            missing = missing || (!given[i] && !fields[i].default_value && TypeView(fields[i].type).is_non_null());
        // Messages show the object as it was sent, before its fields are coerced (moved) below.
        std::optional<Json> sent;
        if (unknown || missing) sent = value;
        Json coerced = Json::object();
        for (size_t i = 0; i < fields.size(); ++i) {
            const InputValueDef& field = fields[i];
            if (!given[i]) {
                if (field.default_value) {
                    if (std::optional<Json> d = default_value(field)) append_member(coerced, field.name, std::move(*d));
                } else if (TypeView(field.type).is_non_null()) {
                    fail(*sent, "Field \"" + field.name + "\" of required type \"" + field.type.to_string() +
                                    "\" was not provided.");
                }
                continue;
            }
            Json field_value = std::move(*given[i]);
            path_.emplace_back(field.name);
            coerce_value(field_value, TypeView(field.type), depth + 1);
            path_.pop_back();
            append_member(coerced, field.name, std::move(field_value));
        }
        if (unknown) {
            for (auto it = sent->begin(); it != sent->end(); ++it) {
                if (!named.input_field(it.key())) {
                    fail(*sent, "Field \"" + it.key() + "\" is not defined by type \"" + named.name + "\".");
                }
            }
        }
        value = std::move(coerced);
    }

    const ast::VariableDefinition& definition_;
    VariableErrors& errors_;
    const Limits& limits_;
    std::vector<PathSegment> path_;
    size_t work_ = 0;
};

bool is_missing_variable(const ast::Value& value, const Json* variables) {
    return value.kind == ast::ValueKind::Variable &&
           (!variables || !variables->is_object() || variables->find(std::string(value.text)) == variables->end());
}

}  // namespace

const ast::OperationDefinition& select_operation(const ast::Document& document, std::string_view operation_name) {
    if (operation_name.empty()) {
        if (document.operations.size() == 1) return document.operations.front();
        if (document.operations.empty()) {
            throw GraphQLError("Must provide an operation.", {}, error_code::validation_failed);
        }
        throw GraphQLError("Must provide operation name if query contains multiple operations.", {},
                           error_code::validation_failed);
    }
    for (const ast::OperationDefinition& op : document.operations) {
        if (op.name == operation_name) return op;
    }
    throw GraphQLError("Unknown operation named \"" + std::string(operation_name) + "\".", {},
                       error_code::validation_failed);
}

std::optional<Json> default_value(const InputValueDef& definition) {
    if (!definition.default_value) return std::nullopt;
    try {
        ConstValue literal = parse_const_value(*definition.default_value);
        return value_from_literal(literal.value, TypeView(definition.type), nullptr);
    } catch (const GraphQLError&) {
        return std::nullopt;
    }
}

std::optional<Json> value_from_literal(const ast::Value& value, TypeView type, const Json* variables) {
    if (!type.known()) return std::nullopt;
    if (value.kind == ast::ValueKind::Variable) {
        if (is_missing_variable(value, variables)) return std::nullopt;
        const Json& v = (*variables)[std::string(value.text)];
        if (v.is_null() && type.is_non_null()) return std::nullopt;
        return v;  // coerced already, by coerce_variable_values
    }
    if (type.is_non_null()) {
        if (value.kind == ast::ValueKind::Null) return std::nullopt;
        return value_from_literal(value, type.of_type(), variables);
    }
    if (value.kind == ast::ValueKind::Null) return Json(nullptr);
    if (type.is_list()) {
        TypeView item = type.of_type();
        if (value.kind != ast::ValueKind::List) {
            std::optional<Json> single = value_from_literal(value, item, variables);
            if (!single) return std::nullopt;
            Json list = Json::array();
            list.push_back(std::move(*single));
            return list;
        }
        Json list = Json::array();
        for (const ast::Value& v : value.list) {
            if (is_missing_variable(v, variables)) {
                // An absent variable in a list is null there, if the items may be null.
                if (item.is_non_null()) return std::nullopt;
                list.push_back(nullptr);
                continue;
            }
            std::optional<Json> coerced = value_from_literal(v, item, variables);
            if (!coerced) return std::nullopt;
            list.push_back(std::move(*coerced));
        }
        return list;
    }
    const TypeDef& named = *type.def;
    if (named.kind == TypeKind::InputObject) {
        if (value.kind != ast::ValueKind::Object) return std::nullopt;
        Json object = Json::object();
        for (const InputValueDef& field : named.input_fields) {
            const ast::ObjectField* node = nullptr;
            for (const ast::ObjectField& f : value.fields) {
                if (f.name == field.name) {
                    node = &f;
                    break;
                }
            }
            if (!node || is_missing_variable(node->value, variables)) {
                if (field.default_value) {
                    std::optional<Json> d = default_value(field);
                    if (!d) return std::nullopt;
                    object[field.name] = std::move(*d);
                } else if (TypeView(field.type).is_non_null()) {
                    return std::nullopt;
                }
                continue;
            }
            std::optional<Json> coerced = value_from_literal(node->value, TypeView(field.type), variables);
            if (!coerced) return std::nullopt;
            object[field.name] = std::move(*coerced);
        }
        return object;
    }
    // Without variables, coerce_leaf_literal would accept a custom scalar's literal containing
    // variables without producing it; an empty object stands in so that they count as absent.
    static const Json no_variables = Json::object();
    Json out;
    if (coerce_leaf_literal(named, value, variables ? variables : &no_variables, &out)) return std::nullopt;
    return out;
}

Json request_variables(Json variables, const Limits& limits) {
    const std::string limit = std::to_string(limits.max_variable_depth);
    if (!variables.is_object()) {
        if (nested_deeper_than(variables, limits.max_variable_depth + 1))
            throw GraphQLError("Variables are nested deeper than the limit of " + limit + " levels.", {},
                               error_code::validation_failed);
    } else {
        for (auto it = variables.begin(); it != variables.end(); ++it) {
            if (nested_deeper_than(it.value(), limits.max_variable_depth))
                throw GraphQLError("Variable \"$" + it.key() + "\" is nested deeper than the limit of " + limit + " levels.",
                                   {}, error_code::validation_failed, {it.key()});
        }
    }
    return variables;
}

Json coerce_variable_values(const Schema& schema, const ast::Document& document,
                            const ast::OperationDefinition& operation, const Json& inputs,
                            std::vector<GraphQLError>& errors, const Limits& limits) {
    Json coerced = Json::object();
    if (!inputs.is_null() && !inputs.is_object()) {
        errors.emplace_back("Variables must be provided as an object.", std::vector<SourceLocation>{},
                            error_code::validation_failed);
        return coerced;
    }
    if (operation.variable_definitions.empty()) return coerced;  // whatever was sent goes unread
    // Looked up once per definition: an index, as the object is a vector (ordered_json).
    std::unordered_map<std::string_view, const Json*> provided;
    if (inputs.is_object()) {
        provided.reserve(inputs.size());
        for (auto it = inputs.begin(); it != inputs.end(); ++it) provided.emplace(it.key(), &it.value());
    }
    VariableErrors sink(document, errors, limits);
    std::unordered_set<std::string_view> seen;  // validation refuses duplicates; the first counts
    try {
        for (const ast::VariableDefinition& def : operation.variable_definitions) {
            if (!seen.insert(def.name).second) continue;
            std::string name(def.name);
            const TypeDef* named = schema.type(def.type.name);
            if (!named || !named->is_input()) {
                sink.add("Variable \"$" + name + "\" expected value of type \"" + print(def.type) +
                             "\" which cannot be used as an input type.",
                         {def.type.loc});
                continue;
            }
            TypeView type(named, def.type.wrappers);
            auto found = provided.find(def.name);
            const Json* given = found == provided.end() ? nullptr : found->second;
            if (!given && def.has_default_value) {
                if (std::optional<Json> d = value_from_literal(def.default_value, type, nullptr)) {
                    append_member(coerced, name, std::move(*d));
                } else {
                    sink.add("Variable \"$" + name + "\" has an invalid default value.", {def.loc});
                }
                continue;
            }
            if (!given || given->is_null()) {
                if (type.is_non_null()) {
                    std::string message = given ? "Variable \"$" + name + "\" of non-null type \"" + type.to_string() +
                                                      "\" must not be null."
                                                : "Variable \"$" + name + "\" of required type \"" + type.to_string() +
                                                      "\" was not provided.";
                    sink.add(std::move(message), {def.loc}, {name});
                    continue;
                }
                if (given) append_member(coerced, name, nullptr);
                continue;
            }
            Json value = *given;
            VariableCoercer coercer(def, sink, limits);
            if (coercer.coerce(value, type)) append_member(coerced, name, std::move(value));
        }
    } catch (const TooManyErrors&) {
    }
    return coerced;
}

Json coerce_argument_values(const std::vector<InputValueDef>& definitions, const std::vector<ast::Argument>& arguments,
                            ast::Offset node_loc, const Json& variables, const ast::Document& document) {
    Json coerced = Json::object();
    for (const InputValueDef& def : definitions) {
        TypeView type(def.type);
        const ast::Argument* node = nullptr;
        for (const ast::Argument& arg : arguments) {
            if (arg.name == def.name) {
                node = &arg;
                break;
            }
        }
        auto use_default_or_fail = [&](const std::string& missing_message, ast::Offset loc) {
            if (def.default_value) {
                if (std::optional<Json> d = default_value(def)) coerced[def.name] = std::move(*d);
            } else if (type.is_non_null()) {
                throw error_at(document, missing_message, {loc});
            }
        };
        if (!node) {
            use_default_or_fail("Argument \"" + def.name + "\" of required type \"" + type.to_string() + "\" was not provided.",
                                node_loc);
            continue;
        }
        bool is_null = node->value.kind == ast::ValueKind::Null;
        if (node->value.kind == ast::ValueKind::Variable) {
            if (is_missing_variable(node->value, &variables)) {
                use_default_or_fail("Argument \"" + def.name + "\" of required type \"" + type.to_string() +
                                        "\" was provided the variable \"$" + std::string(node->value.text) +
                                        "\" which was not provided a runtime value.",
                                    node->value.loc);
                continue;
            }
            is_null = variables[std::string(node->value.text)].is_null();
        }
        if (is_null && type.is_non_null()) {
            throw error_at(document, "Argument \"" + def.name + "\" of non-null type \"" + type.to_string() + "\" must not be null.",
                           {node->value.loc});
        }
        std::optional<Json> value = value_from_literal(node->value, type, &variables);
        if (!value) {
            throw error_at(document, "Argument \"" + def.name + "\" has invalid value " + print(node->value) + ".",
                           {node->value.loc});
        }
        coerced[def.name] = std::move(*value);
    }
    return coerced;
}

}  // namespace graphgate::graphql
