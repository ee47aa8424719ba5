#include "server/errors.hpp"

#include <nlohmann/json.hpp>

namespace graphgate::server {

std::string error_body(ErrorShape shape, const RequestError& error) {
    using nlohmann::ordered_json;
    const auto replace = ordered_json::error_handler_t::replace;  // client text may be bad UTF-8
    if (shape == ErrorShape::graphql) {
        ordered_json e = {{"extensions", {{"path", error.path}, {"code", error.code}}}, {"message", error.message}};
        if (error.location)
            e["locations"] = ordered_json::array({{{"line", error.location->line}, {"column", error.location->column}}});
        return ordered_json{{"errors", ordered_json::array({e})}}.dump(-1, ' ', false, replace);
    }
    return ordered_json{{"path", error.path}, {"error", error.message}, {"code", error.code}}.dump(-1, ' ', false,
                                                                                                 replace);
}

ErrorShape error_shape_for(const std::string& path) {
    return path == "/v1/graphql" ? ErrorShape::graphql : ErrorShape::api;
}

}  // namespace graphgate::server
