// GraphQL over WebSocket on /v1/graphql (Boost.Beast): one WsSession per socket, and the
// WsEndpoint that accepts them and knows them all (for shutdown and the stats endpoint).
//
// A session only reads, routes and writes, on its strand: authentication happens in
// connection_init (auth.hpp, as for HTTP); a subscription goes to the live-query pollers
// (live_queries.hpp); a query or mutation is one graphql() call on the database pool, answered
// once then completed.  Nothing on a session's strand waits for the database.
//
// Bounded: at most websocket_max_operations operations at once (more get an error), messages of
// at most websocket_max_message_size bytes (Beast closes with 1009 beyond), and at most
// websocket_max_queued_messages / _bytes waiting to be sent: a client that reads too slowly is
// disconnected (1008) instead of making the server hold its messages, and it slows no one else.
#pragma once

#include "server/api_request.hpp"
#include "server/auth.hpp"
#include "server/config.hpp"
#include "server/replica_router.hpp"
#include "server/live_queries.hpp"
#include "server/logging.hpp"
#include "server/session_registry.hpp"

#include <boost/asio.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

namespace graphgate::server {

class WsSession;

class WsEndpoint {
public:
    WsEndpoint(const Config& config, const Authenticator& auth, ReplicaRouter& db, LiveQueries& live, Logger& log);

    // Takes over a connection whose WebSocket upgrade request (GET /v1/graphql) was read.
    void accept(boost::asio::ip::tcp::socket socket, Request request, std::string id, std::string remote_ip);

    // Closes every socket (1001, "server shutting down"); sockets accepted later are closed
    // at once.  wait_idle() returns once all are gone, or after the timeout.
    void begin_shutdown();
    bool wait_idle(std::chrono::milliseconds timeout) { return registry_->wait_empty(timeout); }
    std::size_t open_sockets() const { return registry_->size(); }

    const Config& config() const { return config_; }
    const Authenticator& auth() const { return auth_; }
    ReplicaRouter& db() { return db_; }
    LiveQueries& live() { return live_; }
    Logger& log() { return log_; }
    bool stopping() const { return stopping_.load(); }

    using Registry = SessionRegistry<WsSession>;
    const std::shared_ptr<Registry>& registry() const { return registry_; }

private:
    const Config& config_;
    const Authenticator& auth_;
    ReplicaRouter& db_;
    LiveQueries& live_;
    Logger& log_;
    std::atomic<bool> stopping_{false};
    std::shared_ptr<Registry> registry_ = std::make_shared<Registry>();
};

}  // namespace graphgate::server
