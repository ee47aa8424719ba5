#include "server/routes.hpp"

#include "server/json_reader.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>

namespace graphgate::server {

using nlohmann::json;

namespace {

constexpr const char* kJson = "application/json; charset=utf-8";

RouteResult make(http::status status, std::string body, const char* content_type, unsigned version) {
    RouteResult r;
    r.response.version(version);
    r.response.result(status);
    r.response.set(http::field::content_type, content_type);
    r.response.body() = std::move(body);
    return r;
}

long long unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// 503 for a database that could not be reached, or no connection freed up, in time: the
// request may be retried, unlike a 500.
RouteResult unavailable(const std::string& path, const DbOutcome& out, unsigned version) {
    const bool timeout = out.status == DbOutcome::Status::timeout;
    return Router::error(path, RequestError{503, timeout ? "timeout" : "postgres-error", out.message}, version);
}

}  // namespace

// The one way out of a request handler, whether it answers at once or from a database
// callback: it answers the client exactly once, and an exception thrown by the work it
// guards (nlohmann's out_of_range, bad_alloc, a bug) becomes a 500 "unexpected" in the
// endpoint's shape instead of escaping into Asio's threads, where it would end the process.
class Reply {
public:
    Reply(std::function<void(RouteResult)> respond, std::string path, unsigned version, Logger& log)
        : respond_(std::move(respond)), path_(std::move(path)), version_(version), log_(log) {}

    const std::string& path() const { return path_; }
    unsigned version() const { return version_; }

    void operator()(RouteResult result) {
        if (!sent_.exchange(true)) respond_(std::move(result));
    }

    template <class Work>
    void guard(Work&& work) noexcept {
        try {
            work();
        } catch (const std::exception& e) {
            failed(e.what());
        } catch (...) {
            failed("an exception that is not a std::exception");
        }
    }

private:
    void failed(const char* what) noexcept {
        try {
            log_.error("http", {{"message", "request handler failed"}, {"path", path_}, {"error", what}});
            (*this)(Router::error(path_, RequestError{500, "unexpected", "internal error while handling the request"},
                                  version_));
        } catch (...) {
            // Out of memory while answering: nothing more can be done for this request, and the
            // server must go on serving the others.
        }
    }

