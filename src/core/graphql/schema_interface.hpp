#pragma once
// The schema as the validator and the coercer see it: a plain data model that the schema layer
// fills (from a catalog snapshot, say) and then freezes with finalize().  finalize() adds what
// every GraphQL schema has - the built-in scalars, @include/@skip/@deprecated/@specifiedBy and
// the introspection types (__Schema, __Type, ...) - and resolves every type reference, so that
// lookups afterwards are pointer hops.
//
// Building:
//   Schema s;
//   TypeDef& author = s.add_type(TypeDef::object("authors"));
//   author.fields.push_back(field_def("id", "Int!"));
//   s.add_type(TypeDef::custom_scalar("numeric"));
//   s.set_root_types("query_root", "", "");
//   s.finalize();   // throws std::invalid_argument on a dangling reference

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/graphql/ast.hpp"
#include "core/json.hpp"

namespace graphgate::graphql {

// Variables arrive and coerced values leave as order-preserving JSON: responses keep the order
// of selections, and so do the inputs echoed into them.
using graphgate::Json;

enum class TypeKind : uint8_t { Scalar, Object, Interface, Union, Enum, InputObject, List, NonNull };
const char* type_kind_name(TypeKind kind);  // "SCALAR", ... as __TypeKind spells it

enum class DirectiveLocation : uint8_t {
    Query, Mutation, Subscription, Field, FragmentDefinition, FragmentSpread, InlineFragment,
    VariableDefinition, Schema, Scalar, Object, FieldDefinition, ArgumentDefinition, Interface,
    Union, Enum, EnumValue, InputObject, InputFieldDefinition
};
const char* directive_location_name(DirectiveLocation location);  // "FIELD", ...

enum class BuiltinScalar : uint8_t { None, Int, Float, String, Boolean, ID };

struct TypeDef;

// A type as a field, argument or input field declares it: the named type and its wrappers from
// the outside in ('L' list, '!' non-null), "[Int!]!" being {"Int", "!L!"}.
struct TypeRef {
    std::string name;
    std::string wrappers;
    const TypeDef* def = nullptr;  // set by Schema::finalize

    static TypeRef parse(std::string_view text);  // "[Int!]!"; throws std::invalid_argument
    std::string to_string() const;
};

// A non-owning view of a (possibly partly unwrapped) type, for walking values and selections.
// def is null when the type is unknown (an error reported elsewhere).
struct TypeView {
    const TypeDef* def = nullptr;
    std::string_view wrappers;

    TypeView() = default;
    TypeView(const TypeDef* d, std::string_view w) : def(d), wrappers(w) {}
    explicit TypeView(const TypeRef& ref) : def(ref.def), wrappers(ref.wrappers) {}

    bool known() const { return def != nullptr; }
    bool is_non_null() const { return !wrappers.empty() && wrappers[0] == '!'; }
    bool is_list() const { return !wrappers.empty() && wrappers[0] == 'L'; }
    bool is_named() const { return wrappers.empty(); }
    TypeView of_type() const { return TypeView(def, wrappers.substr(1)); }  // drops one wrapper
    TypeView nullable() const { return is_non_null() ? of_type() : *this; }
    TypeView named() const { return TypeView(def, {}); }
    bool operator==(const TypeView& other) const { return def == other.def && wrappers == other.wrappers; }
    bool operator!=(const TypeView& other) const { return !(*this == other); }
    std::string to_string() const;
};

struct InputValueDef {
    std::string name;
    std::string description;
    TypeRef type;
    // A constant GraphQL literal, as introspection's defaultValue shows it ("10", "[ASC]").
    std::optional<std::string> default_value;
    bool deprecated = false;
    std::string deprecation_reason;
};

struct FieldDef {
    std::string name;
    std::string description;
    std::vector<InputValueDef> args;
    TypeRef type;
    bool deprecated = false;
    std::string deprecation_reason;

    const InputValueDef* arg(std::string_view name) const;
};

struct EnumValueDef {
    std::string name;
    std::string description;
    bool deprecated = false;
    std::string deprecation_reason;
};

// How a custom scalar accepts input.  It receives the JSON form of a variable's value or of a
// literal (Int/Float literals as numbers, strings as strings, enum values as strings, lists and
// objects as arrays and objects), may rewrite it to the form the SQL compiler binds, and returns
// an error message to refuse it.  A scalar without one accepts any value, as Hasura does for
// Postgres types such as numeric, uuid, timestamptz and jsonb.
using ScalarCoercer = std::function<std::optional<std::string>(Json& value)>;

struct TypeDef {
    TypeKind kind = TypeKind::Scalar;
    std::string name;
    std::string description;
    std::vector<FieldDef> fields;             // Object, Interface
    std::vector<std::string> interfaces;      // Object, Interface: interfaces implemented
    std::vector<std::string> members;         // Union: its object types
    std::vector<EnumValueDef> enum_values;    // Enum
    std::vector<InputValueDef> input_fields;  // InputObject
    ScalarCoercer coerce_input;               // Scalar: custom scalars only
    std::string specified_by_url;             // Scalar

