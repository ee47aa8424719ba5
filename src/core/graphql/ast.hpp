#pragma once
// The syntax tree of an executable GraphQL document.  Names and number texts are views into the
// document's own copy of the source; decoded strings live in the document too, so a Document is
// self-contained and cheap to move.  Every node keeps the byte offset where it starts; LineIndex
// turns offsets into the line/column pairs that errors report.

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/graphql/error.hpp"

namespace graphgate::graphql::ast {

using Offset = uint32_t;

enum class ValueKind : uint8_t { Variable, Int, Float, String, Boolean, Null, Enum, List, Object };

struct ObjectField;

struct Value {
    ValueKind kind = ValueKind::Null;
    bool block_string = false;  // String written as """block""": printed back the same way
    bool boolean = false;
    Offset loc = 0;
    // Variable and Enum: the name; Int and Float: the literal text; String: the decoded value.
    std::string_view text;
    std::vector<Value> list;
    std::vector<ObjectField> fields;
};

struct ObjectField {
    std::string_view name;
    Offset loc = 0;
    Value value;
};

struct Argument {
    std::string_view name;
    Offset loc = 0;
    Value value;
};

struct Directive {
    std::string_view name;
    Offset loc = 0;
    std::vector<Argument> arguments;
};

// A type reference as written: the named type plus its wrappers from the outside in, 'L' for
// a list and '!' for non-null ("[Int!]!" is name "Int", wrappers "!L!").
struct Type {
    std::string_view name;
    std::string wrappers;
    Offset loc = 0;
};

enum class SelectionKind : uint8_t { Field, FragmentSpread, InlineFragment };

struct Selection {
    SelectionKind kind = SelectionKind::Field;
    Offset loc = 0;
    // Field: alias (empty if none).
    std::string_view alias;
    // Field: field name; FragmentSpread: fragment name; InlineFragment: type condition or empty.
    std::string_view name;
    Offset name_loc = 0;
    Offset selection_set_loc = 0;
    std::vector<Argument> arguments;        // Field only
    std::vector<Directive> directives;
    std::vector<Selection> selection_set;   // empty: none (the grammar forbids empty sets)

    std::string_view response_name() const { return alias.empty() ? name : alias; }
};

enum class OperationType : uint8_t { Query, Mutation, Subscription };
const char* operation_type_name(OperationType type);

struct VariableDefinition {
    std::string_view name;  // without '$'
    Offset loc = 0;
    Type type;
    bool has_default_value = false;
    Value default_value;
    std::vector<Directive> directives;
};

struct OperationDefinition {
    OperationType operation = OperationType::Query;
    std::string_view name;  // empty: anonymous
    Offset loc = 0;
    Offset name_loc = 0;
    std::vector<VariableDefinition> variable_definitions;
    std::vector<Directive> directives;
    std::vector<Selection> selection_set;
    Offset selection_set_loc = 0;
};

struct FragmentDefinition {
    std::string_view name;
    Offset loc = 0;
    Offset name_loc = 0;
    std::string_view type_condition;
    Offset type_condition_loc = 0;
    std::vector<Directive> directives;
    std::vector<Selection> selection_set;
    Offset selection_set_loc = 0;
};

enum class DefinitionKind : uint8_t { Operation, Fragment };

struct DefinitionRef {
    DefinitionKind kind;
    uint32_t index;  // into Document::operations or Document::fragments
};

// Maps byte offsets to 1-based line and column.  Columns count UTF-16 code units, the unit
// graphql-js and its clients use; \r\n, \n and \r each end a line.
class LineIndex {
public:
    explicit LineIndex(std::string_view source);
    SourceLocation location(Offset offset) const;

private:
    std::string_view source_;
    std::vector<Offset> line_starts_;
};

class Document {
public:
    std::vector<OperationDefinition> operations;
    std::vector<FragmentDefinition> fragments;
    std::vector<DefinitionRef> definitions;  // both kinds, in source order

    std::string_view source() const { return source_ ? std::string_view(*source_) : std::string_view(); }
    SourceLocation location(Offset offset) const { return LineIndex(source()).location(offset); }

    // The fragment of that name (the first, if several define it); null if there is none.
    // Hashed, as execution looks one up at every spread.
    const FragmentDefinition* fragment(std::string_view name) const;

private:
    friend class DocumentBuilder;
    std::unordered_map<std::string_view, uint32_t> fragment_index_;  // name -> fragments[i], by the parser
    // Held through pointers so that views into them survive moving the Document.
    std::unique_ptr<std::string> source_;
    std::unique_ptr<std::deque<std::string>> decoded_strings_;
};

// The parser's access to a Document's storage.
class DocumentBuilder {
public:
    static std::string_view adopt_source(Document& document, std::string_view source);
    static std::string_view store_string(Document& document, std::string value);
    static void add_fragment(Document& document, FragmentDefinition fragment);
};

}  // namespace graphgate::graphql::ast
