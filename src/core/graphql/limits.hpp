#pragma once
// Limits that keep a hostile or careless document from exhausting the server.  Every parser and
// validator entry point takes one; exceeding a limit is an ordinary GraphQLError.

#include <cstddef>
#include <functional>

namespace graphgate::graphql {

struct Limits {
    // Bytes of query text.
    size_t max_document_bytes = 1024 * 1024;
    // Lexical tokens (punctuators, names, values); graphql-js' maxTokens.
    size_t max_tokens = 100'000;
    // Nesting of selection sets.  The validator follows fragments: a fragment spread or an
    // inline fragment counts as one more level, so it bounds every recursion over selections.
    size_t max_depth = 64;
    // Nesting of list and object values and of list types.  Boolean expressions such as Hasura's
    // `where: {_and: [{_or: [...]}]}` take two levels per operator, hence more than max_depth.
    size_t max_value_depth = 128;
    // Nesting of a request variable's JSON value (arrays and objects), checked without recursion
    // before anything recursive touches it.  Larger than max_value_depth: a jsonb value is data,
    // while the lists and input objects of a GraphQL type inside one still stop at
    // max_value_depth when coerced.  graphgate-server refuses bodies nested deeper than 1,000.
    size_t max_variable_depth = 1'000;
    // Field selections of one operation, counting a fragment once per spread (a document with
    // fragments spread twice per level is exponential otherwise).
    size_t max_fields = 10'000;
    // Fields with an alias in the document.
    size_t max_aliases = 2'000;
    // Validation stops after this many errors, like graphql-js' maxErrors.
    size_t max_errors = 100;
    // Called every so often in long loops; throwing from it aborts the work (the Postgres layer
    // turns a pending cancel request into an exception here).
    std::function<void()> check_interrupt;
    // Called on each step down of every recursion over a document or a value; throwing from it
    // aborts the work.  The limits above bound those recursions already; this is for a stack
    // smaller than they assume (the Postgres layer wires it to check_stack_depth()).
    std::function<void()> check_stack_depth;

    void enter_recursion() const {
        if (check_stack_depth) check_stack_depth();
    }
};

}  // namespace graphgate::graphql
