// The pool of libpq connections, driven asynchronously on the HTTP server's io_contexts: a
// statement is sent with libpq's non-blocking API and its result read when Asio reports the
// socket readable, so no thread ever waits on the database and a request needs no hand-off
// between threads (measured against a blocking worker-thread pool: see the README).
//
// The server runs one single-threaded io_context per I/O thread, and the connections are spread
// over them: a request takes an idle connection of its own thread's context first, so the
// statement is sent, its result read and the response written without waking another thread
// (measured: test/bench/server_bench.sh).  A thread with none idle borrows another's.
//
// A job carries a deadline (now + pool_timeout): if no connection frees up, or the database
// cannot be reached, before it, the job ends as `timeout` / `unavailable` instead of waiting
// forever.  Broken connections are replaced: before each statement the connection is checked
// (an idle connection has nothing to read unless its server went away: a restart leaves an error
// message and EOF on the socket) and reconnected, without blocking, with back-off, within the
// job's deadline.  A statement whose connection dies *while it runs* is not retried: it may
// have committed.
#pragma once

#include "server/config.hpp"
#include "server/logging.hpp"

#include <boost/asio.hpp>
#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace graphgate::server {

struct PgResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

struct PgConnDeleter {
    void operator()(PGconn* c) const { PQfinish(c); }
};
using PgConnPtr = std::unique_ptr<PGconn, PgConnDeleter>;

// The statements the server runs; each is prepared once per connection.
enum class Statement { graphql, metadata, ping, multiplexed };

struct DbOutcome {
    enum class Status { ok, sql_error, unavailable, timeout };
    Status status = Status::ok;
    std::optional<std::string> value;  // ok: the single result value (nullopt = SQL NULL)
    // ok, for Statement::multiplexed: every row, every column (nullopt = SQL NULL)
    std::vector<std::vector<std::optional<std::string>>> rows;
    std::string sqlstate;              // sql_error
    std::string message;               // sql_error / unavailable: Postgres' primary message
};

using Clock = std::chrono::steady_clock;

class PgLink;

// The database a pool connects to.  The primary's pool waits for a database it cannot reach
// (reconnecting with back-off within a job's deadline); a read replica's gives such a job back
// at once as `unavailable`, so that the replica router sends it elsewhere (replica_router.hpp).
struct PoolTarget {
    std::string conninfo;
    bool wait_for_database = true;
};

class DbPool {
public:
    using Callback = std::function<void(DbOutcome)>;

    // The connections are spread over `contexts` (each run by exactly one thread).  The
    // database is the primary (config.database_url) unless `target` names another.
    DbPool(std::vector<boost::asio::io_context*> contexts, const Config& config, Logger& log);
    DbPool(std::vector<boost::asio::io_context*> contexts, const Config& config, Logger& log, PoolTarget target);
    ~DbPool();
    DbPool(const DbPool&) = delete;
    DbPool& operator=(const DbPool&) = delete;

    // Opens every connection in the background (a failure is logged, not fatal: the server
    // starts and connects when the database comes up).
    void start();

    // Queues a statement.  `done` runs exactly once, on an I/O thread.  `max_wait` shortens the
    // pool timeout for this job (health checks must answer quickly).
    void submit(Statement stmt, std::vector<std::optional<std::string>> params, Callback done,
                std::optional<std::chrono::milliseconds> max_wait = std::nullopt);

    // Drops the connections; call once the io_context has stopped.
    void stop();

    std::size_t size() const { return size_; }

private:
    friend class PgLink;
    struct Job {
        Statement stmt;
        std::vector<std::optional<std::string>> params;
        Callback done;
        Clock::time_point deadline;
        std::size_t context = 0;  // the submitter's: its connections serve it first
    };

    void release(PgLink* link);  // a connection finished its job: next job, or idle
    std::size_t current_context() const;  // the caller's thread's index in contexts_ (0 if none)
    PgLink* take_idle(std::size_t context);  // under mutex_: one of the context's, else another's; or null
    void arm_expiry();           // under mutex_: make sure the expiry timer watches the queue
    void take_expired(std::vector<Job>& expired);  // under mutex_
    void on_expiry();
    void note_down(const std::string& error);
    void note_up();

    std::vector<boost::asio::io_context*> contexts_;
    std::string conninfo_;
    bool wait_for_database_;
    std::string options_;  // libpq's `options` for every connection: the URL's, plus graphgate's settings
    std::size_t size_;
    std::chrono::milliseconds timeout_;
    Logger& log_;

    std::mutex mutex_;
    std::vector<std::shared_ptr<PgLink>> links_;
    std::vector<std::vector<PgLink*>> idle_;  // per context
    std::deque<Job> queue_;  // mostly in deadline order: expiry scans it all
    bool expiry_armed_ = false;
    Clock::time_point armed_at_;
    boost::asio::strand<boost::asio::io_context::executor_type> expiry_strand_;
    boost::asio::steady_timer expiry_;
    std::atomic<bool> down_{false};  // log "unreachable" once per outage, not per attempt
};

// "host, port, dbname, user" of a conninfo, never its password (for logs).
nlohmann::json describe_database(const std::string& conninfo);

}  // namespace graphgate::server
