#include "core/graphql/ast.hpp"

#include <algorithm>

namespace graphgate::graphql::ast {

const char* operation_type_name(OperationType type) {
    switch (type) {
        case OperationType::Query: return "query";
        case OperationType::Mutation: return "mutation";
        case OperationType::Subscription: return "subscription";
    }
    return "query";
}

LineIndex::LineIndex(std::string_view source) : source_(source) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < source.size(); ++i) {
        char c = source[i];
        if (c == '\n') {
            line_starts_.push_back(static_cast<Offset>(i + 1));
        } else if (c == '\r') {
            if (i + 1 < source.size() && source[i + 1] == '\n') ++i;
            line_starts_.push_back(static_cast<Offset>(i + 1));
        }
    }
}

SourceLocation LineIndex::location(Offset offset) const {
    size_t pos = std::min<size_t>(offset, source_.size());
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), static_cast<Offset>(pos));
    size_t line = static_cast<size_t>(it - line_starts_.begin());  // >= 1: line_starts_[0] == 0
    size_t start = line_starts_[line - 1];
    uint32_t column = 1;
    for (size_t i = start; i < pos; ++i) {
        unsigned char c = static_cast<unsigned char>(source_[i]);
        if ((c & 0xC0) == 0x80) continue;  // continuation byte: already counted
        column += (c >= 0xF0) ? 2 : 1;     // four-byte sequences are surrogate pairs in UTF-16
    }
    return SourceLocation{static_cast<uint32_t>(line), column};
}

const FragmentDefinition* Document::fragment(std::string_view name) const {
    auto it = fragment_index_.find(name);
    return it == fragment_index_.end() ? nullptr : &fragments[it->second];
}

void DocumentBuilder::add_fragment(Document& document, FragmentDefinition fragment) {
    auto index = static_cast<uint32_t>(document.fragments.size());
    document.definitions.push_back({DefinitionKind::Fragment, index});
    document.fragment_index_.emplace(fragment.name, index);
    document.fragments.push_back(std::move(fragment));
}

std::string_view DocumentBuilder::adopt_source(Document& document, std::string_view source) {
    document.source_ = std::make_unique<std::string>(source);
    return *document.source_;
}

std::string_view DocumentBuilder::store_string(Document& document, std::string value) {
    if (!document.decoded_strings_) document.decoded_strings_ = std::make_unique<std::deque<std::string>>();
    document.decoded_strings_->push_back(std::move(value));
    return document.decoded_strings_->back();
}

}  // namespace graphgate::graphql::ast