    // Filled by Schema::finalize.
    BuiltinScalar builtin = BuiltinScalar::None;
    std::vector<const TypeDef*> interface_defs;  // resolved `interfaces`
    std::vector<const TypeDef*> possible_types;  // Union, Interface: the object types

    static TypeDef scalar(std::string name, std::string description = {});
    static TypeDef custom_scalar(std::string name, ScalarCoercer coerce = {});
    static TypeDef object(std::string name, std::vector<FieldDef> fields = {}, std::vector<std::string> interfaces = {});
    static TypeDef interface(std::string name, std::vector<FieldDef> fields = {});
    static TypeDef union_of(std::string name, std::vector<std::string> members);
    static TypeDef enumeration(std::string name, std::vector<std::string> values);
    static TypeDef input_object(std::string name, std::vector<InputValueDef> fields);

    const FieldDef* field(std::string_view name) const;
    const InputValueDef* input_field(std::string_view name) const;
    const EnumValueDef* enum_value(std::string_view name) const;

    bool is_composite() const { return kind == TypeKind::Object || kind == TypeKind::Interface || kind == TypeKind::Union; }
    bool is_abstract() const { return kind == TypeKind::Interface || kind == TypeKind::Union; }
    bool is_leaf() const { return kind == TypeKind::Scalar || kind == TypeKind::Enum; }
    bool is_input() const { return is_leaf() || kind == TypeKind::InputObject; }
    bool implements(const TypeDef* interface) const;

private:
    friend class Schema;
    std::unordered_map<std::string_view, uint32_t> index_;  // fields, input fields or enum values
};

struct DirectiveDef {
    std::string name;  // without '@'
    std::string description;
    std::vector<DirectiveLocation> locations;
    std::vector<InputValueDef> args;
    bool repeatable = false;

    const InputValueDef* arg(std::string_view name) const;
    bool allowed_at(DirectiveLocation location) const;
};

InputValueDef input_value(std::string name, std::string_view type, std::optional<std::string> default_value = {});
FieldDef field_def(std::string name, std::string_view type, std::vector<InputValueDef> args = {});

class Schema {
public:
    Schema();
    Schema(const Schema&) = delete;
    Schema& operator=(const Schema&) = delete;

    std::string description;

    // Building (before finalize).  Names must be unique; references may come before definitions.
    TypeDef& add_type(TypeDef type);
    DirectiveDef& add_directive(DirectiveDef directive);
    // Empty names mean the schema has no such root (Hasura has no subscription root, say).
    void set_root_types(std::string query, std::string mutation, std::string subscription);
    void finalize();

    // Lookups (after finalize).
    const TypeDef* type(std::string_view name) const;
    const DirectiveDef* directive(std::string_view name) const;
    const TypeDef* query_type() const { return query_; }
    const TypeDef* mutation_type() const { return mutation_; }
    const TypeDef* subscription_type() const { return subscription_; }
    const TypeDef* root_type(ast::OperationType operation) const;
    const std::vector<std::unique_ptr<TypeDef>>& types() const { return types_; }
    const std::vector<std::unique_ptr<DirectiveDef>>& directives() const { return directives_; }

    // The introspection meta-fields: __typename on every composite type, __schema and __type on
    // the query root only.
    const FieldDef& typename_field() const { return typename_field_; }
    const FieldDef& schema_field() const { return schema_field_; }
    const FieldDef& type_field() const { return type_field_; }

    // graphql-js' isSubType: can an object of `maybe_sub` be an `abstract`?
    bool is_sub_type(const TypeDef* abstract, const TypeDef* maybe_sub) const;
    // graphql-js' doTypesOverlap: can some object be of both types?
    bool types_overlap(const TypeDef* a, const TypeDef* b) const;

private:
    void resolve(TypeRef& ref, const std::string& context) const;

    std::vector<std::unique_ptr<TypeDef>> types_;
    std::vector<std::unique_ptr<DirectiveDef>> directives_;
    std::unordered_map<std::string_view, TypeDef*> types_by_name_;
    std::unordered_map<std::string_view, DirectiveDef*> directives_by_name_;
    std::string query_name_, mutation_name_, subscription_name_;
    const TypeDef* query_ = nullptr;
    const TypeDef* mutation_ = nullptr;
    const TypeDef* subscription_ = nullptr;
    FieldDef typename_field_, schema_field_, type_field_;
    bool finalized_ = false;
};

}  // namespace graphgate::graphql
