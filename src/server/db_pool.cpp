#include "server/db_pool.hpp"

#include <cstdlib>

#include <unistd.h>

#include <algorithm>
#include <utility>

namespace graphgate::server {

namespace net = boost::asio;

namespace {

struct StatementSql {
    const char* name;
    const char* sql;
    int nparams;
};

// Casts pin the argument types so the statement prepares without parameter type inference.
const StatementSql kStatements[] = {
    {"graphgate_graphql", "SELECT graphgate.graphql($1::text, $2::jsonb, $3::text, $4::jsonb)", 4},
    {"graphgate_metadata", "SELECT graphgate.metadata($1::jsonb)", 1},
    {"graphgate_ping", "SELECT 1", 0},
    {"graphgate_multiplexed", "SELECT id, result, hash, cursor FROM graphgate.graphql_multiplexed($1::text, $2::text, $3::jsonb)",
     3},
};
constexpr std::size_t kStatementCount = sizeof kStatements / sizeof kStatements[0];

std::string trimmed(const char* text) {
    std::string s = text ? text : "";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

DbOutcome sql_error(const PGresult* r, PGconn* conn) {
    DbOutcome out;
    out.status = DbOutcome::Status::sql_error;
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    out.sqlstate = state ? state : "";
    out.message = primary ? primary : trimmed(PQerrorMessage(conn));
    return out;
}

DbOutcome failure(DbOutcome::Status status, std::string message) {
    DbOutcome out;
    out.status = status;
    out.message = std::move(message);
    return out;
}

// NOTICEs raised inside the functions are not the HTTP client's business, nor stderr's.
void ignore_notice(void*, const char*) {}

}  // namespace

// One connection and the job it runs.  Everything happens on the link's strand; the pool hands
// a job to an idle link and gets the link back through release().
class PgLink : public std::enable_shared_from_this<PgLink> {
public:
    PgLink(DbPool& pool, std::size_t context)
        : pool_(pool),
          context_(context),
          strand_(net::make_strand(*pool.contexts_[context])),
          retry_(strand_),
          connect_timer_(strand_) {}

    std::size_t context() const { return context_; }

    // Connect once now, then offer the link to the pool.
    void warm() {
        net::dispatch(strand_, [self = shared_from_this()] {
            self->connect([self](bool) {
                self->await_readable();
                self->pool_.release(self.get());
            });
        });
    }

    // Called on the thread of the link's context (the common case: the pool gives a request
    // its own thread's connections first), the statement is sent right here: its context has
    // only this thread, so nothing of the link's runs meanwhile.  From another thread, the job
    // goes through the strand.
    void run(DbPool::Job job) {
        if (pool_.contexts_[context_]->get_executor().running_in_this_thread()) return start(std::move(job));
        net::post(strand_, [self = shared_from_this(), job = std::move(job)]() mutable { self->start(std::move(job)); });
    }

    void close() {
        boost::system::error_code ec;
        retry_.cancel();
        connect_timer_.cancel();
        if (socket_) socket_->close(ec);
        socket_.reset();
        conn_.reset();
        reading_ = false;
        ++generation_;  // a wait still queued for the old socket is stale
    }

private:
    using Done = std::function<void(PgResult, bool lost)>;

    void start(DbPool::Job job) {
        job_ = std::move(job);
        if (healthy() && Clock::now() < job_.deadline) return execute();
        backoff_ = std::chrono::milliseconds(25);
        start_job();
    }

    // An idle connection has nothing to read unless its server went away (a restart leaves an
    // error message and EOF): the socket is watched while idle (see on_readable), so checking
    // costs no system call per statement.
    bool healthy() const {
        return conn_ && PQstatus(conn_.get()) == CONNECTION_OK && PQtransactionStatus(conn_.get()) == PQTRANS_IDLE;
    }

