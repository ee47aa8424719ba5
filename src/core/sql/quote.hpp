#pragma once
// Quoting for SQL text that core and pg generate.  Identifiers are always quoted, whatever their
// spelling, so that no name can change the meaning of a statement.
#include <string>
#include <string_view>

namespace graphgate::sql {

// "name" with embedded double quotes doubled.
std::string quote_ident(std::string_view name);
// schema.name, both parts quoted.
std::string quote_qualified(std::string_view schema, std::string_view name);
// 'text' with quotes doubled; E'...' with doubled backslashes when the text holds a backslash,
// so the result means the same whatever standard_conforming_strings says.
std::string quote_literal(std::string_view text);

}  // namespace graphgate::sql
