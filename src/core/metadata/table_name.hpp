#pragma once
// A table as Hasura names it in requests: "name", "schema.name" or {"schema": ..., "name": ...}.
#include "core/json.hpp"
#include <string>

namespace graphgate {

struct TableName {
    std::string schema = "public";
    std::string name;

    bool operator==(const TableName& o) const { return schema == o.schema && name == o.name; }
    bool operator<(const TableName& o) const {
        return schema < o.schema || (schema == o.schema && name < o.name);
    }
    // schema.name, each part double-quoted only where it must be to read back the same.
    std::string display() const;
    Json to_json() const { return {{"schema", schema}, {"name", name}}; }
};

// Parses the text form: name, schema.name, with "double quoted" parts allowed (so a dot or an
// upper-case letter can be part of a name).  A text that starts with '{' is read as JSON.
// Throws MetadataError (parse-failed) at `path`.
TableName parse_table_name(const std::string& text, const std::string& path = "$");
// Parses either JSON form: a string as above, or an object with "name" and optional "schema".
TableName parse_table_name(const Json& value, const std::string& path = "$");

}  // namespace graphgate
