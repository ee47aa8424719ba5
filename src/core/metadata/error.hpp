#pragma once
// The error type of the metadata layer: Hasura's error object ({"path","error","code"}) plus what
// a Postgres ERROR needs when the same failure is raised from a SQL function (SQLSTATE, detail,
// hint).  core stays free of Postgres: the SQLSTATE is just the standard five-character string.
#include "core/json.hpp"
#include <stdexcept>
#include <string>

namespace graphgate {

class MetadataError : public std::runtime_error {
public:
    // code: Hasura's error code ("not-exists", "already-exists", "parse-failed", ...).
    // path: a JSONPath into the request ("$.args.table"), as Hasura reports it.
    MetadataError(std::string code, const std::string& message, std::string path = "$");

    MetadataError& with_detail(std::string detail);
    MetadataError& with_hint(std::string hint);
    MetadataError& with_sqlstate(std::string sqlstate);
    MetadataError& at(std::string path);

    const std::string& code() const { return code_; }
    const std::string& path() const { return path_; }
    const std::string& detail() const { return detail_; }
    const std::string& hint() const { return hint_; }
    // The SQLSTATE to raise from SQL: set explicitly, or derived from the Hasura code.
    std::string sqlstate() const;

    // Hasura's error body: {"path": ..., "error": ..., "code": ...}.
    Json to_json() const;

private:
    std::string code_;
    std::string path_;
    std::string detail_;
    std::string hint_;
    std::string sqlstate_;
};

}  // namespace graphgate
