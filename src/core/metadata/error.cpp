#include "core/metadata/error.hpp"

#include <utility>

namespace graphgate {

MetadataError::MetadataError(std::string code, const std::string& message, std::string path)
    : std::runtime_error(message), code_(std::move(code)), path_(std::move(path)) {}

MetadataError& MetadataError::with_detail(std::string detail) {
    detail_ = std::move(detail);
    return *this;
}

MetadataError& MetadataError::with_hint(std::string hint) {
    hint_ = std::move(hint);
    return *this;
}

MetadataError& MetadataError::with_sqlstate(std::string sqlstate) {
    sqlstate_ = std::move(sqlstate);
    return *this;
}

MetadataError& MetadataError::at(std::string path) {
    path_ = std::move(path);
    return *this;
}

std::string MetadataError::sqlstate() const {
    if (!sqlstate_.empty()) return sqlstate_;
    if (code_ == "not-exists") return "42704";                            // undefined_object
    if (code_ == "already-exists" || code_ == "already-tracked") return "42710";  // duplicate_object
    if (code_ == "not-supported") return "0A000";                         // feature_not_supported
    if (code_ == "dependency-error") return "2BP01";                      // dependent_objects_still_exist
    if (code_ == "permission-denied") return "42501";                     // insufficient_privilege
    if (code_ == "unexpected") return "XX000";                            // internal_error
    return "22023";                                                       // invalid_parameter_value
}

Json MetadataError::to_json() const {
    Json body = Json::object();
    body["path"] = path_;
    body["error"] = what();
    body["code"] = code_;
    return body;
}

}  // namespace graphgate
