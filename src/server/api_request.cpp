#include "server/api_request.hpp"

#include "server/graphql_operation.hpp"
#include "server/json_reader.hpp"

#include <algorithm>
#include <cctype>

namespace graphgate::server {

using nlohmann::json;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

bool is_json_content_type(boost::beast::string_view value) {
    std::string v = lower(std::string(value.substr(0, value.find(';'))));
    v.erase(0, v.find_first_not_of(" \t"));
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.pop_back();
    return v == "application/json";
}

// Hasura's wording for a JSON value of the wrong type (aeson's "expected X, but encountered Y").
const char* json_type_name(json::value_t type) {
    switch (type) {
        case json::value_t::object: return "Object";
        case json::value_t::array: return "Array";
        case json::value_t::string: return "String";
        case json::value_t::boolean: return "Boolean";
        case json::value_t::null: return "Null";
        default: return "Number";
    }
}

RequestError bad_request(const std::string& code, const std::string& message, const std::string& role = "") {
    RequestError e{400, code, message};
    e.role = role;
    return e;
}

// What the endpoints check first: the content type of a body, then the credentials.
std::variant<Session, RequestError> authenticate(const Request& req, bool graphql, const Authenticator& auth,
                                                 long long now, bool has_body = true) {
    auto ct = req.find(http::field::content_type);
    if (has_body && (ct == req.end() || !is_json_content_type(ct->value())))
        return RequestError{415, "invalid-headers", "Content-Type must be application/json"};
    auto result = auth.authenticate(auth_headers(req), now);
    if (auto* err = std::get_if<AuthError>(&result)) {
        // Hasura v2 answers credential problems on /v1/graphql with HTTP 200 and a GraphQL
        // error, except a missing or wrong secret, which stays 401 here so that proxies and
        // clients can tell "log in" from "bad query".
        const unsigned status = graphql && err->status != 401 ? 200 : static_cast<unsigned>(err->status);
        return RequestError{status, err->code, err->message};
    }
    return std::get<Session>(std::move(result));
}

RequestError body_error(const JsonReadError& e, const std::string& role) {
    return bad_request("invalid-json", e.message, role);
}

// X-Graphgate-Use-Primary: true sends a read to the primary, for a client that must see its own
// writes (standbys lag).  Not an X-Hasura-* name: those become session variables.  A value that
// is neither true nor false is refused rather than read as false.
std::optional<RequestError> read_use_primary(const Request& req, GraphqlCall& call) {
    auto header = req.find("x-graphgate-use-primary");
    if (header == req.end()) return std::nullopt;
    const std::string value = lower(std::string(header->value()));
    if (value == "true" || value == "false") {
        call.use_primary = value == "true";
        return std::nullopt;
    }
    RequestError e{200, "invalid-headers", "the value of header x-graphgate-use-primary must be true or false"};
    e.role = call.role;
    return e;
}

GraphqlCall call_of(GraphqlBody&& body, const Session& session) {
    GraphqlCall call;
    call.query = std::move(body.query);
    call.variables = std::move(body.variables);
    call.operation_name = std::move(body.operation_name);
    call.session = session.variables.dump();
    call.role = session.role;
    return call;
}

}  // namespace

SourceLocation location_of(std::string_view document, std::size_t offset) {
    SourceLocation at;
    offset = std::min(offset, document.size());
    for (std::size_t i = 0; i < offset; ++i) {
        const unsigned char c = static_cast<unsigned char>(document[i]);
        if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < offset && document[i + 1] == '\n') ++i;
            ++at.line;
            at.column = 1;
        } else if ((c & 0xC0) != 0x80) {      // continuation bytes belong to the character before
            at.column += c >= 0xF0 ? 2 : 1;  // four-byte characters are surrogate pairs in UTF-16
        }
    }
    return at;
}