    // One wait for readability is pending whenever the link has a socket: while a statement
    // runs, for its result; while idle, for a server going away.  (Boost 1.74 costs an
    // epoll_ctl per wait started, so the idle watch is the same wait the next result uses.)
    void await_readable() {
        if (reading_ || !conn_ || !wrap_socket()) return;
        reading_ = true;
        socket_->async_wait(net::posix::stream_descriptor::wait_read,
                            [self = shared_from_this(), generation = generation_](boost::system::error_code ec) {
                                if (generation != self->generation_) return;
                                self->reading_ = false;
                                self->on_readable(ec);
                            });
    }

    void on_readable(boost::system::error_code ec) {
        PGconn* c = conn_.get();
        if (!pending_) {
            // Idle: whatever arrived (a termination notice, EOF), the connection is done; the
            // next job connects again.
            if (!ec && c) close();
            return;
        }
        if (ec || !c || !PQconsumeInput(c)) return std::exchange(pending_, nullptr)(nullptr, true);
        while (!PQisBusy(c)) {
            PgResult r(PQgetResult(c));
            if (!r) {
                Done done = std::exchange(pending_, nullptr);
                if (PQstatus(c) != CONNECTION_OK) return done(nullptr, true);
                return done(std::move(result_), false);
            }
            // one statement, one result; keep the first error if any
            if (!result_ || PQresultStatus(r.get()) == PGRES_FATAL_ERROR) result_ = std::move(r);
        }
        await_readable();
    }

    void start_job() {
        if (Clock::now() >= job_.deadline)
            return finish(failure(DbOutcome::Status::timeout, "timed out waiting for a free database connection"));
        if (healthy()) return execute();
        connect([self = shared_from_this()](bool ok) {
            if (ok) return self->execute();
            auto now = Clock::now();
            if (!self->pool_.wait_for_database_ || now + self->backoff_ >= self->job_.deadline)
                return self->finish(failure(DbOutcome::Status::unavailable, "database unavailable: " + self->last_error_));
            self->retry_.expires_after(self->backoff_);
            self->backoff_ = std::min(self->backoff_ * 2, std::chrono::milliseconds(1000));
            self->retry_.async_wait([self](boost::system::error_code ec) {
                if (ec) return self->finish(failure(DbOutcome::Status::unavailable, "database unavailable: shutting down"));
                self->start_job();
            });
        });
    }

    // libpq's non-blocking connection: PQconnectPoll says which readiness to wait for; the
    // socket may change between attempts (several hosts or addresses), so it is re-wrapped.
    void connect(std::function<void(bool)> done) {
        close();
        // The URL after our defaults, so what it says wins; `options` after the URL, which holds
        // the URL's own options too.
        const bool options = !pool_.options_.empty();
        const char* keys[] = {"application_name", "connect_timeout", "dbname", options ? "options" : nullptr, nullptr};
        const char* values[] = {"graphgate-server", "5", pool_.conninfo_.c_str(), pool_.options_.c_str(), nullptr};
        conn_.reset(PQconnectStartParams(keys, values, 1));
        if (!conn_ || PQstatus(conn_.get()) == CONNECTION_BAD) return connect_failed(std::move(done));
        std::fill(std::begin(prepared_), std::end(prepared_), false);
        // libpq leaves connect_timeout to the caller of PQconnectPoll: give up after 5 s, or at
        // the deadline of the job that waits for this connection.
        auto limit = Clock::now() + std::chrono::seconds(5);
        if (job_.done && job_.deadline < limit) limit = job_.deadline;
        connect_timed_out_ = false;
        connect_timer_.expires_at(limit);
        connect_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
            if (ec || !self->socket_) return;
            self->connect_timed_out_ = true;
            self->socket_->cancel(ec);
        });
        poll_connect(PGRES_POLLING_WRITING, std::move(done));
    }

