// The HTTP/1.1 transport on Boost.Beast: accepts connections, reads requests (keep-alive, body
// and header limits, idle timeout), hands them to the Router, writes the responses and logs one
// JSON line per request.  Each connection lives on its own strand; database work happens on the
// pool's threads, so any number of I/O threads serve any number of connections.
//
// Graceful shutdown: begin_shutdown() stops accepting and closes idle keep-alive connections;
// connections with a request in flight finish it (answered with "Connection: close");
// wait_idle() returns once none is left, or after the timeout.
#pragma once

#include "server/config.hpp"
#include "server/logging.hpp"
#include "server/routes.hpp"

#include <boost/asio.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace graphgate::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

class HttpSession;

class HttpServer {
public:
    HttpServer(net::io_context& io, const Config& config, Router& router, Logger& log);

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

    // The open connections.  Shared with the sessions, so that a session destroyed late (with
    // the io_context, after a shutdown timeout) never touches a destroyed server.
    struct Registry {
        void add(const std::shared_ptr<HttpSession>& session);
        void remove(HttpSession* session);
        std::vector<std::shared_ptr<HttpSession>> live() const;
        std::size_t size() const;
        bool wait_empty(std::chrono::milliseconds timeout);

    private:
        mutable std::mutex mutex_;
        std::condition_variable empty_;
        std::unordered_map<HttpSession*, std::weak_ptr<HttpSession>> sessions_;
    };
    const std::shared_ptr<Registry>& registry() const { return registry_; }

private:
    void do_accept();

    net::io_context& io_;
    const Config& config_;
    Router& router_;
    Logger& log_;
    tcp::acceptor acceptor_;
    std::atomic<bool> stopping_{false};
    std::atomic<unsigned long long> request_counter_{0};
    std::string request_id_prefix_;
    std::shared_ptr<Registry> registry_ = std::make_shared<Registry>();
};

}  // namespace graphgate::server