    std::function<void(RouteResult)> respond_;
    std::string path_;
    unsigned version_;
    Logger& log_;
    std::atomic<bool> sent_{false};
};

std::string target_path(boost::beast::string_view target) {
    return std::string(target.substr(0, target.find('?')));
}

RouteResult Router::error(const std::string& target, const RequestError& e, unsigned version) {
    RouteResult r = make(static_cast<http::status>(e.status), error_body(error_shape_for(target_path(target)), e),
                         kJson, version);
    r.error_code = e.code;
    r.role = e.role;
    return r;
}

Router::Router(const Authenticator& auth, ReplicaRouter& db, const Console& console, Logger& log, const LiveQueries& live,
               std::function<std::size_t()> sockets)
    : auth_(auth), db_(db), console_(console), log_(log), live_(live), sockets_(std::move(sockets)) {}

void Router::handle(const Request& req, std::function<void(RouteResult)> respond) noexcept {
    std::shared_ptr<Reply> reply;
    try {
        reply = std::make_shared<Reply>(std::move(respond), target_path(req.target()), req.version(), log_);
    } catch (...) {
        return;  // out of memory before anything could be answered; the connection times out
    }
    reply->guard([&] { dispatch(req, reply); });
}

void Router::dispatch(const Request& req, const std::shared_ptr<Reply>& reply) {
    const std::string& path = reply->path();
    auto only = [&](http::verb verb, const char* name) {
        if (req.method() == verb) return true;
        RouteResult r = error(path,
                              RequestError{405, "method-not-allowed",
                                           "method " + std::string(req.method_string()) + " is not allowed on " +
                                               path + "; use " + name},
                              req.version());
        r.response.set(http::field::allow, name);
        (*reply)(std::move(r));
        return false;
    };
    if (path == "/v1/graphql") {
        if (req.method() == http::verb::get || only(http::verb::post, "GET, POST")) graphql(req, reply);
    } else if (path == "/v1/metadata" || path == "/v1/query") {
        if (only(http::verb::post, "POST")) metadata(req, reply);
    } else if (path == "/healthz") {
        if (only(http::verb::get, "GET")) healthz(req, reply);
    } else if (path == "/v1/version") {
        if (only(http::verb::get, "GET"))
            (*reply)(make(http::status::ok, json{{"version", server_version()}, {"server_type", "graphgate"}}.dump(),
                          kJson, req.version()));
    } else if (path == "/v1/subscriptions/stats") {
        if (only(http::verb::get, "GET")) (*reply)(subscription_stats(req, path));
    } else if (is_console_path(path)) {
        if (only(http::verb::get, "GET")) (*reply)(console(req, path));
    } else {
        // Hasura's answer for an unknown resource, whatever the method.
        (*reply)(error(path, RequestError{404, "not-found", "resource does not exist"}, req.version()));
    }
}

namespace {

// A client that asks for application/graphql-response+json (GraphQL over HTTP) gets that media
// type, and a 4xx for a response without data (a request refused before it ran), as the
// specification asks; anyone else gets Hasura's application/json, errors with HTTP 200.
bool wants_graphql_response(const Request& req) {
    auto accept = req.find(http::field::accept);
    return accept != req.end() &&
           accept->value().find("application/graphql-response+json") != boost::beast::string_view::npos;
}

RouteResult as_graphql_response(RouteResult r) {
    r.response.set(http::field::content_type, "application/graphql-response+json; charset=utf-8");
    // (A batch's array of results is 200: each result says for itself whether it ran.)
    if (r.response.result() == http::status::ok && r.response.body().rfind("{\"data\"", 0) != 0 &&
        r.response.body().rfind('[', 0) != 0)
        r.response.result(http::status::bad_request);
    return r;
}

// Where a GraphQL call goes.  A GET is a query (read_graphql_get refuses mutations); a POST's
// document is read only when there are standbys to send it to.
Target target_of(const ReplicaRouter& db, const GraphqlCall& call, bool get) {
    if (!db.has_replicas()) return Target::primary;
    return graphql_target(get ? OperationKind::query : operation_kind(call.query, call.operation_name),
                          call.use_primary);
}

// A batch runs its operations one after another, each its own graphgate.graphql() call (and
// transaction), as Hasura does; the answer is their results in order.  A database that cannot
// be reached answers the whole batch 503 and runs nothing after.
struct BatchRun {
    GraphqlBatch batch;
    std::vector<std::string> results;
    std::function<void(RouteResult)> answer;
    std::shared_ptr<Reply> reply;
};

void run_batch(ReplicaRouter& db, const std::shared_ptr<BatchRun>& run) {
    const unsigned version = run->reply->version();
    while (run->results.size() < run->batch.operations.size()) {
        auto& operation = run->batch.operations[run->results.size()];
        if (auto* refused = std::get_if<RequestError>(&operation)) {
            run->results.push_back(error_body(ErrorShape::graphql, *refused));
            continue;
        }
        GraphqlCall& call = std::get<GraphqlCall>(operation);
        const Target target = target_of(db, call, false);
        std::vector<std::optional<std::string>> params{std::move(call.query), std::move(call.variables),
                                                       std::move(call.operation_name), std::move(call.session)};
        db.submit(target, Statement::graphql, std::move(params), [&db, run, version](DbOutcome out) {
            run->reply->guard([&] {
                switch (out.status) {
                    case DbOutcome::Status::ok:
                        run->results.push_back(out.value ? std::move(*out.value)
                                                         : error_body(ErrorShape::graphql,
                                                                      RequestError{200, "unexpected",
                                                                                   "graphgate.graphql() returned NULL"}));
                        break;
                    case DbOutcome::Status::sql_error:
                        run->results.push_back(
                            error_body(ErrorShape::graphql, RequestError{200, "postgres-error", out.message}));
                        break;
                    case DbOutcome::Status::unavailable:
                    case DbOutcome::Status::timeout: {
                        RouteResult r = unavailable("/v1/graphql", out, version);
                        r.role = run->batch.role;
                        return run->answer(std::move(r));
                    }
                }
                run_batch(db, run);
            });
        });
        return;
    }
    std::string body = "[";
    for (std::size_t i = 0; i < run->results.size(); ++i) body += (i ? "," : "") + run->results[i];
    RouteResult r = make(http::status::ok, body + "]", kJson, version);
    r.role = run->batch.role;
    run->answer(std::move(r));
}

}  // namespace

void Router::graphql_batch(const Request& req, const std::shared_ptr<Reply>& reply) {
    auto read = read_graphql_batch(req, auth_, unix_now());
    const bool graphql_response = wants_graphql_response(req);
    auto answer = [reply, graphql_response](RouteResult r) {
        (*reply)(graphql_response ? as_graphql_response(std::move(r)) : std::move(r));
    };
    if (auto* err = std::get_if<RequestError>(&read)) return answer(error(reply->path(), *err, reply->version()));
    auto run = std::make_shared<BatchRun>();
    run->batch = std::get<GraphqlBatch>(std::move(read));
    run->results.reserve(run->batch.operations.size());
    run->answer = answer;
    run->reply = reply;
    run_batch(db_, run);
}

void Router::graphql(const Request& req, const std::shared_ptr<Reply>& reply) {
    const bool get = req.method() == http::verb::get;
    if (!get && is_batch_body(req.body())) return graphql_batch(req, reply);
    auto read = get ? read_graphql_get(req, auth_, unix_now()) : read_graphql_request(req, auth_, unix_now());
    const bool graphql_response = wants_graphql_response(req);
    auto answer = [reply, graphql_response](RouteResult r) {
        (*reply)(graphql_response ? as_graphql_response(std::move(r)) : std::move(r));
    };
    if (auto* err = std::get_if<RequestError>(&read)) {
        RouteResult r = error(reply->path(), *err, reply->version());
        if (err->status == 405) r.response.set(http::field::allow, "POST");
        return answer(std::move(r));
    }
    GraphqlCall& call = std::get<GraphqlCall>(read);
    const Target target = target_of(db_, call, get);
    std::vector<std::optional<std::string>> params{std::move(call.query), std::move(call.variables),
                                                   std::move(call.operation_name), std::move(call.session)};
    db_.submit(target, Statement::graphql, std::move(params), [reply, answer, role = call.role](DbOutcome out) {
        reply->guard([&] {
            const unsigned version = reply->version();
            RouteResult r;
            switch (out.status) {
                case DbOutcome::Status::ok:
                    if (out.value) r = make(http::status::ok, std::move(*out.value), kJson, version);
                    else r = error("/v1/graphql", RequestError{500, "unexpected", "graphgate.graphql() returned NULL"},
                                   version);
                    break;
                case DbOutcome::Status::sql_error:
                    // graphql() answers bad queries itself; what escapes it is a Postgres
                    // error (unknown role, extension missing): still a GraphQL error, as
                    // Hasura reports database errors.
                    r = error("/v1/graphql", RequestError{200, "postgres-error", out.message}, version);
                    break;
                case DbOutcome::Status::unavailable:
                case DbOutcome::Status::timeout:
                    r = unavailable("/v1/graphql", out, version);
                    break;
            }
            r.role = role;
            answer(std::move(r));
        });
    });
}

void Router::metadata(const Request& req, const std::shared_ptr<Reply>& reply) {
    auto read = read_metadata_request(req, auth_, unix_now());
    if (auto* err = std::get_if<RequestError>(&read)) return (*reply)(error(reply->path(), *err, reply->version()));
    db_.submit(Target::primary, Statement::metadata, {req.body()}, [reply](DbOutcome out) {
        reply->guard([&] {
            const std::string& path = reply->path();
            const unsigned version = reply->version();
            RouteResult r;
            switch (out.status) {
                case DbOutcome::Status::ok: {
                    if (!out.value) {
                        r = error(path, RequestError{500, "unexpected", "graphgate.metadata() returned NULL"}, version);
                        break;
                    }
                    // metadata() returns Hasura's error object instead of raising: its code
                    // picks the status (400, or 500 for "unexpected"), as in Hasura.
                    http::status status = http::status::ok;
                    std::string code;
                    if (auto v = parse_json(*out.value);
                        v && v->is_object() && v->contains("error") && v->contains("code") && (*v)["code"].is_string()) {
                        code = (*v)["code"].get<std::string>();
                        status = code == "unexpected" ? http::status::internal_server_error : http::status::bad_request;
                    }
                    r = make(status, std::move(*out.value), kJson, version);
                    r.error_code = code;
                    break;
                }
                case DbOutcome::Status::sql_error:
                    if (out.sqlstate == "22P02" || out.sqlstate == "22P05")  // jsonb refused the text
                        r = error(path, RequestError{400, "invalid-json", out.message}, version);
                    else r = error(path, RequestError{500, "unexpected", out.message}, version);
                    break;
                case DbOutcome::Status::unavailable:
                case DbOutcome::Status::timeout:
                    r = unavailable(path, out, version);
                    break;
            }
            r.role = "admin";
            (*reply)(std::move(r));
        });
    });
}

// Static files: no credentials needed, as with Hasura's console (the page asks for the admin
// secret and sends it with each GraphQL request).
RouteResult Router::console(const Request& req, const std::string& path) const {
    if (!console_.available())
        return error(path, RequestError{404, "not-found", "the console is not installed: " + console_.problem()},
                     req.version());
    auto res = console_.serve(path, req);
    if (!res) return error(path, RequestError{404, "not-found", "resource does not exist"}, req.version());
    RouteResult r;
    r.response = std::move(*res);
    return r;
}

// Every live-query poller's counters, for admins (the queries are in it).
RouteResult Router::subscription_stats(const Request& req, const std::string& path) const {
    auto result = auth_.authenticate(auth_headers(req), unix_now());
    if (auto* err = std::get_if<AuthError>(&result))
        return error(path, RequestError{static_cast<unsigned>(err->status), err->code, err->message}, req.version());
    const Session& session = std::get<Session>(result);
    if (!session.is_admin()) {
        RouteResult r = error(path, RequestError{400, "access-denied", "restricted access : admin only"}, req.version());
        r.role = session.role;
        return r;
    }
    json stats = live_.stats();
    stats["websockets"] = sockets_();
    RouteResult r = make(http::status::ok, stats.dump(-1, ' ', false, json::error_handler_t::replace), kJson,
                         req.version());
    r.role = session.role;
    return r;
}

void Router::healthz(const Request& req, const std::shared_ptr<Reply>& reply) {
    // A health check answers within 2 s even while the database is down.  It is the primary's
    // health: reads go there when no standby answers, writes always do.
    db_.submit(Target::primary, Statement::ping, {}, [reply](DbOutcome out) {
        reply->guard([&] {
            const unsigned version = reply->version();
            if (out.status == DbOutcome::Status::ok) return (*reply)(make(http::status::ok, "OK", "text/plain", version));
            if (out.status == DbOutcome::Status::sql_error)
                return (*reply)(error("/healthz", RequestError{503, "postgres-error", out.message}, version));
            (*reply)(unavailable("/healthz", out, version));
        });
    }, std::chrono::milliseconds(2000));
}

}  // namespace graphgate::server