    void poll_connect(PostgresPollingStatusType status, std::function<void(bool)> done) {
        if (status == PGRES_POLLING_OK) {
            connect_timer_.cancel();
            // Boost 1.74's descriptor async_wait re-registers the socket with epoll on every
            // wait, with every event it was ever waited for: a socket once waited on for writing
            // (connecting) would wake the reactor for EPOLLOUT after each statement.  A fresh
            // duplicate, waited on for reading only, does not.
            boost::system::error_code ec;
            if (socket_) socket_->close(ec);
            socket_.reset();
            PQsetNoticeProcessor(conn_.get(), ignore_notice, nullptr);
            if (PQsetnonblocking(conn_.get(), 1) != 0) return connect_failed(std::move(done));
            pool_.note_up();
            return done(true);
        }
        if (status == PGRES_POLLING_FAILED) return connect_failed(std::move(done));
        if (!wrap_socket()) return connect_failed(std::move(done));
        auto what = status == PGRES_POLLING_READING ? net::posix::stream_descriptor::wait_read
                                                    : net::posix::stream_descriptor::wait_write;
        socket_->async_wait(what, [self = shared_from_this(), done = std::move(done)](boost::system::error_code ec) mutable {
            if (ec || !self->conn_) return self->connect_failed(std::move(done));
            self->poll_connect(PQconnectPoll(self->conn_.get()), std::move(done));
        });
    }

    void connect_failed(std::function<void(bool)> done) {
        // libpq's message names host and port, never the password.
        last_error_ = connect_timed_out_ ? "timeout expired while connecting"
                      : conn_            ? trimmed(PQerrorMessage(conn_.get()))
                                         : "out of memory";
        close();
        pool_.note_down(last_error_);
        done(false);
    }

    // Asio watches a duplicate of libpq's socket, so that either side may close its own.
    bool wrap_socket() {
        const int fd = PQsocket(conn_.get());
        if (fd < 0) return false;
        if (socket_ && fd == libpq_fd_) return true;
        boost::system::error_code ec;
        if (socket_) socket_->close(ec);
        const int copy = ::dup(fd);
        if (copy < 0) return false;
        socket_.emplace(strand_, copy);
        libpq_fd_ = fd;
        return true;
    }

    void execute() {
        const int index = static_cast<int>(job_.stmt);
        if (!wrap_socket()) return lost();
        if (!prepared_[index]) {
            const auto& st = kStatements[index];
            if (!PQsendPrepare(conn_.get(), st.name, st.sql, st.nparams, nullptr)) return lost();
            return send([self = shared_from_this(), index](PgResult r, bool gone) {
                if (gone) return self->lost();
                if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK)
                    return self->finish(sql_error(r.get(), self->conn_.get()));  // e.g. graphql() not installed yet
                self->prepared_[index] = true;
                self->execute();
            });
        }
        values_.resize(job_.params.size());
        for (std::size_t i = 0; i < job_.params.size(); ++i)
            values_[i] = job_.params[i] ? job_.params[i]->c_str() : nullptr;
        if (!PQsendQueryPrepared(conn_.get(), kStatements[index].name, static_cast<int>(values_.size()), values_.data(),
                                 nullptr, nullptr, 0))
            return lost();
        send([self = shared_from_this()](PgResult r, bool gone) {
            if (gone) return self->lost();
            if (r && PQresultStatus(r.get()) == PGRES_TUPLES_OK) {
                DbOutcome out;
                const PGresult* res = r.get();
                auto cell = [&](int row, int col) -> std::optional<std::string> {
                    if (PQgetisnull(res, row, col)) return std::nullopt;
                    return std::string(PQgetvalue(res, row, col), static_cast<std::size_t>(PQgetlength(res, row, col)));
                };
                if (self->job_.stmt == Statement::multiplexed) {
                    for (int row = 0; row < PQntuples(res); ++row) {
                        out.rows.emplace_back();
                        for (int col = 0; col < PQnfields(res); ++col) out.rows.back().push_back(cell(row, col));
                    }
                } else if (PQntuples(res) == 1 && PQnfields(res) == 1) {
                    out.value = cell(0, 0);
                }
                return self->finish(std::move(out));
            }
            self->finish(sql_error(r.get(), self->conn_.get()));
        });
    }

    // Flushes what PQsend* queued, then collects the results until libpq has no more.
    void send(Done done) {
        const int flushed = PQflush(conn_.get());
        if (flushed < 0) return done(nullptr, true);
        if (flushed == 1) {
            socket_->async_wait(net::posix::stream_descriptor::wait_write,
                                [self = shared_from_this(), done = std::move(done)](boost::system::error_code ec) mutable {
                                    if (ec) return done(nullptr, true);
                                    self->send(std::move(done));
                                });
            return;
        }
        result_.reset();
        collect(std::move(done));
    }

    void collect(Done done) {
        pending_ = std::move(done);
        await_readable();
    }

    void lost() {
        std::string message = "database connection lost: " + (conn_ ? trimmed(PQerrorMessage(conn_.get())) : std::string());
        close();
        finish(failure(DbOutcome::Status::unavailable, std::move(message)));
    }

    void finish(DbOutcome out) {
        auto done = std::move(job_.done);
        job_ = {};
        values_.clear();
        result_.reset();
        done(std::move(out));
        await_readable();
        pool_.release(this);
    }

    DbPool& pool_;
    const std::size_t context_;  // index in pool_.contexts_
    net::strand<net::io_context::executor_type> strand_;
    net::steady_timer retry_;
    net::steady_timer connect_timer_;
    bool connect_timed_out_ = false;
    PgConnPtr conn_;
    std::optional<net::posix::stream_descriptor> socket_;
    int libpq_fd_ = -1;
    bool prepared_[kStatementCount] = {};
    DbPool::Job job_;
    std::vector<const char*> values_;
    PgResult result_;
    Done pending_;          // the statement's, while its results are read
    bool reading_ = false;  // a wait for readability is pending
    unsigned generation_ = 0;
    std::string last_error_;
    std::chrono::milliseconds backoff_{25};
};

