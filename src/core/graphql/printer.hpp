#pragma once
// Prints a document or value back as GraphQL text in graphql-js' canonical layout (its print()):
// two-space indentation, one selection per line, definitions separated by a blank line.

#include <string>

#include "core/graphql/ast.hpp"

namespace graphgate::graphql {

std::string print(const ast::Document& document);
std::string print(const ast::Value& value);
// "[Int!]!"
std::string print(const ast::Type& type);
// A string as a GraphQL string literal, escaped the way graphql-js' printString does.
std::string print_string_literal(std::string_view value);
// A string as a block string literal (graphql-js' printBlockString).
std::string print_block_string(std::string_view value);

}  // namespace graphgate::graphql
