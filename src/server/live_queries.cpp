#include "server/live_queries.hpp"

#include "server/errors.hpp"

#include <cmath>

namespace graphgate::server {

namespace net = boost::asio;
using nlohmann::json;

struct LiveQueries::Poller {
    Poller(net::io_context& io, std::string key, const LiveQueryRequest& r)
        : key(std::move(key)), query(r.query), operation_name(r.operation_name), role(r.role), timer(io),
          created(Clock::now()) {}

    std::string key;
    std::string query;
    std::optional<std::string> operation_name;
    std::string role;
    std::map<std::string, Cohort> cohorts;                  // by variables + session
    std::unordered_map<std::string, std::string> cohort_keys;  // cohort id -> its key in cohorts
    net::steady_timer timer;
    Clock::time_point created;
    Clock::time_point next_poll = Clock::time_point::min();  // the first poll comes with the first cohort
    bool busy = false;  // calls in flight: a poller never overlaps its own polls
    size_t outstanding = 0;
    bool removed = false;
    // counters (the admin endpoint and the logs)
    unsigned long long polls = 0, executions = 0, results = 0, bytes = 0, failures = 0;
    double time_ms = 0, last_ms = 0;

    size_t subscriber_count() const {
        size_t n = 0;
        for (const auto& [k, c] : cohorts) n += c.subscribers.size();
        return n;
    }
};

namespace {

std::string json_string(const std::string& s) { return json(s).dump(-1, ' ', false, json::error_handler_t::replace); }

double round3(double ms) { return std::round(ms * 1000.0) / 1000.0; }

}  // namespace

LiveQueries::LiveQueries(net::io_context& io, ReplicaRouter& db, const Config& config, Logger& log)
    : io_(io), db_(db), config_(config), log_(log), stats_timer_(io) {
    if (config_.live_queries_log_interval.count() > 0) {
        std::lock_guard<std::mutex> lock(mutex_);
        stats_timer_.expires_after(config_.live_queries_log_interval);
        stats_timer_.async_wait([this](boost::system::error_code ec) {
            if (!ec) log_stats();
        });
    }
}

LiveQueries::~LiveQueries() { stop(); }

void LiveQueries::stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
    for (auto& [key, poller] : pollers_) {
        poller->removed = true;
        poller->timer.cancel();
    }
    pollers_.clear();
    subscribers_.clear();
    stats_timer_.cancel();
}

std::string LiveQueries::poller_key(const LiveQueryRequest& r) const {
    // The operation name may be absent or any string; the role is a Postgres name: neither
    // contains U+0000, so it separates them.
    std::string key = r.role;
    key.push_back('\0');
    if (r.operation_name) key += "=" + *r.operation_name;
    key.push_back('\0');
    key += r.key;
    return key;
}

void LiveQueries::subscribe(const std::shared_ptr<LiveSink>& sink, const std::string& operation_id,
                            const LiveQueryRequest& request) {
    std::vector<Job> jobs;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopped_) return;
        const std::string key = poller_key(request);
        auto& poller = pollers_[key];
        if (!poller) {
            poller = std::make_shared<Poller>(io_, key, request);
            log_poller("live-query-poller-started", *poller);
        }
        // Variables text and session text hold no raw newline (scan_json's copy and nlohmann's
        // dump write JSON without white space): the newline separates them.
        const std::string cohort_key = request.variables.value_or("null") + "\n" + request.session;
        Cohort& cohort = poller->cohorts[cohort_key];
        if (cohort.id.empty()) {
            cohort.id = "c" + std::to_string(++next_id_);
            cohort.variables = request.variables;
            cohort.session = request.session;
            poller->cohort_keys[cohort.id] = cohort_key;
        }
        cohort.subscribers.push_back(Subscriber{sink, sink.get(), operation_id, false});
        subscribers_[{sink.get(), operation_id}] = {key, cohort_key};
        if (cohort.result) {
            // The cohort's last result, without a database call.
            cohort.subscribers.back().served = true;
            sink->live_result(operation_id, cohort.result, true);
        } else {
            plan(poller, jobs);
        }
    }
    submit(std::move(jobs));
}

