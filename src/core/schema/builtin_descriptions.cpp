#include "core/schema/builtin_descriptions.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "core/graphql/builtin_types.hpp"

namespace graphgate::schema {

namespace {

using graphql::TypeDef;

struct TypeWords {
    const char* description;
    // Field (object types) or value (enums) name -> description.
    std::unordered_map<std::string, const char*> members;
};

const std::unordered_map<std::string, TypeWords>& type_words() {
    static const std::unordered_map<std::string, TypeWords> words = {
        {"__Schema",
         {"A GraphQL Schema defines the capabilities of a GraphQL server. It exposes all available types and "
          "directives on the server, as well as the entry points for query, mutation, and subscription operations.",
          {{"types", "A list of all types supported by this server."},
           {"queryType", "The type that query operations will be rooted at."},
           {"mutationType", "If this server supports mutation, the type that mutation operations will be rooted at."},
           {"subscriptionType",
            "If this server support subscription, the type that subscription operations will be rooted at."},
           {"directives", "A list of all directives supported by this server."}}}},
        {"__Directive",
         {"A Directive provides a way to describe alternate runtime execution and type validation behavior in a "
          "GraphQL document.\n\nIn some cases, you need to provide options to alter GraphQL's execution behavior in "
          "ways field arguments will not suffice, such as conditionally including or skipping a field. Directives "
          "provide this by describing additional information to the executor.",
          {}}},
        {"__DirectiveLocation",
         {"A Directive can be adjacent to many parts of the GraphQL language, a __DirectiveLocation describes one "
          "such possible adjacencies.",
          {{"QUERY", "Location adjacent to a query operation."},
           {"MUTATION", "Location adjacent to a mutation operation."},
           {"SUBSCRIPTION", "Location adjacent to a subscription operation."},
           {"FIELD", "Location adjacent to a field."},
           {"FRAGMENT_DEFINITION", "Location adjacent to a fragment definition."},
           {"FRAGMENT_SPREAD", "Location adjacent to a fragment spread."},
           {"INLINE_FRAGMENT", "Location adjacent to an inline fragment."},
           {"VARIABLE_DEFINITION", "Location adjacent to a variable definition."},
           {"SCHEMA", "Location adjacent to a schema definition."},
           {"SCALAR", "Location adjacent to a scalar definition."},
           {"OBJECT", "Location adjacent to an object type definition."},
           {"FIELD_DEFINITION", "Location adjacent to a field definition."},
           {"ARGUMENT_DEFINITION", "Location adjacent to an argument definition."},
           {"INTERFACE", "Location adjacent to an interface definition."},
           {"UNION", "Location adjacent to a union definition."},
           {"ENUM", "Location adjacent to an enum definition."},
           {"ENUM_VALUE", "Location adjacent to an enum value definition."},
           {"INPUT_OBJECT", "Location adjacent to an input object type definition."},
           {"INPUT_FIELD_DEFINITION", "Location adjacent to an input object field definition."}}}},
        {"__Type",
         {"The fundamental unit of any GraphQL Schema is the type. There are many kinds of types in GraphQL as "
          "represented by the `__TypeKind` enum.\n\nDepending on the kind of a type, certain fields describe "
          "information about that type. Scalar types provide no information beyond a name, description and "
          "optional `specifiedByURL`, while Enum types provide their values. Object and Interface types provide the "
          "fields they describe. Abstract types, Union and Interface, provide the Object types possible at runtime. "
          "List and NonNull types compose other types.",
          {}}},
        {"__Field",
         {"Object and Interface types are described by a list of Fields, each of which has a name, potentially a "
          "list of arguments, and a return type.",
          {}}},
        {"__InputValue",
         {"Arguments provided to Fields or Directives and the input fields of an InputObject are represented as "
          "Input Values which describe their type and optionally a default value.",
          {{"defaultValue", "A GraphQL-formatted string representing the default value for this input value."}}}},
        {"__EnumValue",
         {"One possible value for a given Enum. Enum values are unique values, not a placeholder for a string or "
          "numeric value. However an Enum value is returned in a JSON response as a string.",
          {}}},
        {"__TypeKind",
         {"An enum describing what kind of type a given `__Type` is.",
          {{"SCALAR", "Indicates this type is a scalar."},
           {"OBJECT", "Indicates this type is an object. `fields` and `interfaces` are valid fields."},
           {"INTERFACE",
            "Indicates this type is an interface. `fields`, `interfaces`, and `possibleTypes` are valid fields."},
           {"UNION", "Indicates this type is a union. `possibleTypes` is a valid field."},
           {"ENUM", "Indicates this type is an enum. `enumValues` is a valid field."},
           {"INPUT_OBJECT", "Indicates this type is an input object. `inputFields` is a valid field."},
           {"LIST", "Indicates this type is a list. `ofType` is a valid field."},
           {"NON_NULL", "Indicates this type is a non-null. `ofType` is a valid field."}}}},
    };
    return words;
}

// Directive -> argument -> description.
const std::unordered_map<std::string, std::unordered_map<std::string, const char*>>& directive_arg_words() {
    static const std::unordered_map<std::string, std::unordered_map<std::string, const char*>> words = {
        {"include", {{"if", "Included when true."}}},
        {"skip", {{"if", "Skipped when true."}}},
        {"deprecated",
         {{"reason",
           "Explains why this element was deprecated, usually also including a suggestion for how to access "
           "supported similar data. Formatted using the Markdown syntax, as specified by "
           "[CommonMark](https://commonmark.org/)."}}},
        {"specifiedBy", {{"url", "The URL that specifies the behavior of this scalar."}}},
    };
    return words;
}

template <typename Member>
void describe_members(std::vector<Member>& members, const std::unordered_map<std::string, const char*>& words) {
    for (Member& member : members) {
        auto it = words.find(member.name);
        if (it != words.end() && member.description.empty()) member.description = it->second;
    }
}

}  // namespace

void add_described_builtins(graphql::Schema& schema) {
    graphql::add_builtin_definitions(schema);
    // Building phase: the schema hands out its definitions for completion until finalize().
    for (const auto& type : schema.types()) {
        auto it = type_words().find(type->name);
        if (it == type_words().end()) continue;
        if (type->description.empty()) type->description = it->second.description;
        describe_members(type->fields, it->second.members);
        describe_members(type->enum_values, it->second.members);
        if (type->name == "__Type") {
            std::stable_partition(type->fields.begin(), type->fields.end(),
                                  [](const graphql::FieldDef& f) { return f.name != "isOneOf"; });
        }
    }
    for (const auto& directive : schema.directives()) {
        auto it = directive_arg_words().find(directive->name);
        if (it != directive_arg_words().end()) describe_members(directive->args, it->second);
    }
}

}  // namespace graphgate::schema
