#pragma once
// What every schema has without declaring it: the scalars Int, Float, String, Boolean and ID,
// the directives @include, @skip, @deprecated and @specifiedBy, and the introspection types
// (__Schema, __Type, __TypeKind, __Field, __InputValue, __EnumValue, __Directive,
// __DirectiveLocation) as graphql-js 16 defines them, so that its getIntrospectionQuery() -
// with every option on - validates.

namespace graphgate::graphql {

class Schema;

// Adds each of them that the schema does not define itself.  Schema::finalize calls it.
void add_builtin_definitions(Schema& schema);

}  // namespace graphgate::graphql