void LiveQueries::unsubscribe(const LiveSink* sink, const std::string& operation_id) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = subscribers_.find({sink, operation_id});
    if (it == subscribers_.end()) return;
    const auto [poller_key, cohort_key] = it->second;
    subscribers_.erase(it);
    auto p = pollers_.find(poller_key);
    if (p == pollers_.end()) return;
    std::shared_ptr<Poller> poller = p->second;
    auto c = poller->cohorts.find(cohort_key);
    if (c == poller->cohorts.end()) return;
    auto& subs = c->second.subscribers;
    subs.erase(std::remove_if(subs.begin(), subs.end(),
                              [&](const Subscriber& s) { return s.owner == sink && s.operation_id == operation_id; }),
               subs.end());
    if (!subs.empty()) return;
    poller->cohort_keys.erase(c->second.id);
    poller->cohorts.erase(c);
    if (!poller->cohorts.empty()) return;
    // A call in flight finds the poller removed and drops its results.
    poller->removed = true;
    poller->timer.cancel();
    log_poller("live-query-poller-stopped", *poller);
    pollers_.erase(p);
}

void LiveQueries::plan(const std::shared_ptr<Poller>& poller, std::vector<Job>& jobs) {
    if (stopped_ || poller->removed || poller->busy) return;
    const auto now = Clock::now();
    const bool due = now >= poller->next_poll;
    // A due poll takes every cohort; between polls, only cohorts that have no result yet.
    std::vector<Cohort*> due_cohorts;
    for (auto& [key, cohort] : poller->cohorts)
        if (due || !cohort.result) due_cohorts.push_back(&cohort);
    if (due) poller->next_poll = now + config_.live_queries_refetch_interval;
    if (due_cohorts.empty()) return arm(poller);
    if (due) ++poller->polls;
    poller->busy = true;
    const size_t batch = std::max<std::size_t>(1, config_.live_queries_batch_size);
    for (size_t start = 0; start < due_cohorts.size(); start += batch) {
        Job job;
        job.poller = poller;
        std::string cohorts = "[";
        for (size_t i = start; i < std::min(due_cohorts.size(), start + batch); ++i) {
            const Cohort& c = *due_cohorts[i];
            if (i > start) cohorts += ',';
            cohorts += R"({"id":)" + json_string(c.id) + R"(,"variables":)" + c.variables.value_or("null") +
                       R"(,"session":)" + c.session + R"(,"hash":)" + (c.hash ? json_string(*c.hash) : "null") +
                       R"(,"cursor":)" + c.cursor.value_or("null") + "}";
            job.cohort_ids.push_back(c.id);
        }
        cohorts += ']';
        job.params = {poller->query, poller->operation_name, std::move(cohorts)};
        jobs.push_back(std::move(job));
    }
    poller->outstanding = jobs.size();
}

void LiveQueries::submit(std::vector<Job> jobs) {
    for (Job& job : jobs) {
        job.started = Clock::now();
        auto params = job.params;
        // A poller stays on one standby: its results never step back to an older state.
        const std::size_t affinity = std::hash<std::string>{}(job.poller->key);
        db_.submit(Target::read, Statement::multiplexed, std::move(params),
                   [this, job = std::move(job)](DbOutcome out) { finished(job, std::move(out)); }, std::nullopt,
                   affinity);
    }
}