namespace {

// The `options` a connection string gives (empty if none, or if it does not parse: connecting
// will say why).
std::string options_of(const std::string& conninfo) {
    std::string out;
    char* err = nullptr;
    PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
    if (!opts) {
        if (err) PQfreemem(err);
        return out;
    }
    for (PQconninfoOption* o = opts; o->keyword; ++o)
        if (std::string(o->keyword) == "options" && o->val) out = o->val;
    PQconninfoFree(opts);
    return out;
}

// Settings of the extension that the server's configuration decides, as libpq options: set
// in the startup packet, so no request pays for them.
std::string connection_options(const Config& config, const std::string& conninfo) {
    if (!config.stringify_numeric_types) return "";
    // The URL's options, or else PGOPTIONS': an explicit `options` replaces both.
    std::string options = options_of(conninfo);
    if (options.empty())
        if (const char* env = std::getenv("PGOPTIONS")) options = env;
    return options + (options.empty() ? "" : " ") + "-c graphgate.stringify_numeric_types=on";
}

}  // namespace

nlohmann::json describe_database(const std::string& conninfo) {
    nlohmann::json d = nlohmann::json::object();
    char* err = nullptr;
    PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
    if (!opts) {
        if (err) PQfreemem(err);
        d["error"] = "unparsable connection string";
        return d;
    }
    for (PQconninfoOption* o = opts; o->keyword; ++o) {
        std::string k = o->keyword;
        if (o->val && *o->val && (k == "host" || k == "hostaddr" || k == "port" || k == "dbname" || k == "user"))
            d[k] = o->val;
    }
    PQconninfoFree(opts);
    return d;
}

DbPool::DbPool(std::vector<net::io_context*> contexts, const Config& config, Logger& log)
    : DbPool(std::move(contexts), config, log, PoolTarget{config.database_url}) {}

DbPool::DbPool(std::vector<net::io_context*> contexts, const Config& config, Logger& log, PoolTarget target)
    : contexts_(std::move(contexts)),
      conninfo_(std::move(target.conninfo)),
      wait_for_database_(target.wait_for_database),
      options_(connection_options(config, conninfo_)),
      size_(config.pool_size),
      timeout_(config.pool_timeout),
      log_(log),
      idle_(contexts_.size()),
      expiry_strand_(net::make_strand(*contexts_.front())),
      expiry_(expiry_strand_) {}

DbPool::~DbPool() { stop(); }

