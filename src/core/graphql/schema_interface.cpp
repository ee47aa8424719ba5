#include "core/graphql/schema_interface.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/graphql/builtin_types.hpp"

namespace graphgate::graphql {

namespace {

bool is_name(std::string_view text) {
    if (text.empty()) return false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
        if (!ok) return false;
    }
    return true;
}

template <typename T>
void build_index(std::unordered_map<std::string_view, uint32_t>& index, const std::vector<T>& items,
                 const std::string& owner) {
    index.clear();
    index.reserve(items.size());
    for (uint32_t i = 0; i < items.size(); ++i) {
        if (!index.emplace(items[i].name, i).second) {
            throw std::invalid_argument("duplicate member \"" + items[i].name + "\" in \"" + owner + "\"");
        }
    }
}

template <typename T>
const T* find_indexed(const std::unordered_map<std::string_view, uint32_t>& index, const std::vector<T>& items,
                      std::string_view name) {
    if (index.empty()) {  // before finalize
        for (const T& item : items) {
            if (item.name == name) return &item;
        }
        return nullptr;
    }
    auto it = index.find(name);
    return it == index.end() ? nullptr : &items[it->second];
}

}  // namespace

const char* type_kind_name(TypeKind kind) {
    switch (kind) {
        case TypeKind::Scalar: return "SCALAR";
        case TypeKind::Object: return "OBJECT";
        case TypeKind::Interface: return "INTERFACE";
        case TypeKind::Union: return "UNION";
        case TypeKind::Enum: return "ENUM";
        case TypeKind::InputObject: return "INPUT_OBJECT";
        case TypeKind::List: return "LIST";
        case TypeKind::NonNull: return "NON_NULL";
    }
    return "SCALAR";
}

const char* directive_location_name(DirectiveLocation location) {
    switch (location) {
        case DirectiveLocation::Query: return "QUERY";
        case DirectiveLocation::Mutation: return "MUTATION";
        case DirectiveLocation::Subscription: return "SUBSCRIPTION";
        case DirectiveLocation::Field: return "FIELD";
        case DirectiveLocation::FragmentDefinition: return "FRAGMENT_DEFINITION";
        case DirectiveLocation::FragmentSpread: return "FRAGMENT_SPREAD";
        case DirectiveLocation::InlineFragment: return "INLINE_FRAGMENT";
        case DirectiveLocation::VariableDefinition: return "VARIABLE_DEFINITION";
        case DirectiveLocation::Schema: return "SCHEMA";
        case DirectiveLocation::Scalar: return "SCALAR";
        case DirectiveLocation::Object: return "OBJECT";
        case DirectiveLocation::FieldDefinition: return "FIELD_DEFINITION";
        case DirectiveLocation::ArgumentDefinition: return "ARGUMENT_DEFINITION";
        case DirectiveLocation::Interface: return "INTERFACE";
        case DirectiveLocation::Union: return "UNION";
        case DirectiveLocation::Enum: return "ENUM";
        case DirectiveLocation::EnumValue: return "ENUM_VALUE";
        case DirectiveLocation::InputObject: return "INPUT_OBJECT";
        case DirectiveLocation::InputFieldDefinition: return "INPUT_FIELD_DEFINITION";
    }
    return "QUERY";
}

TypeRef TypeRef::parse(std::string_view text) {
    TypeRef ref;
    std::string_view rest = text;
    size_t lists = 0;
    while (!rest.empty() && rest.front() == '[') {
        ref.wrappers += 'L';
        rest.remove_prefix(1);
        ++lists;
    }
    size_t name_end = 0;
    while (name_end < rest.size() && rest[name_end] != '!' && rest[name_end] != ']') ++name_end;
    ref.name = std::string(rest.substr(0, name_end));
    rest.remove_prefix(name_end);
    // Wrappers were recorded outside-in for the lists; each '!' belongs right after the list
    // (or name) it closes, so rebuild from the inside out.
    std::string inner_to_outer;
    if (!rest.empty() && rest.front() == '!') {
        inner_to_outer += '!';
        rest.remove_prefix(1);
    }
    for (size_t i = 0; i < lists; ++i) {
        if (rest.empty() || rest.front() != ']') throw std::invalid_argument("bad type reference: " + std::string(text));
        rest.remove_prefix(1);
        inner_to_outer += 'L';
        if (!rest.empty() && rest.front() == '!') {
            inner_to_outer += '!';
            rest.remove_prefix(1);
        }
    }
    if (!rest.empty() || !is_name(ref.name)) throw std::invalid_argument("bad type reference: " + std::string(text));
    ref.wrappers.assign(inner_to_outer.rbegin(), inner_to_outer.rend());
    return ref;
}