std::variant<GraphqlBody, RequestError> read_graphql_body(std::string_view text, const std::string& role,
                                                          const char* what) {
    auto scanned = scan_json(text, {"query", "variables", "operationName"}, what);
    if (auto* err = std::get_if<JsonReadError>(&scanned)) return body_error(*err, role);
    ScannedJson& body = std::get<ScannedJson>(scanned);
    if (body.type != json::value_t::object)
        return bad_request("parse-failed", std::string("expected Object for the request body, but encountered ") +
                                               json_type_name(body.type), role);
    auto q = body.members.find("query");
    if (q == body.members.end()) return bad_request("parse-failed", "the key 'query' was not present", role);
    if (q->second.type != json::value_t::string)
        return bad_request("parse-failed", std::string("parsing Text failed, expected String, but encountered ") +
                                               json_type_name(q->second.type), role);
    auto v = body.members.find("variables");
    const bool has_variables = v != body.members.end() && v->second.type != json::value_t::null;
    if (has_variables && v->second.type != json::value_t::object)
        return bad_request("parse-failed", std::string("variables: expected Object, but encountered ") +
                                               json_type_name(v->second.type), role);
    auto op = body.members.find("operationName");
    const bool has_operation = op != body.members.end() && op->second.type != json::value_t::null;
    if (has_operation && op->second.type != json::value_t::string)
        return bad_request("parse-failed", std::string("operationName: expected String, but encountered ") +
                                               json_type_name(op->second.type), role);

    // U+0000 cannot reach graphql(): libpq passes text parameters as C strings (the rest of the
    // text would silently vanish) and Postgres' text and jsonb cannot hold it.  The request is
    // well-formed, so these are GraphQL errors (HTTP 200), as Hasura answers a bad document.
    auto refused = [&](std::string message, std::string path, std::optional<SourceLocation> location = std::nullopt) {
        RequestError e{200, "validation-failed", std::move(message), std::move(path), location};
        e.role = role;
        return e;
    };
    const std::string& query = q->second.string;
    if (auto nul = query.find('\0'); nul != std::string::npos)
        return refused("The query contains the character U+0000 (NUL), which graphgate does not accept anywhere in a "
                       "document.",
                       "$.query", location_of(query, nul));
    if (has_operation && op->second.string.find('\0') != std::string::npos)
        return refused("Unknown operation named " + json(op->second.string).dump() +
                           ": an operation name cannot contain U+0000 (NUL).",
                       "$.operationName");
    if (has_variables && v->second.nul_at)
        return refused("A variable contains the character U+0000 (NUL), which PostgreSQL cannot store.",
                       "$.variableValues" + *v->second.nul_at);

    GraphqlBody out;
    out.query = std::move(q->second.string);
    if (has_variables) out.variables = std::move(v->second.text);
    if (has_operation) out.operation_name = std::move(op->second.string);
    return out;
}

std::variant<GraphqlCall, RequestError> read_graphql_request(const Request& req, const Authenticator& auth,
                                                             long long now) {
    auto authenticated = authenticate(req, true, auth, now);
    if (auto* err = std::get_if<RequestError>(&authenticated)) return std::move(*err);
    Session& session = std::get<Session>(authenticated);
    auto read = read_graphql_body(req.body(), session.role);
    if (auto* err = std::get_if<RequestError>(&read)) return std::move(*err);
    GraphqlCall call = call_of(std::get<GraphqlBody>(std::move(read)), session);
    if (auto err = read_use_primary(req, call)) return std::move(*err);
    return call;
}

bool is_batch_body(std::string_view body) {
    const std::size_t first = body.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && body[first] == '[';
}

std::variant<GraphqlBatch, RequestError> read_graphql_batch(const Request& req, const Authenticator& auth,
                                                            long long now) {
    auto authenticated = authenticate(req, true, auth, now);
    if (auto* err = std::get_if<RequestError>(&authenticated)) return std::move(*err);
    Session& session = std::get<Session>(authenticated);
    auto scanned = scan_json(req.body(), {}, "the request body", true);
    if (auto* err = std::get_if<JsonReadError>(&scanned)) return body_error(*err, session.role);
    std::vector<JsonMember>& elements = std::get<ScannedJson>(scanned).elements;
    if (elements.size() > kMaxBatchOperations)
        return bad_request("parse-failed", "a batch holds at most " + std::to_string(kMaxBatchOperations) +
                                               " operations; this one has " + std::to_string(elements.size()),
                           session.role);
    GraphqlBatch batch;
    batch.role = session.role;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        const std::string at = "$[" + std::to_string(i) + "]";
        auto refuse = [&](RequestError e) {
            e.path = at + e.path.substr(1);
            return e;
        };
        if (elements[i].type != json::value_t::object)
            return refuse(bad_request("parse-failed", std::string("expected Object for an operation of the batch, but "
                                                                  "encountered ") + json_type_name(elements[i].type),
                                      session.role));
        auto read = read_graphql_body(elements[i].text, session.role, "an operation of the batch");
        if (auto* err = std::get_if<RequestError>(&read)) {
            if (err->status != 200) return refuse(std::move(*err));
            batch.operations.emplace_back(std::move(*err));
        } else {
            GraphqlCall call = call_of(std::get<GraphqlBody>(std::move(read)), session);
            if (auto err = read_use_primary(req, call)) return std::move(*err);
            batch.operations.emplace_back(std::move(call));
        }
    }
    return batch;
}

