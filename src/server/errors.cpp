#include "server/errors.hpp"

#include <nlohmann/json.hpp>

namespace graphgate::server {

std::string error_body(ErrorShape shape, const std::string& code, const std::string& message,
                       const std::string& path) {
    using nlohmann::ordered_json;
    const auto replace = ordered_json::error_handler_t::replace;  // client text may be bad UTF-8
    if (shape == ErrorShape::graphql) {
        ordered_json e = {{"extensions", {{"path", path}, {"code", code}}}, {"message", message}};
        return ordered_json{{"errors", ordered_json::array({e})}}.dump(-1, ' ', false, replace);
    }
    return ordered_json{{"path", path}, {"error", message}, {"code", code}}.dump(-1, ' ', false, replace);
}

ErrorShape error_shape_for(const std::string& path) {
    return path == "/v1/graphql" ? ErrorShape::graphql : ErrorShape::api;
}

}  // namespace graphgate::server