namespace {
std::string wrap_type_name(std::string_view name, std::string_view wrappers) {
    std::string prefix, suffix;
    for (char w : wrappers) {
        if (w == 'L') {
            prefix += '[';
            suffix.insert(suffix.begin(), ']');
        } else {
            suffix.insert(suffix.begin(), '!');
        }
    }
    return prefix + std::string(name) + suffix;
}
}  // namespace

std::string TypeRef::to_string() const { return wrap_type_name(name, wrappers); }

std::string TypeView::to_string() const { return wrap_type_name(def ? std::string_view(def->name) : "?", wrappers); }

const InputValueDef* FieldDef::arg(std::string_view arg_name) const {
    for (const InputValueDef& a : args) {
        if (a.name == arg_name) return &a;
    }
    return nullptr;
}

const InputValueDef* DirectiveDef::arg(std::string_view arg_name) const {
    for (const InputValueDef& a : args) {
        if (a.name == arg_name) return &a;
    }
    return nullptr;
}

bool DirectiveDef::allowed_at(DirectiveLocation location) const {
    return std::find(locations.begin(), locations.end(), location) != locations.end();
}

InputValueDef input_value(std::string name, std::string_view type, std::optional<std::string> default_value) {
    InputValueDef def;
    def.name = std::move(name);
    def.type = TypeRef::parse(type);
    def.default_value = std::move(default_value);
    return def;
}

FieldDef field_def(std::string name, std::string_view type, std::vector<InputValueDef> args) {
    FieldDef def;
    def.name = std::move(name);
    def.type = TypeRef::parse(type);
    def.args = std::move(args);
    return def;
}

TypeDef TypeDef::scalar(std::string name, std::string description) {
    TypeDef t;
    t.kind = TypeKind::Scalar;
    t.name = std::move(name);
    t.description = std::move(description);
    return t;
}

TypeDef TypeDef::custom_scalar(std::string name, ScalarCoercer coerce) {
    TypeDef t = scalar(std::move(name));
    t.coerce_input = std::move(coerce);
    return t;
}

TypeDef TypeDef::object(std::string name, std::vector<FieldDef> fields, std::vector<std::string> interfaces) {
    TypeDef t;
    t.kind = TypeKind::Object;
    t.name = std::move(name);
    t.fields = std::move(fields);
    t.interfaces = std::move(interfaces);
    return t;
}

TypeDef TypeDef::interface(std::string name, std::vector<FieldDef> fields) {
    TypeDef t;
    t.kind = TypeKind::Interface;
    t.name = std::move(name);
    t.fields = std::move(fields);
    return t;
}

TypeDef TypeDef::union_of(std::string name, std::vector<std::string> members) {
    TypeDef t;
    t.kind = TypeKind::Union;
    t.name = std::move(name);
    t.members = std::move(members);
    return t;
}

TypeDef TypeDef::enumeration(std::string name, std::vector<std::string> values) {
    TypeDef t;
    t.kind = TypeKind::Enum;
    t.name = std::move(name);
    for (std::string& v : values) t.enum_values.push_back(EnumValueDef{std::move(v), {}, false, {}});
    return t;
}

TypeDef TypeDef::input_object(std::string name, std::vector<InputValueDef> fields) {
    TypeDef t;
    t.kind = TypeKind::InputObject;
    t.name = std::move(name);
    t.input_fields = std::move(fields);
    return t;
}

const FieldDef* TypeDef::field(std::string_view field_name) const {
    if (kind != TypeKind::Object && kind != TypeKind::Interface) return nullptr;
    return find_indexed(index_, fields, field_name);
}

