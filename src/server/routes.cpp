#include "server/routes.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>

namespace graphgate::server {

using nlohmann::json;

namespace {

constexpr const char* kJson = "application/json; charset=utf-8";

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

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

bool is_json_content_type(boost::beast::string_view value) {
    std::string v = lower(std::string(value.substr(0, value.find(';'))));
    v.erase(0, v.find_first_not_of(" \t"));
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.pop_back();
    return v == "application/json";
}

AuthHeaders auth_headers(const Request& req) {
    AuthHeaders h;
    for (const auto& field : req) {
        std::string name = lower(std::string(field.name_string()));
        if (name.rfind("x-hasura-", 0) == 0) {
            std::string value(field.value());
            if (name == "x-hasura-admin-secret" || name == "x-hasura-access-key") h.admin_secret = value;
            else if (name == "x-hasura-role") h.role = value;
            else h.variables.emplace_back(std::move(name), std::move(value));
        } else if (name == "authorization") {
            h.authorization = std::string(field.value());
        }
    }
    return h;
}

// Hasura's wording for a JSON value of the wrong type (aeson's "expected X, but encountered Y").
const char* json_type_name(const json& v) {
    switch (v.type()) {
        case json::value_t::object: return "Object";
        case json::value_t::array: return "Array";
        case json::value_t::string: return "String";
        case json::value_t::boolean: return "Boolean";
        case json::value_t::null: return "Null";
        default: return "Number";
    }
}

// 503 for a database that could not be reached, or no connection freed up, in time: the
// request may be retried, unlike a 500.
RouteResult unavailable(const std::string& path, const DbOutcome& out, unsigned version) {
    const bool timeout = out.status == DbOutcome::Status::timeout;
    return Router::error(path, http::status::service_unavailable, timeout ? "timeout" : "postgres-error", out.message,
                         version);
}

}  // namespace

std::string target_path(boost::beast::string_view target) {
    return std::string(target.substr(0, target.find('?')));
}

RouteResult Router::error(const std::string& target, http::status status, const std::string& code,
                          const std::string& message, unsigned version) {
    RouteResult r = make(status, error_body(error_shape_for(target_path(target)), code, message), kJson, version);
    r.error_code = code;
    return r;
}

Router::Router(const Authenticator& auth, DbPool& pool, const Console& console)
    : auth_(auth), pool_(pool), console_(console) {}

void Router::handle(const Request& req, std::function<void(RouteResult)> respond) {
    const std::string path = target_path(req.target());
    auto only = [&](http::verb verb, const char* name) {
        if (req.method() == verb) return true;
        RouteResult r = error(path, http::status::method_not_allowed, "method-not-allowed",
                              "method " + std::string(req.method_string()) + " is not allowed on " + path +
                                  "; use " + name,
                              req.version());
        r.response.set(http::field::allow, name);
        respond(std::move(r));
        return false;
    };
    if (path == "/v1/graphql") {
        if (only(http::verb::post, "POST")) graphql(req, std::move(respond));
    } else if (path == "/v1/metadata" || path == "/v1/query") {
        if (only(http::verb::post, "POST")) metadata(req, std::move(respond));
    } else if (path == "/healthz") {
        if (only(http::verb::get, "GET")) healthz(req, std::move(respond));
    } else if (path == "/v1/version") {
        if (only(http::verb::get, "GET"))
            respond(make(http::status::ok,
                         json{{"version", server_version()}, {"server_type", "graphgate"}}.dump(), kJson,
                         req.version()));
    } else if (is_console_path(path)) {
        if (only(http::verb::get, "GET")) respond(console(req, path));
    } else {
        // Hasura's answer for an unknown resource, whatever the method.
        respond(error(path, http::status::not_found, "not-found", "resource does not exist", req.version()));
    }
}

bool Router::authenticate(const Request& req, const std::string& path, Session& session,
                          const std::function<void(RouteResult)>& respond) {
    auto ct = req.find(http::field::content_type);
    if (ct == req.end() || !is_json_content_type(ct->value())) {
        respond(error(path, http::status::unsupported_media_type, "invalid-headers",
                      "Content-Type must be application/json", req.version()));
        return false;
    }
    auto result = auth_.authenticate(auth_headers(req), unix_now());
    if (auto* err = std::get_if<AuthError>(&result)) {
        // Hasura v2 answers credential problems on /v1/graphql with HTTP 200 and a GraphQL
        // error, except a missing or wrong secret, which stays 401 here so that proxies and
        // clients can tell "log in" from "bad query".
        http::status status = static_cast<http::status>(err->status);
        if (path == "/v1/graphql" && err->status != 401) status = http::status::ok;
        respond(error(path, status, err->code, err->message, req.version()));
        return false;
    }
    session = std::get<Session>(std::move(result));
    return true;
}

void Router::graphql(const Request& req, std::function<void(RouteResult)> respond) {
    const std::string path = "/v1/graphql";
    Session session;
    if (!authenticate(req, path, session, respond)) return;
    const unsigned version = req.version();
    auto bad = [&](const std::string& code, const std::string& message) {
        RouteResult r = error(path, http::status::bad_request, code, message, version);
        r.role = session.role;
        respond(std::move(r));
    };

    json body;
    try {
        body = json::parse(req.body());
    } catch (const json::parse_error& e) {
        return bad("invalid-json", "invalid JSON in the request body at byte " + std::to_string(e.byte));
    }
    if (!body.is_object())
        return bad("parse-failed", std::string("expected Object for the request body, but encountered ") +
                                       json_type_name(body));
    auto q = body.find("query");
    if (q == body.end()) return bad("parse-failed", "the key 'query' was not present");
    if (!q->is_string())
        return bad("parse-failed",
                   std::string("parsing Text failed, expected String, but encountered ") + json_type_name(*q));

    std::vector<std::optional<std::string>> params(4);
    params[0] = q->get<std::string>();
    if (auto v = body.find("variables"); v != body.end() && !v->is_null()) {
        if (!v->is_object())
            return bad("parse-failed", std::string("variables: expected Object, but encountered ") + json_type_name(*v));
        params[1] = v->dump();
    }
    if (auto op = body.find("operationName"); op != body.end() && !op->is_null()) {
        if (!op->is_string())
            return bad("parse-failed",
                       std::string("operationName: expected String, but encountered ") + json_type_name(*op));
        params[2] = op->get<std::string>();
    }
    params[3] = session.variables.dump();

    pool_.submit(Statement::graphql, std::move(params),
                 [respond = std::move(respond), role = session.role, version](DbOutcome out) {
                     RouteResult r;
                     switch (out.status) {
                         case DbOutcome::Status::ok:
                             if (out.value) r = make(http::status::ok, std::move(*out.value), kJson, version);
                             else r = error("/v1/graphql", http::status::internal_server_error, "unexpected",
                                            "graphgate.graphql() returned NULL", version);
                             break;
                         case DbOutcome::Status::sql_error:
                             // graphql() answers bad queries itself; what escapes it is a
                             // Postgres error (unknown role, extension missing): still a
                             // GraphQL error, as Hasura reports database errors.
                             r = error("/v1/graphql", http::status::ok, "postgres-error", out.message, version);
                             break;
                         case DbOutcome::Status::unavailable:
                         case DbOutcome::Status::timeout:
                             r = unavailable("/v1/graphql", out, version);
                             break;
                     }
                     r.role = role;
                     respond(std::move(r));
                 });
}

void Router::metadata(const Request& req, std::function<void(RouteResult)> respond) {
    const std::string path = target_path(req.target());
    Session session;
    if (!authenticate(req, path, session, respond)) return;
    const unsigned version = req.version();
    if (!session.is_admin()) {
        RouteResult r = error(path, http::status::bad_request, "access-denied", "restricted access : admin only", version);
        r.role = session.role;
        return respond(std::move(r));
    }
    // Only checked here (without building a DOM); the text itself goes to Postgres unchanged.
    if (!json::accept(req.body())) {
        std::size_t at = 0;
        try {
            json unused = json::parse(req.body());
        } catch (const json::parse_error& e) {
            at = e.byte;
        }
        RouteResult r = error(path, http::status::bad_request, "invalid-json",
                              "invalid JSON in the request body at byte " + std::to_string(at), version);
        r.role = session.role;
        return respond(std::move(r));
    }
    pool_.submit(Statement::metadata, {req.body()}, [respond = std::move(respond), path, version](DbOutcome out) {
        RouteResult r;
        switch (out.status) {
            case DbOutcome::Status::ok: {
                if (!out.value) {
                    r = error(path, http::status::internal_server_error, "unexpected",
                              "graphgate.metadata() returned NULL", version);
                    break;
                }
                // metadata() returns Hasura's error object instead of raising: its code picks
                // the status (400, or 500 for "unexpected"), as in Hasura.
                http::status status = http::status::ok;
                std::string code;
                try {
                    json v = json::parse(*out.value);
                    if (v.is_object() && v.contains("error") && v.contains("code") && v["code"].is_string()) {
                        code = v["code"].get<std::string>();
                        status = code == "unexpected" ? http::status::internal_server_error : http::status::bad_request;
                    }
                } catch (const json::exception&) {
                }
                r = make(status, std::move(*out.value), kJson, version);
                r.error_code = code;
                break;
            }
            case DbOutcome::Status::sql_error:
                if (out.sqlstate == "22P02" || out.sqlstate == "22P05")  // jsonb refused the text
                    r = error(path, http::status::bad_request, "invalid-json", out.message, version);
                else r = error(path, http::status::internal_server_error, "unexpected", out.message, version);
                break;
            case DbOutcome::Status::unavailable:
            case DbOutcome::Status::timeout:
                r = unavailable(path, out, version);
                break;
        }
        r.role = "admin";
        respond(std::move(r));
    });
}

// Static files: no credentials needed, as with Hasura's console (the page asks for the admin
// secret and sends it with each GraphQL request).
RouteResult Router::console(const Request& req, const std::string& path) const {
    if (!console_.available())
        return error(path, http::status::not_found, "not-found", "the console is not installed: " + console_.problem(),
                     req.version());
    auto res = console_.serve(path, req);
    if (!res) return error(path, http::status::not_found, "not-found", "resource does not exist", req.version());
    RouteResult r;
    r.response = std::move(*res);
    return r;
}

void Router::healthz(const Request& req, std::function<void(RouteResult)> respond) {
    const unsigned version = req.version();
    // A health check answers within 2 s even while the database is down.
    pool_.submit(Statement::ping, {}, [respond = std::move(respond), version](DbOutcome out) {
        if (out.status == DbOutcome::Status::ok) return respond(make(http::status::ok, "OK", "text/plain", version));
        if (out.status == DbOutcome::Status::sql_error)
            return respond(error("/healthz", http::status::service_unavailable, "postgres-error", out.message, version));
        respond(unavailable("/healthz", out, version));
    }, std::chrono::milliseconds(2000));
}

}  // namespace graphgate::server
