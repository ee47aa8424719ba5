// The HTTP/1.1 transport on Boost.Beast: accepts connections, reads requests (keep-alive, body
// and header limits, idle timeout), hands them to the Router, writes the responses and logs one
// JSON line per request.  Each connection lives on its own strand of one of the server's
// io_contexts (one per I/O thread, connections dealt out in turn), the context whose database
// connections the pool gives its requests first.
//
// Graceful shutdown: begin_shutdown() stops accepting and closes idle keep-alive connections;
// connections with a request in flight finish it (answered with "Connection: close");
// wait_idle() returns once none is left, or after the timeout.
#pragma once

#include "server/config.hpp"
#include "server/logging.hpp"
#include "server/routes.hpp"
#include "server/session_registry.hpp"
#include "server/ws_session.hpp"

#include <boost/asio.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace graphgate::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

class HttpSession;

class HttpServer {
public:
    // Listens on the first of `contexts`; connections are spread over all of them.
    HttpServer(std::vector<net::io_context*> contexts, const Config& config, Router& router, Logger& log);

    // Binds and listens; returns the port (the real one when config.port is 0).  Throws
    // boost::system::system_error when the address is unusable.
    unsigned short listen();
    void start_accepting();

    void begin_shutdown();  // thread-safe
    bool wait_idle(std::chrono::milliseconds timeout);
    std::size_t open_connections() const;

    // Used by sessions.
    bool stopping() const { return stopping_.load(); }
    const Config& config() const { return config_; }
    Router& router() { return router_; }
    Logger& log() { return log_; }
    std::string next_request_id();

    using Registry = SessionRegistry<HttpSession>;
    const std::shared_ptr<Registry>& registry() const { return registry_; }

    // Where WebSocket upgrades of /v1/graphql go (none: they get the endpoint's HTTP answer).
    void set_websocket(WsEndpoint* endpoint) { websocket_ = endpoint; }
    WsEndpoint* websocket() const { return websocket_; }

private:
    void do_accept();

    std::vector<net::io_context*> contexts_;
    std::size_t next_context_ = 0;  // the acceptor's strand only
    const Config& config_;
    Router& router_;
    Logger& log_;
    tcp::acceptor acceptor_;
    std::atomic<bool> stopping_{false};
    std::atomic<unsigned long long> request_counter_{0};
    std::string request_id_prefix_;
    std::shared_ptr<Registry> registry_ = std::make_shared<Registry>();
    WsEndpoint* websocket_ = nullptr;
};

}  // namespace graphgate::server