const InputValueDef* TypeDef::input_field(std::string_view field_name) const {
    if (kind != TypeKind::InputObject) return nullptr;
    return find_indexed(index_, input_fields, field_name);
}

const EnumValueDef* TypeDef::enum_value(std::string_view value_name) const {
    if (kind != TypeKind::Enum) return nullptr;
    return find_indexed(index_, enum_values, value_name);
}

bool TypeDef::implements(const TypeDef* interface) const {
    return std::find(interface_defs.begin(), interface_defs.end(), interface) != interface_defs.end();
}

Schema::Schema() = default;

TypeDef& Schema::add_type(TypeDef type) {
    if (finalized_) throw std::logic_error("Schema::add_type after finalize");
    if (!is_name(type.name)) throw std::invalid_argument("bad type name \"" + type.name + "\"");
    if (types_by_name_.count(type.name)) throw std::invalid_argument("duplicate type \"" + type.name + "\"");
    types_.push_back(std::make_unique<TypeDef>(std::move(type)));
    TypeDef& added = *types_.back();
    types_by_name_.emplace(added.name, &added);
    return added;
}

DirectiveDef& Schema::add_directive(DirectiveDef directive) {
    if (finalized_) throw std::logic_error("Schema::add_directive after finalize");
    if (!is_name(directive.name)) throw std::invalid_argument("bad directive name \"" + directive.name + "\"");
    if (directives_by_name_.count(directive.name)) {
        throw std::invalid_argument("duplicate directive \"@" + directive.name + "\"");
    }
    directives_.push_back(std::make_unique<DirectiveDef>(std::move(directive)));
    DirectiveDef& added = *directives_.back();
    directives_by_name_.emplace(added.name, &added);
    return added;
}

void Schema::set_root_types(std::string query, std::string mutation, std::string subscription) {
    query_name_ = std::move(query);
    mutation_name_ = std::move(mutation);
    subscription_name_ = std::move(subscription);
}

void Schema::resolve(TypeRef& ref, const std::string& context) const {
    auto it = types_by_name_.find(ref.name);
    if (it == types_by_name_.end()) {
        throw std::invalid_argument("unknown type \"" + ref.name + "\" in " + context);
    }
    ref.def = it->second;
}

