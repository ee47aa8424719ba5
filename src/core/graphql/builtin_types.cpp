#include "core/graphql/builtin_types.hpp"

#include "core/graphql/schema_interface.hpp"

namespace graphgate::graphql {

namespace {

void add_if_missing(Schema& schema, TypeDef type) {
    if (!schema.type(type.name)) schema.add_type(std::move(type));
}

FieldDef with_include_deprecated(FieldDef field) {
    field.args.push_back(input_value("includeDeprecated", "Boolean", "false"));
    return field;
}

void add_introspection_types(Schema& schema) {
    add_if_missing(schema, TypeDef::object("__Schema", {
        field_def("description", "String"),
        field_def("types", "[__Type!]!"),
        field_def("queryType", "__Type!"),
        field_def("mutationType", "__Type"),
        field_def("subscriptionType", "__Type"),
        field_def("directives", "[__Directive!]!"),
    }));
    add_if_missing(schema, TypeDef::object("__Type", {
        field_def("kind", "__TypeKind!"),
        field_def("name", "String"),
        field_def("description", "String"),
        field_def("specifiedByURL", "String"),
        field_def("isOneOf", "Boolean"),
        with_include_deprecated(field_def("fields", "[__Field!]")),
        field_def("interfaces", "[__Type!]"),
        field_def("possibleTypes", "[__Type!]"),
        with_include_deprecated(field_def("enumValues", "[__EnumValue!]")),
        with_include_deprecated(field_def("inputFields", "[__InputValue!]")),
        field_def("ofType", "__Type"),
    }));
    add_if_missing(schema, TypeDef::enumeration("__TypeKind", {
        "SCALAR", "OBJECT", "INTERFACE", "UNION", "ENUM", "INPUT_OBJECT", "LIST", "NON_NULL"}));
    add_if_missing(schema, TypeDef::object("__Field", {
        field_def("name", "String!"),
        field_def("description", "String"),
        with_include_deprecated(field_def("args", "[__InputValue!]!")),
        field_def("type", "__Type!"),
        field_def("isDeprecated", "Boolean!"),
        field_def("deprecationReason", "String"),
    }));
    add_if_missing(schema, TypeDef::object("__InputValue", {
        field_def("name", "String!"),
        field_def("description", "String"),
        field_def("type", "__Type!"),
        field_def("defaultValue", "String"),
        field_def("isDeprecated", "Boolean!"),
        field_def("deprecationReason", "String"),
    }));
    add_if_missing(schema, TypeDef::object("__EnumValue", {
        field_def("name", "String!"),
        field_def("description", "String"),
        field_def("isDeprecated", "Boolean!"),
        field_def("deprecationReason", "String"),
    }));
    add_if_missing(schema, TypeDef::object("__Directive", {
        field_def("name", "String!"),
        field_def("description", "String"),
        field_def("isRepeatable", "Boolean!"),
        field_def("locations", "[__DirectiveLocation!]!"),
        with_include_deprecated(field_def("args", "[__InputValue!]!")),
    }));
    std::vector<std::string> locations;
    for (int i = 0; i <= static_cast<int>(DirectiveLocation::InputFieldDefinition); ++i) {
        locations.emplace_back(directive_location_name(static_cast<DirectiveLocation>(i)));
    }
    add_if_missing(schema, TypeDef::enumeration("__DirectiveLocation", std::move(locations)));
}

void add_directive_if_missing(Schema& schema, DirectiveDef directive) {
    if (!schema.directive(directive.name)) schema.add_directive(std::move(directive));
}

}  // namespace

void add_builtin_definitions(Schema& schema) {
    add_if_missing(schema, TypeDef::scalar(
        "Int", "The `Int` scalar type represents non-fractional signed whole numeric values. "
               "Int can represent values between -(2^31) and 2^31 - 1."));
    add_if_missing(schema, TypeDef::scalar(
        "Float", "The `Float` scalar type represents signed double-precision fractional values as specified by "
                 "[IEEE 754](https://en.wikipedia.org/wiki/IEEE_floating_point)."));
    add_if_missing(schema, TypeDef::scalar(
        "String", "The `String` scalar type represents textual data, represented as UTF-8 character sequences. "
                  "The String type is most often used by GraphQL to represent free-form human-readable text."));
    add_if_missing(schema, TypeDef::scalar("Boolean", "The `Boolean` scalar type represents `true` or `false`."));
    add_if_missing(schema, TypeDef::scalar(
        "ID", "The `ID` scalar type represents a unique identifier, often used to refetch an object or as key for "
              "a cache. The ID type appears in a JSON response as a String; however, it is not intended to be "
              "human-readable. When expected as an input type, any string (such as `\"4\"`) or integer (such as "
              "`4`) input value will be accepted as an ID."));

    const std::vector<DirectiveLocation> conditional = {DirectiveLocation::Field, DirectiveLocation::FragmentSpread,
                                                        DirectiveLocation::InlineFragment};
    add_directive_if_missing(schema, DirectiveDef{
        "include", "Directs the executor to include this field or fragment only when the `if` argument is true.",
        conditional, {input_value("if", "Boolean!")}, false});
    add_directive_if_missing(schema, DirectiveDef{
        "skip", "Directs the executor to skip this field or fragment when the `if` argument is true.",
        conditional, {input_value("if", "Boolean!")}, false});
    add_directive_if_missing(schema, DirectiveDef{
        "deprecated", "Marks an element of a GraphQL schema as no longer supported.",
        {DirectiveLocation::FieldDefinition, DirectiveLocation::ArgumentDefinition,
         DirectiveLocation::InputFieldDefinition, DirectiveLocation::EnumValue},
        {input_value("reason", "String", "\"No longer supported\"")}, false});
    add_directive_if_missing(schema, DirectiveDef{
        "specifiedBy", "Exposes a URL that specifies the behavior of this scalar.",
        {DirectiveLocation::Scalar}, {input_value("url", "String!")}, false});

    add_introspection_types(schema);
}

}  // namespace graphgate::graphql
