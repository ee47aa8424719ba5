// Where each database call goes (design §13): the primary's pool, or one of the read replicas'
// (streaming-replication standbys given by --read-replica-url).
//
// Reads (queries, subscription polls) go to the healthy standbys in turn; writes (mutations,
// metadata calls) and reads that ask for it go to the primary, as do all reads while no standby
// is healthy.  A standby is healthy once a ping answered; a read that finds it unreachable (no
// connection, or the connection lost mid-statement) marks it down and is sent again to the next
// healthy standby, or else to the primary: a read may run twice, never be lost.  A standby that
// is down is pinged in the background, with back-off (0.25 s doubling to 4 s), and used again
// once it answers.  Writes are never sent again (they may have committed).
//
// Without replicas every call goes straight to the primary's pool, as before.
#pragma once

#include "server/config.hpp"
#include "server/db_pool.hpp"
#include "server/graphql_operation.hpp"
#include "server/logging.hpp"

#include <boost/asio.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace graphgate::server {

enum class Target {
    primary,  // writes, and reads that must see every committed write
    read,     // a healthy standby if there is one, else the primary
};

// An HTTP or WebSocket GraphQL request's target: a mutation, or a read with `use_primary`
// (X-Graphgate-Use-Primary: true), goes to the primary.  A document that does not parse, or
// names no single operation, is a read: graphql() only reports what is wrong with it.
Target graphql_target(std::optional<OperationKind> kind, bool use_primary);

class ReplicaRouter {
public:
    // The pools' connections are spread over `contexts`; the probes' timers run on the first.
    ReplicaRouter(const std::vector<boost::asio::io_context*>& contexts, const Config& config, Logger& log);
    ~ReplicaRouter();
    ReplicaRouter(const ReplicaRouter&) = delete;
    ReplicaRouter& operator=(const ReplicaRouter&) = delete;

    // Opens the pools' connections and pings every standby (none is used before it answered).
    void start();
    // Drops every connection; call once the io_context has stopped.
    void stop();

    // As DbPool::submit, to `target`.  `affinity`: reads with the same value go to the same
    // standby while it is healthy (a live query's polls, so that its results never step back in
    // time between standbys that lag differently); without it, standbys take turns.
    void submit(Target target, Statement stmt, std::vector<std::optional<std::string>> params, DbPool::Callback done,
                std::optional<std::chrono::milliseconds> max_wait = std::nullopt,
                std::optional<std::size_t> affinity = std::nullopt);

    // Whether reads can go anywhere but the primary (callers skip deciding the target if not).
    bool has_replicas() const { return !replicas_.empty(); }

private:
    struct Replica;
    struct Read;

    void send(const std::shared_ptr<Read>& read);
    Replica* pick(Read& read);
    void mark_down(Replica& replica, const std::string& error);
    void probe(Replica& replica);

    DbPool primary_;
    std::vector<std::unique_ptr<Replica>> replicas_;
    std::atomic<std::size_t> turn_{0};
    Logger& log_;
};

}  // namespace graphgate::server