void Schema::finalize() {
    if (finalized_) return;
    add_builtin_definitions(*this);

    for (auto& type_ptr : types_) {
        TypeDef& type = *type_ptr;
        if (type.kind == TypeKind::List || type.kind == TypeKind::NonNull) {
            throw std::invalid_argument("type \"" + type.name + "\" cannot be of a wrapper kind");
        }
        if (type.kind == TypeKind::Scalar) {
            if (type.name == "Int") type.builtin = BuiltinScalar::Int;
            else if (type.name == "Float") type.builtin = BuiltinScalar::Float;
            else if (type.name == "String") type.builtin = BuiltinScalar::String;
            else if (type.name == "Boolean") type.builtin = BuiltinScalar::Boolean;
            else if (type.name == "ID") type.builtin = BuiltinScalar::ID;
        }
        switch (type.kind) {
            case TypeKind::Object:
            case TypeKind::Interface:
                build_index(type.index_, type.fields, type.name);
                for (FieldDef& field : type.fields) {
                    std::string where = "\"" + type.name + "." + field.name + "\"";
                    resolve(field.type, where);
                    if (field.type.def->kind == TypeKind::InputObject) {
                        throw std::invalid_argument("field " + where + " has input type \"" + field.type.name + "\"");
                    }
                    for (InputValueDef& arg : field.args) {
                        resolve(arg.type, where);
                        if (!arg.type.def->is_input()) {
                            throw std::invalid_argument("argument \"" + arg.name + "\" of " + where + " is not an input type");
                        }
                    }
                }
                type.interface_defs.clear();
                for (const std::string& name : type.interfaces) {
                    auto it = types_by_name_.find(name);
                    if (it == types_by_name_.end() || it->second->kind != TypeKind::Interface) {
                        throw std::invalid_argument("\"" + type.name + "\" implements unknown interface \"" + name + "\"");
                    }
                    type.interface_defs.push_back(it->second);
                }
                break;
            case TypeKind::Enum:
                build_index(type.index_, type.enum_values, type.name);
                break;
            case TypeKind::InputObject:
                build_index(type.index_, type.input_fields, type.name);
                for (InputValueDef& field : type.input_fields) {
                    resolve(field.type, "\"" + type.name + "." + field.name + "\"");
                    if (!field.type.def->is_input()) {
                        throw std::invalid_argument("input field \"" + type.name + "." + field.name + "\" is not an input type");
                    }
                }
                break;
            default:
                break;
        }
    }
    // Possible types of abstract types, in definition order.
    for (auto& type_ptr : types_) {
        TypeDef& type = *type_ptr;
        type.possible_types.clear();
        if (type.kind == TypeKind::Union) {
            for (const std::string& name : type.members) {
                auto it = types_by_name_.find(name);
                if (it == types_by_name_.end() || it->second->kind != TypeKind::Object) {
                    throw std::invalid_argument("union \"" + type.name + "\" has a member \"" + name + "\" that is not an object type");
                }
                type.possible_types.push_back(it->second);
            }
        } else if (type.kind == TypeKind::Interface) {
            for (auto& other : types_) {
                if (other->kind == TypeKind::Object && other->implements(&type)) type.possible_types.push_back(other.get());
            }
        }
    }
    for (auto& directive : directives_) {
        for (InputValueDef& arg : directive->args) {
            resolve(arg.type, "directive \"@" + directive->name + "\"");
            if (!arg.type.def->is_input()) {
                throw std::invalid_argument("argument \"" + arg.name + "\" of \"@" + directive->name + "\" is not an input type");
            }
        }
    }
    auto root = [&](const std::string& name) -> const TypeDef* {
        if (name.empty()) return nullptr;
        const TypeDef* t = type(name);
        if (!t || t->kind != TypeKind::Object) throw std::invalid_argument("root type \"" + name + "\" is not an object type");
        return t;
    };
    query_ = root(query_name_.empty() ? (type("Query") ? "Query" : "") : query_name_);
    mutation_ = root(mutation_name_);
    subscription_ = root(subscription_name_);

    typename_field_ = field_def("__typename", "String!");
    schema_field_ = field_def("__schema", "__Schema!");
    type_field_ = field_def("__type", "__Type", {input_value("name", "String!")});
    resolve(typename_field_.type, "__typename");
    resolve(schema_field_.type, "__schema");
    resolve(type_field_.type, "__type");
    resolve(type_field_.args[0].type, "__type");
    finalized_ = true;
}

const TypeDef* Schema::type(std::string_view name) const {
    auto it = types_by_name_.find(name);
    return it == types_by_name_.end() ? nullptr : it->second;
}

const DirectiveDef* Schema::directive(std::string_view name) const {
    auto it = directives_by_name_.find(name);
    return it == directives_by_name_.end() ? nullptr : it->second;
}

const TypeDef* Schema::root_type(ast::OperationType operation) const {
    switch (operation) {
        case ast::OperationType::Query: return query_;
        case ast::OperationType::Mutation: return mutation_;
        case ast::OperationType::Subscription: return subscription_;
    }
    return nullptr;
}

bool Schema::is_sub_type(const TypeDef* abstract, const TypeDef* maybe_sub) const {
    if (abstract->kind == TypeKind::Union) {
        return std::find(abstract->possible_types.begin(), abstract->possible_types.end(), maybe_sub) !=
               abstract->possible_types.end();
    }
    if (abstract->kind == TypeKind::Interface) return maybe_sub->implements(abstract);
    return false;
}

bool Schema::types_overlap(const TypeDef* a, const TypeDef* b) const {
    if (a == b) return true;
    if (a->is_abstract()) {
        if (b->is_abstract()) {
            for (const TypeDef* t : b->possible_types) {
                if (is_sub_type(a, t)) return true;
            }
            return false;
        }
        return is_sub_type(a, b);
    }
    if (b->is_abstract()) return is_sub_type(b, a);
    return false;
}

}  // namespace graphgate::graphql
