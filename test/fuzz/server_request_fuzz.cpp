// libFuzzer target for graphgate-server's request reading: HTTP head (parsed by Beast, as the
// server does) + body -> read_graphql_request / read_graphql_batch / read_graphql_get / read_metadata_request, with an admin secret and
// an HS256 JWT configured so that every credential path is reached.  The input is
// "<request line and headers>\r\n\r\n<body>"; without that separator all of it is the body of
// an admin POST to /v1/graphql.  Beyond "no crash, no sanitizer report" it checks what the
// database would receive: no U+0000 in text parameters, variables and session that are JSON
// objects (variables read back unchanged), and error bodies that are JSON in both shapes.

#include "server/api_request.hpp"
#include "server/json_reader.hpp"

#include <boost/asio/buffer.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace graphgate::server;
using nlohmann::json;

namespace {

void check(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "property violated: %s\n", what);
        std::abort();
    }
}

const Authenticator& authenticator() {
    static const Authenticator auth = [] {
        Config config;
        config.admin_secret = "fuzz-admin-secret";
        config.jwt_secret = R"({"type": "HS256", "key": "a-fuzzing-hs256-key-that-is-long-enough-0123"})";
        return Authenticator(config);
    }();
    return auth;
}

constexpr long long kNow = 1700000000;  // a fixed clock: the corpus' tokens stay valid

// The request the server would hand to the router, or nullopt when Beast refuses the head.
std::optional<Request> parse_request(std::string_view input) {
    std::string head;
    std::string_view body;
    if (auto sep = input.find("\r\n\r\n"); sep != std::string_view::npos) {
        head = std::string(input.substr(0, sep + 4));
        body = input.substr(sep + 4);
    } else {
        head = "POST /v1/graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               "X-Hasura-Admin-Secret: fuzz-admin-secret\r\n\r\n";
        body = input;
    }
    http::request_parser<http::empty_body> parser;
    parser.header_limit(64 * 1024);
    boost::beast::error_code ec;
    parser.put(boost::asio::buffer(head), ec);
    if (!parser.is_header_done()) return std::nullopt;  // whatever ec says: the server would answer 400
    Request req(std::move(parser.get().base()));
    req.body() = std::string(body);
    return req;
}

void check_error(const RequestError& e) {
    check(!e.code.empty() && !e.message.empty(), "an error has a code and a message");
    check(e.status >= 200 && e.status < 600, "an error has an HTTP status");
    check(!e.path.empty() && e.path[0] == '$', "an error's path is a JSONPath");
    for (ErrorShape shape : {ErrorShape::graphql, ErrorShape::api})
        check(json::accept(error_body(shape, e)), "an error body is JSON");
}

void check_graphql(const GraphqlCall& call) {
    check(call.query.find('\0') == std::string::npos, "no NUL in the query");
    check(!call.operation_name || call.operation_name->find('\0') == std::string::npos, "no NUL in operationName");
    auto session = parse_json(call.session);
    check(session && session->is_object(), "the session is a JSON object");
    if (call.variables) {
        auto scanned = scan_json(*call.variables, {});
        check(std::holds_alternative<ScannedJson>(scanned), "the variables are JSON within the limits");
        const ScannedJson& v = std::get<ScannedJson>(scanned);
        check(v.type == json::value_t::object && !v.nul_at, "the variables are an object without NUL");
        // Read back as a member, the text is unchanged: numbers are copied, not re-formatted.
        auto again = scan_json("{\"v\":" + *call.variables + "}", {"v"});
        check(std::get<ScannedJson>(again).members.at("v").text == *call.variables, "variables read back unchanged");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::optional<Request> req = parse_request(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!req) return 0;
    auto graphql = read_graphql_request(*req, authenticator(), kNow);
    if (auto* e = std::get_if<RequestError>(&graphql)) check_error(*e);
    else check_graphql(std::get<GraphqlCall>(graphql));

    // The same body as a batch (when it is an array): every operation passes the same checks.
    if (is_batch_body(req->body())) {
        auto batch = read_graphql_batch(*req, authenticator(), kNow);
        if (auto* e = std::get_if<RequestError>(&batch)) {
            check_error(*e);
        } else {
            const GraphqlBatch& b = std::get<GraphqlBatch>(batch);
            check(b.operations.size() <= kMaxBatchOperations, "a batch has at most kMaxBatchOperations operations");
            for (const auto& operation : b.operations) {
                if (auto* e = std::get_if<RequestError>(&operation)) {
                    check(e->status == 200, "an operation refused alone is a GraphQL error");
                    check_error(*e);
                } else {
                    check_graphql(std::get<GraphqlCall>(operation));
                }
            }
        }
    }

    // The same request as a GET: its target's query string read as a POST's body would be.
    auto get = read_graphql_get(*req, authenticator(), kNow);
    if (auto* e = std::get_if<RequestError>(&get)) check_error(*e);
    else check_graphql(std::get<GraphqlCall>(get));

    auto metadata = read_metadata_request(*req, authenticator(), kNow);
    if (auto* e = std::get_if<RequestError>(&metadata)) {
        check_error(*e);
    } else {
        check(std::get<MetadataCall>(metadata).role == "admin", "only admin reaches metadata()");
        auto scanned = scan_json(req->body());
        check(std::holds_alternative<ScannedJson>(scanned) && !std::get<ScannedJson>(scanned).nul_at,
              "a metadata body passed on is JSON within the limits, without NUL");
    }
    return 0;
}
