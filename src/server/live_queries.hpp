// Live queries, multiplexed (design §12): subscribers of the same operation (normalized query
// text, operation name) as the same role share a *poller*; those with the same variables and
// session share a *cohort*, which holds the last result.  Every refetch interval a poller makes
// one call of graphgate.graphql_multiplexed() per batch of cohorts, with each cohort's last hash:
// the database answers only the cohorts whose result changed, and only their subscribers get a
// message.  A new subscriber to a cohort that has a result gets it at once, without a database
// call; a new cohort is fetched right away (all new cohorts of a poller in one call), not at the
// next interval.
//
// A streaming subscription is polled the same way: its cohort sends the cursor it reached, and
// comes back only with new rows (and its next cursor), each batch delivered once.
//
// Thread safety: one mutex guards every poller, cohort and subscriber.  Results are handed to the
// sinks under it (a sink only posts to its socket's strand), so a subscriber sees them in order;
// database calls are submitted after it is released (the pool may call back at once).
#pragma once

#include "server/config.hpp"
#include "server/replica_router.hpp"
#include "server/logging.hpp"

#include <boost/asio.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace graphgate::server {

// Where a subscription's results go: implemented by a WebSocket session.  Called with the
// LiveQueries mutex held: it must only queue the work (post to its own executor).
class LiveSink {
public:
    virtual ~LiveSink() = default;
    // `first`: the subscriber's first result (an error response then ends the subscription).
    virtual void live_result(const std::string& operation_id, std::shared_ptr<const std::string> result,
                             bool first) = 0;
};

// What a subscriber asked for.
struct LiveQueryRequest {
    std::string query;               // as the client wrote it (the poller sends its first subscriber's)
    std::string key;                 // the normalized query text (graphql_operation.hpp)
    std::optional<std::string> operation_name;
    std::string role;                // the session's role: pollers are per role
    std::optional<std::string> variables;  // a JSON object's text, numbers as written
    std::string session;             // the session's JSON text (keys sorted)
};

class LiveQueries {
public:
    LiveQueries(boost::asio::io_context& io, ReplicaRouter& db, const Config& config, Logger& log);
    ~LiveQueries();
    LiveQueries(const LiveQueries&) = delete;
    LiveQueries& operator=(const LiveQueries&) = delete;

    // Adds a subscriber (sink, operation id), which must not exist yet.
    void subscribe(const std::shared_ptr<LiveSink>& sink, const std::string& operation_id,
                   const LiveQueryRequest& request);
    // Removes a subscriber, and its cohort and poller once they have no subscriber left.  A
    // subscriber that does not exist (finished already) is ignored.
    void unsubscribe(const LiveSink* sink, const std::string& operation_id);

    // {"pollers": [...], "cohorts", "subscribers"}: the admin endpoint's answer.
    nlohmann::json stats() const;

    // Stops polling (shutdown); later calls do nothing.
    void stop();

private:
    struct Subscriber {
        std::weak_ptr<LiveSink> sink;
        const LiveSink* owner;
        std::string operation_id;
        bool served = false;  // got a result already
    };
    struct Cohort {
        std::string id;
        std::optional<std::string> variables;
        std::string session;
        std::optional<std::string> hash;                // of the last result
        std::shared_ptr<const std::string> result;      // null until the first fetch
        // A stream's cursor (JSON text), from its first batch on.  Such a cohort has a key of its
        // own from then on: a new subscriber starts a stream from its initial value.
        std::optional<std::string> cursor;
        std::vector<Subscriber> subscribers;
    };
    struct Poller;
    using Clock = std::chrono::steady_clock;
    struct Job {
        std::shared_ptr<Poller> poller;
        std::vector<std::string> cohort_ids;
        std::vector<std::optional<std::string>> params;
        Clock::time_point started;
    };
    std::string poller_key(const LiveQueryRequest& r) const;
    // Under mutex_: the calls the poller should make now (none while one is in flight).
    void plan(const std::shared_ptr<Poller>& poller, std::vector<Job>& jobs);
    void submit(std::vector<Job> jobs);
    void finished(const Job& job, DbOutcome outcome);
    void deliver(Cohort& cohort);
    // Under mutex_: a stream's cohort leaves its shared key once it has a cursor.
    void set_apart(Poller& poller, Cohort& cohort);
    void arm(const std::shared_ptr<Poller>& poller);
    void log_poller(const char* event, const Poller& poller);
    void log_stats();
    nlohmann::json poller_stats(const Poller& poller) const;

    boost::asio::io_context& io_;
    ReplicaRouter& db_;
    const Config& config_;
    Logger& log_;

    mutable std::mutex mutex_;
    bool stopped_ = false;
    std::unordered_map<std::string, std::shared_ptr<Poller>> pollers_;
    // (sink, operation id) -> (poller key, cohort key)
    std::map<std::pair<const LiveSink*, std::string>, std::pair<std::string, std::string>> subscribers_;
    unsigned long long next_id_ = 0;
    boost::asio::steady_timer stats_timer_;
};

}  // namespace graphgate::server
