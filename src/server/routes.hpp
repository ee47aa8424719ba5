// The endpoints: which method each takes, the database call it makes (decided by api_request)
// and how a database outcome becomes Hasura's status code and body.  Transport-level concerns
// (reading, keep-alive, body limits, logging) stay in http_server.
#pragma once

#include "server/api_request.hpp"
#include "server/auth.hpp"
#include "server/config.hpp"
#include "server/console.hpp"
#include "server/replica_router.hpp"
#include "server/errors.hpp"
#include "server/live_queries.hpp"
#include "server/logging.hpp"

#include <boost/beast/http.hpp>

#include <functional>
#include <memory>
#include <string>

namespace graphgate::server {

using Response = http::response<http::string_body>;

// A response plus what the request log wants to know about it.
struct RouteResult {
    Response response;
    std::string role;        // empty when authentication did not happen or failed
    std::string error_code;  // Hasura's code for error responses
};

class Reply;

class Router {
public:
    // `live`: the live queries whose counters GET /v1/subscriptions/stats shows; `sockets`: the
    // number of open WebSockets.
    Router(const Authenticator& auth, ReplicaRouter& db, const Console& console, Logger& log, const LiveQueries& live,
           std::function<std::size_t()> sockets);

    // Answers `req` by calling `respond` exactly once, either before returning or later from a
    // database worker thread (the caller hands it back to its own executor).  Never throws: an
    // exception in any handler, now or in a database callback, becomes a 500 "unexpected".
    void handle(const Request& req, std::function<void(RouteResult)> respond) noexcept;

    // An error response in the shape of the endpoint `target` (also used by http_server for
    // requests that could not be read: too large, malformed).
    static RouteResult error(const std::string& target, const RequestError& error, unsigned version = 11);

private:
    void dispatch(const Request& req, const std::shared_ptr<Reply>& reply);
    void graphql(const Request& req, const std::shared_ptr<Reply>& reply);
    void graphql_batch(const Request& req, const std::shared_ptr<Reply>& reply);
    void metadata(const Request& req, const std::shared_ptr<Reply>& reply);
    void healthz(const Request& req, const std::shared_ptr<Reply>& reply);
    RouteResult subscription_stats(const Request& req, const std::string& path) const;
    RouteResult console(const Request& req, const std::string& path) const;

    const Authenticator& auth_;
    ReplicaRouter& db_;
    const Console& console_;
    Logger& log_;
    const LiveQueries& live_;
    std::function<std::size_t()> sockets_;
};

// Path of a request target without its query string.
std::string target_path(boost::beast::string_view target);

}  // namespace graphgate::server
