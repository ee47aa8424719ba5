#include "server/replica_router.hpp"

#include <algorithm>

namespace graphgate::server {

namespace net = boost::asio;

namespace {

constexpr std::chrono::milliseconds kFirstProbeDelay{250};
constexpr std::chrono::milliseconds kMaxProbeDelay{4000};
// A ping answers at once or the standby is not fit for requests either.
constexpr std::chrono::milliseconds kProbeWait{2000};

}  // namespace

Target graphql_target(std::optional<OperationKind> kind, bool use_primary) {
    return use_primary || kind == OperationKind::mutation ? Target::primary : Target::read;
}

struct ReplicaRouter::Replica {
    Replica(const std::vector<net::io_context*>& contexts, const Config& config, Logger& log, const std::string& url,
            std::size_t index)
        : pool(contexts, config, log, PoolTarget{url, false}),
          timer(*contexts.front()),
          index(index),
          database(describe_database(url)) {}

    DbPool pool;
    std::atomic<bool> healthy{false};
    // The probe chain's: one at a time per standby (started when it goes down, or at start).
    net::steady_timer timer;
    std::chrono::milliseconds delay = kFirstProbeDelay;
    const std::size_t index;
    const nlohmann::json database;  // for the logs: host, port, dbname, user
};

// A read in flight: what is needed to send it again, and the standbys it was sent to already.
struct ReplicaRouter::Read {
    Statement stmt;
    std::vector<std::optional<std::string>> params;
    DbPool::Callback done;
    std::optional<std::chrono::milliseconds> max_wait;
    std::optional<std::size_t> affinity;
    std::vector<bool> tried;
};

ReplicaRouter::ReplicaRouter(const std::vector<net::io_context*>& contexts, const Config& config, Logger& log)
    : primary_(contexts, config, log), log_(log) {
    for (const std::string& url : config.read_replica_urls)
        replicas_.push_back(std::make_unique<Replica>(contexts, config, log, url, replicas_.size()));
}

ReplicaRouter::~ReplicaRouter() { stop(); }

void ReplicaRouter::start() {
    primary_.start();
    for (auto& replica : replicas_) {
        replica->pool.start();
        probe(*replica);
    }
}

void ReplicaRouter::stop() {
    for (auto& replica : replicas_) {
        replica->timer.cancel();
        replica->pool.stop();
    }
    primary_.stop();
}

void ReplicaRouter::submit(Target target, Statement stmt, std::vector<std::optional<std::string>> params,
                           DbPool::Callback done, std::optional<std::chrono::milliseconds> max_wait,
                           std::optional<std::size_t> affinity) {
    if (target == Target::primary || replicas_.empty())
        return primary_.submit(stmt, std::move(params), std::move(done), max_wait);
    send(std::make_shared<Read>(
        Read{stmt, std::move(params), std::move(done), max_wait, affinity, std::vector<bool>(replicas_.size())}));
}

ReplicaRouter::Replica* ReplicaRouter::pick(Read& read) {
    const std::size_t n = replicas_.size();
    const std::size_t first = read.affinity ? *read.affinity % n : turn_.fetch_add(1, std::memory_order_relaxed) % n;
    for (std::size_t i = 0; i < n; ++i) {
        Replica& r = *replicas_[(first + i) % n];
        if (!read.tried[r.index] && r.healthy.load(std::memory_order_acquire)) return &r;
    }
    return nullptr;
}

void ReplicaRouter::send(const std::shared_ptr<Read>& read) {
    Replica* replica = pick(*read);
    if (!replica) return primary_.submit(read->stmt, std::move(read->params), std::move(read->done), read->max_wait);
    read->tried[replica->index] = true;
    // A copy: the parameters go again if this standby fails.
    replica->pool.submit(read->stmt, read->params, [this, read, replica](DbOutcome out) {
        if (out.status != DbOutcome::Status::unavailable) return read->done(std::move(out));
        mark_down(*replica, out.message);
        send(read);
    }, read->max_wait);
}

void ReplicaRouter::mark_down(Replica& replica, const std::string& error) {
    if (!replica.healthy.exchange(false, std::memory_order_acq_rel)) return;  // down already: its probe runs
    log_.warn("db", {{"message", "read replica unavailable: its reads go to the other standbys or the primary"},
                     {"replica", replica.index + 1},
                     {"database", replica.database},
                     {"error", error}});
    replica.delay = kFirstProbeDelay;
    replica.timer.expires_after(replica.delay);
    replica.timer.async_wait([this, &replica](boost::system::error_code ec) {
        if (!ec) probe(replica);
    });
}

void ReplicaRouter::probe(Replica& replica) {
    replica.pool.submit(Statement::ping, {}, [this, &replica](DbOutcome out) {
        if (out.status == DbOutcome::Status::ok) {
            replica.healthy.store(true, std::memory_order_release);
            log_.info("db", {{"message", "read replica available"},
                             {"replica", replica.index + 1},
                             {"database", replica.database}});
            return;
        }
        replica.delay = std::min(replica.delay * 2, kMaxProbeDelay);
        replica.timer.expires_after(replica.delay);
        replica.timer.async_wait([this, &replica](boost::system::error_code ec) {
            if (!ec) probe(replica);
        });
    }, kProbeWait);
}

}  // namespace graphgate::server
