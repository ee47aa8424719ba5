#pragma once
// Introspection (spec §4.2, as graphql-js 16 executes it): the values of the query root's
// __schema, __type(name:) and __typename fields, following their selection sets - fragments,
// aliases, @include/@skip and __typename inside included - in selection order, with graphql-js'
// nulls (description of a type without one, interfaces of a non-object, possibleTypes of a
// non-abstract type, ofType of a named type, ...).  GraphiQL's and graphql-js'
// getIntrospectionQuery() answered this way give buildClientSchema a schema it accepts.
//
// The document must have passed validation; variables are the operation's coerced variables.
// Argument errors (an absent variable) are thrown as GraphQLError.
#include <string_view>

#include "core/graphql/ast.hpp"
#include "core/graphql/collect_fields.hpp"
#include "core/graphql/limits.hpp"
#include "core/graphql/schema_interface.hpp"
#include "core/schema/graphql_schema.hpp"

namespace graphgate::schema {

// __schema, __type or __typename: the meta-fields a query root answers from the schema alone.
bool is_introspection_field(std::string_view name);

// The value of one root field named __schema, __type or __typename (null for any other name).
// The values produced are bounded by the schema's size (a document nesting `fields { type {
// fields ...` grows exponentially): past the bound it throws GraphQLError; limits.check_interrupt
// is called as it goes.
graphql::Json execute_introspection(const GraphQLSchema& schema, const graphql::ast::Document& document,
                                    const graphql::CollectedField& root_field, const graphql::Json& variables,
                                    const graphql::Limits& limits = {});
// The same for any finalized schema (its visible types are worked out on each call).
graphql::Json execute_introspection(const graphql::Schema& schema, const graphql::ast::Document& document,
                                    const graphql::CollectedField& root_field, const graphql::Json& variables,
                                    const graphql::Limits& limits = {});

// The "data" of a query operation all of whose root fields are introspection fields: an object
// with one entry per response name.  Throws GraphQLError (validation-failed) naming the first
// root field that is not one, and for a mutation or subscription.
graphql::Json execute_introspection_operation(const GraphQLSchema& schema, const graphql::ast::Document& document,
                                              const graphql::ast::OperationDefinition& operation,
                                              const graphql::Json& variables, const graphql::Limits& limits = {});

}  // namespace graphgate::schema
