#include "core/schema/introspection.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/graphql/coercion.hpp"
#include "core/graphql/error.hpp"
#include "core/schema/schema_types.hpp"

namespace graphgate::schema {

namespace {

using graphql::CollectedField;
using graphql::DirectiveDef;
using graphql::EnumValueDef;
using graphql::FieldDef;
using graphql::InputValueDef;
using graphql::Json;
using graphql::TypeDef;
using graphql::TypeKind;
using graphql::TypeView;
using Fields = std::vector<CollectedField>;

constexpr const char* default_deprecation_reason = "No longer supported";

Json text_or_null(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

Json deprecation_reason(bool deprecated, const std::string& reason) {
    if (!deprecated) return nullptr;
    return reason.empty() ? Json(default_deprecation_reason) : Json(reason);
}

// Resolves selections on the introspection types.  A selection set is collected once per
// (meta type, merged field nodes) - the type list of a full introspection asks the same
// sub-selections of thousands of objects.
class Introspector {
public:
    Introspector(const graphql::Schema& schema, const std::vector<const TypeDef*>& types,
                 const graphql::ast::Document& document, const Json& variables, const graphql::Limits& limits)
        : schema_(schema), types_(types), document_(document), variables_(variables), limits_(limits),
          schema_type_(meta("__Schema")), type_type_(meta("__Type")), field_type_(meta("__Field")),
          input_value_type_(meta("__InputValue")), enum_value_type_(meta("__EnumValue")),
          directive_type_(meta("__Directive")) {
        // What a complete introspection of this schema produces is a few dozen values per type,
        // field, argument and enum value; a document that asks for far more (nesting `fields {
        // type { fields ...` or aliasing the same lists) grows exponentially and is refused.
        size_t members = 0;
        for (const TypeDef* t : types_) {
            members += 1 + t->fields.size() + t->input_fields.size() + t->enum_values.size();
            for (const auto& f : t->fields) members += f.args.size();
        }
        budget_ = kValuesPerMember * members + 100'000;
    }

    Json root(const CollectedField& field) {
        std::string_view name = field.first().name;
        if (name == "__typename") return schema_.query_type()->name;
        if (name == "__schema") return schema_object(subfields(schema_type_, field));
        if (name == "__type") {
            const Json& args = arguments(schema_.type_field(), field);
            const TypeDef* type = find_type(args.value("name", std::string()));
            if (!type) return nullptr;
            return type_object(TypeView(type, {}), subfields(type_type_, field));
        }
        return nullptr;
    }

private:
    const TypeDef& meta(std::string_view name) const {
        const TypeDef* type = schema_.type(name);
        if (!type) throw std::logic_error("schema has no introspection type " + std::string(name));
        return *type;
    }

    // graphql-js' schema.getType(): only the types the schema shows.
    const TypeDef* find_type(const std::string& name) const {
        auto it = std::lower_bound(types_.begin(), types_.end(), name,
                                   [](const TypeDef* t, const std::string& n) { return t->name < n; });
        return it != types_.end() && (*it)->name == name ? *it : nullptr;
    }

    const Fields& subfields(const TypeDef& meta_type, const CollectedField& field) {
        auto key = std::make_pair(&meta_type, field.nodes);
        auto it = collected_.find(key);
        if (it == collected_.end()) {
            it = collected_.emplace(std::move(key), graphql::collect_subfields(schema_, document_, meta_type, field,
                                                                                variables_)).first;
        }
        return it->second;
    }

    // A field's arguments, coerced (defaults applied).  Merged nodes have equal arguments.
    const Json& arguments(const FieldDef& definition, const CollectedField& field) {
        const graphql::ast::Selection& node = field.first();
        auto it = arguments_.find(&node);
        if (it == arguments_.end()) {
            it = arguments_.emplace(&node, graphql::coerce_argument_values(definition.args, node.arguments, node.loc,
                                                                            variables_, document_)).first;
        }
        return it->second;
    }

    bool include_deprecated(const TypeDef& meta_type, const CollectedField& field) {
        const FieldDef* definition = meta_type.field(field.first().name);
        if (!definition) return false;
        const Json& args = arguments(*definition, field);
        auto it = args.find("includeDeprecated");
        return it != args.end() && it->is_boolean() && it->get<bool>();
    }

    template <typename Item, typename Resolve>
    Json list(const std::vector<Item>& items, const TypeDef& item_type, const CollectedField& field, Resolve resolve) {
        const Fields& fields = subfields(item_type, field);
        Json out = Json::array();
        for (const Item& item : items) out.push_back(resolve(item, fields));
        return out;
    }

    // Members not deprecated, or all of them.
    template <typename Item>
    static std::vector<const Item*> listed(const std::vector<Item>& items, bool with_deprecated) {
        std::vector<const Item*> out;
        out.reserve(items.size());
        for (const Item& item : items) {
            if (with_deprecated || !item.deprecated) out.push_back(&item);
        }
        return out;
    }

    Json schema_object(const Fields& fields) {
        produce(fields.size() + 1);
        Json out = Json::object();
        for (const CollectedField& f : fields) {
            std::string_view name = f.first().name;
            Json& value = out[std::string(f.response_name)];
            if (name == "__typename") value = schema_type_.name;
            else if (name == "description") value = text_or_null(schema_.description);
            else if (name == "types") {
                value = list(types_, type_type_, f,
                             [&](const TypeDef* t, const Fields& sub) { return type_object(TypeView(t, {}), sub); });
            } else if (name == "queryType") value = type_or_null(schema_.query_type(), f);
            else if (name == "mutationType") value = type_or_null(schema_.mutation_type(), f);
            else if (name == "subscriptionType") value = type_or_null(schema_.subscription_type(), f);
            else if (name == "directives") {
                value = list(schema_.directives(), directive_type_, f,
                             [&](const std::unique_ptr<DirectiveDef>& d, const Fields& sub) { return directive_object(*d, sub); });
            } else value = nullptr;
        }
        return out;
    }

    Json type_or_null(const TypeDef* type, const CollectedField& field) {
        if (!type) return nullptr;
        return type_object(TypeView(type, {}), subfields(type_type_, field));
    }

    Json type_object(TypeView type, const Fields& fields) {
        produce(fields.size() + 1);
        const TypeDef* def = type.is_named() ? type.def : nullptr;  // wrappers have no members
        Json out = Json::object();
        for (const CollectedField& f : fields) {
            std::string_view name = f.first().name;
            Json& value = out[std::string(f.response_name)];
            if (name == "__typename") value = type_type_.name;
            else if (name == "kind") {
                value = type.is_list() ? "LIST" : type.is_non_null() ? "NON_NULL" : graphql::type_kind_name(type.def->kind);
            } else if (name == "name") value = def ? Json(def->name) : Json(nullptr);
            else if (name == "description") value = def ? text_or_null(def->description) : Json(nullptr);
            else if (name == "specifiedByURL") {
                value = def && def->kind == TypeKind::Scalar ? text_or_null(def->specified_by_url) : Json(nullptr);
            } else if (name == "isOneOf") {
                value = def && def->kind == TypeKind::InputObject ? Json(false) : Json(nullptr);
            } else if (name == "fields") {
                if (def && (def->kind == TypeKind::Object || def->kind == TypeKind::Interface)) {
                    value = list(listed(def->fields, include_deprecated(type_type_, f)), field_type_, f,
                                 [&](const FieldDef* d, const Fields& sub) { return field_object(*d, sub); });
                } else value = nullptr;
            } else if (name == "interfaces") {
                if (def && (def->kind == TypeKind::Object || def->kind == TypeKind::Interface)) {
                    value = list(def->interface_defs, type_type_, f,
                                 [&](const TypeDef* t, const Fields& sub) { return type_object(TypeView(t, {}), sub); });
                } else value = nullptr;
            } else if (name == "possibleTypes") {
                if (def && def->is_abstract()) {
                    value = list(def->possible_types, type_type_, f,
                                 [&](const TypeDef* t, const Fields& sub) { return type_object(TypeView(t, {}), sub); });
                } else value = nullptr;
            } else if (name == "enumValues") {
                if (def && def->kind == TypeKind::Enum) {
                    value = list(listed(def->enum_values, include_deprecated(type_type_, f)), enum_value_type_, f,
                                 [&](const EnumValueDef* v, const Fields& sub) { return enum_value_object(*v, sub); });
                } else value = nullptr;
            } else if (name == "inputFields") {
                if (def && def->kind == TypeKind::InputObject) {
                    value = list(listed(def->input_fields, include_deprecated(type_type_, f)), input_value_type_, f,
                                 [&](const InputValueDef* v, const Fields& sub) { return input_value_object(*v, sub); });
                } else value = nullptr;
            } else if (name == "ofType") {
                value = def ? Json(nullptr) : type_object(type.of_type(), subfields(type_type_, f));
            } else value = nullptr;
        }
        return out;
    }

    Json field_object(const FieldDef& field, const Fields& fields) {
        produce(fields.size() + 1);
        Json out = Json::object();
        for (const CollectedField& f : fields) {
            std::string_view name = f.first().name;
            Json& value = out[std::string(f.response_name)];
            if (name == "__typename") value = field_type_.name;
            else if (name == "name") value = field.name;
            else if (name == "description") value = text_or_null(field.description);
            else if (name == "args") {
                value = list(listed(field.args, include_deprecated(field_type_, f)), input_value_type_, f,
                             [&](const InputValueDef* v, const Fields& sub) { return input_value_object(*v, sub); });
            } else if (name == "type") value = type_object(TypeView(field.type), subfields(type_type_, f));
            else if (name == "isDeprecated") value = field.deprecated;
            else if (name == "deprecationReason") value = deprecation_reason(field.deprecated, field.deprecation_reason);
            else value = nullptr;
        }
        return out;
    }

    Json input_value_object(const InputValueDef& input, const Fields& fields) {
        produce(fields.size() + 1);
        Json out = Json::object();
        for (const CollectedField& f : fields) {
            std::string_view name = f.first().name;
            Json& value = out[std::string(f.response_name)];
            if (name == "__typename") value = input_value_type_.name;
            else if (name == "name") value = input.name;
            else if (name == "description") value = text_or_null(input.description);
            else if (name == "type") value = type_object(TypeView(input.type), subfields(type_type_, f));
            else if (name == "defaultValue") value = input.default_value ? Json(*input.default_value) : Json(nullptr);
            else if (name == "isDeprecated") value = input.deprecated;
            else if (name == "deprecationReason") value = deprecation_reason(input.deprecated, input.deprecation_reason);
            else value = nullptr;
        }
        return out;
    }

    Json enum_value_object(const EnumValueDef& enum_value, const Fields& fields) {
        produce(fields.size() + 1);
        Json out = Json::object();
        for (const CollectedField& f : fields) {
            std::string_view name = f.first().name;
            Json& value = out[std::string(f.response_name)];
            if (name == "__typename") value = enum_value_type_.name;
            else if (name == "name") value = enum_value.name;
            else if (name == "description") value = text_or_null(enum_value.description);
            else if (name == "isDeprecated") value = enum_value.deprecated;
            else if (name == "deprecationReason") {
                value = deprecation_reason(enum_value.deprecated, enum_value.deprecation_reason);
            } else value = nullptr;
        }
        return out;
    }

    Json directive_object(const DirectiveDef& directive, const Fields& fields) {
        produce(fields.size() + 1);
        Json out = Json::object();
        for (const CollectedField& f : fields) {
            std::string_view name = f.first().name;
            Json& value = out[std::string(f.response_name)];
            if (name == "__typename") value = directive_type_.name;
            else if (name == "name") value = directive.name;
            else if (name == "description") value = text_or_null(directive.description);
            else if (name == "isRepeatable") value = directive.repeatable;
            else if (name == "locations") {
                value = Json::array();
                for (graphql::DirectiveLocation location : directive.locations) {
                    value.push_back(graphql::directive_location_name(location));
                }
            } else if (name == "args") {
                value = list(listed(directive.args, include_deprecated(directive_type_, f)), input_value_type_, f,
                             [&](const InputValueDef* v, const Fields& sub) { return input_value_object(*v, sub); });
            } else value = nullptr;
        }
        return out;
    }

    // Counts the values of an object about to be built; past the budget, the request is refused,
    // and every so often a cancel request gets its chance.
    void produce(size_t values) {
        produced_ += values;
        if (produced_ > budget_)
            throw GraphQLError("The introspection result would exceed " + std::to_string(budget_) +
                                   " values (a bound from the size of the schema): the query nests or repeats "
                                   "its selections too much",
                               {}, error_code::validation_failed);
        if (limits_.check_interrupt && produced_ / 10'000 != checked_) {
            checked_ = produced_ / 10'000;
            limits_.check_interrupt();
        }
    }

    static constexpr size_t kValuesPerMember = 200;

    const graphql::Schema& schema_;
    const std::vector<const TypeDef*>& types_;
    const graphql::ast::Document& document_;
    const Json& variables_;
    const graphql::Limits& limits_;
    size_t budget_ = 0;
    size_t produced_ = 0;
    size_t checked_ = 0;
    const TypeDef& schema_type_;
    const TypeDef& type_type_;
    const TypeDef& field_type_;
    const TypeDef& input_value_type_;
    const TypeDef& enum_value_type_;
    const TypeDef& directive_type_;
    std::map<std::pair<const TypeDef*, std::vector<const graphql::ast::Selection*>>, Fields> collected_;
    std::unordered_map<const graphql::ast::Selection*, Json> arguments_;
};

}  // namespace

bool is_introspection_field(std::string_view name) {
    return name == "__schema" || name == "__type" || name == "__typename";
}

Json execute_introspection(const GraphQLSchema& schema, const graphql::ast::Document& document,
                           const CollectedField& root_field, const Json& variables, const graphql::Limits& limits) {
    return Introspector(schema.schema(), schema.visible_types(), document, variables, limits).root(root_field);
}

Json execute_introspection(const graphql::Schema& schema, const graphql::ast::Document& document,
                           const CollectedField& root_field, const Json& variables, const graphql::Limits& limits) {
    const std::vector<const TypeDef*> types = visible_types(schema);
    return Introspector(schema, types, document, variables, limits).root(root_field);
}

Json execute_introspection_operation(const GraphQLSchema& schema, const graphql::ast::Document& document,
                                     const graphql::ast::OperationDefinition& operation, const Json& variables,
                                     const graphql::Limits& limits) {
    const graphql::Schema& s = schema.schema();
    const TypeDef* root = s.root_type(operation.operation);
    if (operation.operation != graphql::ast::OperationType::Query || !root) {
        throw GraphQLError("only query operations can be answered from the schema alone",
                           {document.location(operation.loc)}, error_code::validation_failed);
    }
    const Fields fields = graphql::collect_fields(s, document, *root, operation.selection_set, variables);
    Introspector introspector(s, schema.visible_types(), document, variables, limits);
    Json data = Json::object();
    for (const CollectedField& field : fields) {
        if (!is_introspection_field(field.first().name)) {
            throw GraphQLError("field \"" + std::string(field.first().name) + "\" is not an introspection field",
                               {document.location(field.first().loc)}, error_code::validation_failed);
        }
        data[std::string(field.response_name)] = introspector.root(field);
    }
    return data;
}

}  // namespace graphgate::schema