std::optional<std::map<std::string, std::string>> query_parameters(std::string_view target) {
    std::map<std::string, std::string> out;
    const std::size_t q = target.find('?');
    if (q == std::string_view::npos) return out;
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    auto decode = [&](std::string_view text) -> std::optional<std::string> {
        std::string s;
        s.reserve(text.size());
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '+') {
                s += ' ';
            } else if (text[i] == '%') {
                if (i + 2 >= text.size() || hex(text[i + 1]) < 0 || hex(text[i + 2]) < 0) return std::nullopt;
                s += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
                i += 2;
            } else {
                s += text[i];
            }
        }
        return s;
    };
    std::string_view rest = target.substr(q + 1);
    rest = rest.substr(0, rest.find('#'));
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        if (pair.empty()) continue;
        const std::size_t eq = pair.find('=');
        auto name = decode(pair.substr(0, eq));
        auto value = decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
        if (!name || !value) return std::nullopt;
        out.emplace(std::move(*name), std::move(*value));
    }
    return out;
}

std::variant<GraphqlCall, RequestError> read_graphql_get(const Request& req, const Authenticator& auth,
                                                         long long now) {
    auto authenticated = authenticate(req, true, auth, now, false);
    if (auto* err = std::get_if<RequestError>(&authenticated)) return std::move(*err);
    Session& session = std::get<Session>(authenticated);
    auto parameters = query_parameters(std::string_view(req.target().data(), req.target().size()));
    if (!parameters)
        return bad_request("parse-failed", "the URL's query string has a malformed percent-escape", session.role);
    auto q = parameters->find("query");
    if (q == parameters->end())
        return bad_request("parse-failed", "the URL's query string has no 'query' parameter", session.role);
    // The parameters as the body a POST would have sent: one reader checks both alike.
    std::string body = "{\"query\":" + json(q->second).dump(-1, ' ', false, json::error_handler_t::replace);
    if (auto v = parameters->find("variables"); v != parameters->end() && !v->second.empty()) {
        // One JSON value of its own (so it cannot add members to the body), then read as a POST's.
        auto scanned = scan_json(v->second, {}, "the 'variables' parameter");
        if (auto* err = std::get_if<JsonReadError>(&scanned)) return body_error(*err, session.role);
        body += ",\"variables\":" + v->second;
    }
    if (auto op = parameters->find("operationName"); op != parameters->end() && !op->second.empty())
        body += ",\"operationName\":" + json(op->second).dump(-1, ' ', false, json::error_handler_t::replace);
    body += "}";
    auto read = read_graphql_body(body, session.role, "the URL's query string");
    if (auto* err = std::get_if<RequestError>(&read)) return std::move(*err);
    GraphqlBody& parsed = std::get<GraphqlBody>(read);
    if (auto route = route_operation(parsed.query, parsed.operation_name);
        route && route->kind == OperationKind::mutation) {
        RequestError e{405, "validation-failed", "mutations cannot be sent with GET: use POST"};
        e.role = session.role;
        return e;
    }
    GraphqlCall call = call_of(std::move(parsed), session);
    if (auto err = read_use_primary(req, call)) return std::move(*err);
    return call;
}

AuthHeaders auth_headers(const Request& req) {
    std::vector<std::pair<std::string, std::string>> fields;
    for (const auto& field : req) fields.emplace_back(std::string(field.name_string()), std::string(field.value()));
    return credentials_of(fields);
}

std::variant<MetadataCall, RequestError> read_metadata_request(const Request& req, const Authenticator& auth,
                                                               long long now) {
    auto authenticated = authenticate(req, false, auth, now);
    if (auto* err = std::get_if<RequestError>(&authenticated)) return std::move(*err);
    const Session& session = std::get<Session>(authenticated);
    if (!session.is_admin()) return bad_request("access-denied", "restricted access : admin only", session.role);
    // Checked here without building anything; the text itself goes to Postgres unchanged.
    auto scanned = scan_json(req.body());
    if (auto* err = std::get_if<JsonReadError>(&scanned)) return body_error(*err, session.role);
    if (const auto& nul = std::get<ScannedJson>(scanned).nul_at) {
        RequestError e = bad_request("invalid-json",
                                     "the request body contains the character U+0000 (NUL) at " + *nul +
                                         ", which PostgreSQL cannot store",
                                     session.role);
        e.path = *nul;
        return e;
    }
    return MetadataCall{session.role};
}

}  // namespace graphgate::server