void LiveQueries::finished(const Job& job, DbOutcome outcome) {
    std::vector<Job> jobs;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        const std::shared_ptr<Poller>& poller = job.poller;
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - job.started).count();
        ++poller->executions;
        poller->time_ms += ms;
        poller->last_ms = ms;
        if (stopped_ || poller->removed) return;
        auto cohort_of = [&](const std::string& id) -> Cohort* {
            auto key = poller->cohort_keys.find(id);
            return key == poller->cohort_keys.end() ? nullptr : &poller->cohorts.at(key->second);
        };
        if (outcome.status == DbOutcome::Status::ok) {
            for (auto& row : outcome.rows) {
                if (row.size() != 4 || !row[0] || !row[1] || !row[2]) continue;
                Cohort* cohort = cohort_of(*row[0]);
                if (!cohort) continue;  // unsubscribed while the call ran
                ++poller->results;
                poller->bytes += row[1]->size();
                cohort->hash = std::move(row[2]);
                cohort->result = std::make_shared<const std::string>(std::move(*row[1]));
                if (row[3]) {
                    if (!cohort->cursor) set_apart(*poller, *cohort);
                    cohort->cursor = std::move(row[3]);
                }
                deliver(*cohort);
            }
        } else {
            // The whole call failed (database unreachable, timeout, graphql_multiplexed() missing).
            // Cohorts with a result keep it and are asked again at the next poll; new cohorts
            // answer their subscribers with the error, so that no subscribe waits forever.
            ++poller->failures;
            log_.warn("live-query", {{"message", "poll failed"}, {"error", outcome.message},
                                     {"role", poller->role}, {"cohorts", job.cohort_ids.size()}});
            const bool timeout = outcome.status == DbOutcome::Status::timeout;
            auto error = std::make_shared<const std::string>(error_body(
                ErrorShape::graphql, RequestError{200, timeout ? "timeout" : "postgres-error", outcome.message}));
            for (const std::string& id : job.cohort_ids)
                if (Cohort* cohort = cohort_of(id); cohort && !cohort->result) {
                    cohort->result = error;  // hash stays unset: the next poll fetches it again
                    deliver(*cohort);
                }
        }
        if (--poller->outstanding == 0) {
            poller->busy = false;
            plan(poller, jobs);
        }
    }
    submit(std::move(jobs));
}

void LiveQueries::deliver(Cohort& cohort) {
    for (Subscriber& s : cohort.subscribers) {
        if (auto sink = s.sink.lock()) sink->live_result(s.operation_id, cohort.result, !s.served);
        s.served = true;
    }
}

void LiveQueries::set_apart(Poller& poller, Cohort& cohort) {
    const std::string old_key = poller.cohort_keys.at(cohort.id);
    const std::string new_key = old_key + "\n" + cohort.id;  // ids hold no newline: unique, never shared
    for (const Subscriber& s : cohort.subscribers) subscribers_[{s.owner, s.operation_id}].second = new_key;
    poller.cohort_keys[cohort.id] = new_key;
    auto node = poller.cohorts.extract(old_key);
    node.key() = new_key;
    poller.cohorts.insert(std::move(node));  // a map node keeps its address: `cohort` stays valid
}

void LiveQueries::arm(const std::shared_ptr<Poller>& poller) {
    poller->timer.expires_at(poller->next_poll);
    // A weak reference: a removed poller (and its timer) goes at once, not with the handler.
    poller->timer.async_wait([this, weak = std::weak_ptr<Poller>(poller)](boost::system::error_code ec) {
        auto poller = weak.lock();
        if (ec || !poller) return;
        std::vector<Job> jobs;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            plan(poller, jobs);
        }
        submit(std::move(jobs));
    });
}

json LiveQueries::poller_stats(const Poller& p) const {
    return {
        {"role", p.role},
        {"operation_name", p.operation_name ? json(*p.operation_name) : json()},
        {"query", p.query},
        {"cohorts", p.cohorts.size()},
        {"subscribers", p.subscriber_count()},
        {"polls", p.polls},
        {"executions", p.executions},
        {"results", p.results},
        {"bytes", p.bytes},
        {"failures", p.failures},
        {"execution_time_ms", round3(p.time_ms)},
        {"last_execution_ms", round3(p.last_ms)},
        {"age_s", round3(std::chrono::duration<double>(Clock::now() - p.created).count())},
    };
}

json LiveQueries::stats() const {
    std::lock_guard<std::mutex> lock(mutex_);
    json pollers = json::array();
    size_t cohorts = 0, subscribers = 0;
    for (const auto& [key, p] : pollers_) {
        pollers.push_back(poller_stats(*p));
        cohorts += p->cohorts.size();
        subscribers += p->subscriber_count();
    }
    return {{"refetch_interval_ms", config_.live_queries_refetch_interval.count()},
            {"batch_size", config_.live_queries_batch_size},
            {"pollers", std::move(pollers)},
            {"cohorts", cohorts},
            {"subscribers", subscribers}};
}

void LiveQueries::log_poller(const char* event, const Poller& poller) {
    log_.info(event, poller_stats(poller));
}

void LiveQueries::log_stats() {
    json s = stats();
    if (!s["pollers"].empty()) log_.info("live-query-stats", s);
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_) return;
    stats_timer_.expires_after(config_.live_queries_log_interval);
    stats_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) log_stats();
    });
}

}  // namespace graphgate::server
