// The endpoints: what each one checks (method, content type, credentials, body) and how a
// database outcome becomes Hasura's status code and body.  Transport-level concerns (reading,
// keep-alive, body limits, logging) stay in http_server.
#pragma once

#include "server/auth.hpp"
#include "server/config.hpp"
#include "server/console.hpp"
#include "server/db_pool.hpp"
#include "server/errors.hpp"
#include "server/logging.hpp"

#include <boost/beast/http.hpp>

#include <functional>
#include <string>

namespace graphgate::server {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// A response plus what the request log wants to know about it.
struct RouteResult {
    Response response;
    std::string role;        // empty when authentication did not happen or failed
    std::string error_code;  // Hasura's code for error responses
};

class Router {
public:
    Router(const Authenticator& auth, DbPool& pool, const Console& console);

    // Answers `req` by calling `respond` exactly once, either before returning or later from a
    // database worker thread (the caller hands it back to its own executor).
    void handle(const Request& req, std::function<void(RouteResult)> respond);

    // An error response in the shape of the endpoint `target` (used by http_server for
    // requests that could not be read: too large, malformed).
    static RouteResult error(const std::string& target, http::status status, const std::string& code,
                             const std::string& message, unsigned version = 11);

private:
    void graphql(const Request& req, std::function<void(RouteResult)> respond);
    void metadata(const Request& req, std::function<void(RouteResult)> respond);
    void healthz(const Request& req, std::function<void(RouteResult)> respond);
    RouteResult console(const Request& req, const std::string& path) const;

    // Shared checks of the POST endpoints: content type and credentials.  Returns false after
    // responding with the error.
    bool authenticate(const Request& req, const std::string& path, Session& session,
                      const std::function<void(RouteResult)>& respond);

    const Authenticator& auth_;
    DbPool& pool_;
    const Console& console_;
};

// Path of a request target without its query string.
std::string target_path(boost::beast::string_view target);

}  // namespace graphgate::server