void DbPool::start() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (std::size_t i = 0; i < size_; ++i) {
        links_.push_back(std::make_shared<PgLink>(*this, i % contexts_.size()));
        links_.back()->warm();
    }
}

void DbPool::stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& link : links_) link->close();
    links_.clear();
    for (auto& idle : idle_) idle.clear();
    queue_.clear();
}

void DbPool::submit(Statement stmt, std::vector<std::optional<std::string>> params, Callback done,
                    std::optional<std::chrono::milliseconds> max_wait) {
    const auto wait = max_wait ? std::min(*max_wait, timeout_) : timeout_;
    Job job{stmt, std::move(params), std::move(done), Clock::now() + wait, current_context()};
    std::unique_lock<std::mutex> lock(mutex_);
    if (PgLink* link = take_idle(job.context)) {
        lock.unlock();
        link->run(std::move(job));
        return;
    }
    queue_.push_back(std::move(job));
    arm_expiry();
}

std::size_t DbPool::current_context() const {
    for (std::size_t i = 0; i < contexts_.size(); ++i)
        if (contexts_[i]->get_executor().running_in_this_thread()) return i;
    return 0;
}

PgLink* DbPool::take_idle(std::size_t context) {
    for (std::size_t n = 0; n < idle_.size(); ++n) {
        auto& idle = idle_[(context + n) % idle_.size()];
        if (idle.empty()) continue;
        PgLink* link = idle.back();  // the most recently used: its cache is warm
        idle.pop_back();
        return link;
    }
    return nullptr;
}

void DbPool::release(PgLink* link) {
    std::vector<Job> expired;
    std::unique_lock<std::mutex> lock(mutex_);
    take_expired(expired);
    std::optional<Job> next;
    if (!queue_.empty()) {
        // The oldest job of the connection's own thread, or else the oldest of all.
        auto it = std::find_if(queue_.begin(), queue_.end(), [&](const Job& j) { return j.context == link->context(); });
        if (it == queue_.end()) it = queue_.begin();
        next = std::move(*it);
        queue_.erase(it);
    } else if (std::any_of(links_.begin(), links_.end(), [&](const auto& l) { return l.get() == link; })) {
        idle_[link->context()].push_back(link);
    }
    lock.unlock();
    for (auto& job : expired) job.done(failure(DbOutcome::Status::timeout, "timed out waiting for a free database connection"));
    if (next) link->run(std::move(*next));
}

void DbPool::take_expired(std::vector<Job>& expired) {
    const auto now = Clock::now();
    for (auto it = queue_.begin(); it != queue_.end();) {
        if (it->deadline <= now) {
            expired.push_back(std::move(*it));
            it = queue_.erase(it);
        } else {
            ++it;
        }
    }
}

void DbPool::arm_expiry() {
    if (queue_.empty()) return;
    auto earliest = std::min_element(queue_.begin(), queue_.end(),
                                     [](const Job& a, const Job& b) { return a.deadline < b.deadline; })->deadline;
    if (expiry_armed_ && armed_at_ <= earliest) return;
    expiry_armed_ = true;
    armed_at_ = earliest;
    net::dispatch(expiry_strand_, [this, earliest] {
        expiry_.expires_at(earliest);  // cancels a later wait, whose handler then does nothing
        expiry_.async_wait([this](boost::system::error_code ec) {
            if (!ec) on_expiry();
        });
    });
}

// Jobs still queued at their deadline (every connection busy for that long) end as timeout.
void DbPool::on_expiry() {
    std::vector<Job> expired;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        expiry_armed_ = false;
        take_expired(expired);
        arm_expiry();
    }
    for (auto& job : expired) job.done(failure(DbOutcome::Status::timeout, "timed out waiting for a free database connection"));
}

void DbPool::note_down(const std::string& error) {
    if (!down_.exchange(true))
        log_.warn("db", {{"message", "cannot connect to the database"}, {"database", describe_database(conninfo_)},
                         {"error", error}});
}

void DbPool::note_up() {
    if (down_.exchange(false))
        log_.info("db", {{"message", "connected to the database again"}, {"database", describe_database(conninfo_)}});
}

}  // namespace graphgate::server
