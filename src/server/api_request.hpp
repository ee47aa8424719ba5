// A POST to /v1/graphql, /v1/metadata or /v1/query, turned into the database call it asks for
// or into the error that refuses it: content type, credentials, then the body, read with
// json_reader's limits.  No sockets and no database: routes.cpp sends the call, and the
// server_request fuzz target calls these functions directly.
#pragma once

#include "server/auth.hpp"
#include "server/errors.hpp"

#include <boost/beast/http.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace graphgate::server {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;

// A GraphQL request's body, {query, variables, operationName}: a POST's, or the payload of a
// WebSocket subscribe (start) message.
struct GraphqlBody {
    std::string query;
    std::optional<std::string> variables;  // a JSON object's text; numbers as the client wrote them
    std::optional<std::string> operation_name;
};

// The parameters of graphgate.graphql(query, variables, operation_name, session).
struct GraphqlCall {
    std::string query;
    std::optional<std::string> variables;       // a JSON object's text; numbers as the client wrote them
    std::optional<std::string> operation_name;
    std::string session;                        // a JSON object's text
    std::string role;
    bool use_primary = false;                   // X-Graphgate-Use-Primary: true (replica_router.hpp)
};

// graphgate.metadata(body): the request body goes unchanged, once checked.
struct MetadataCall {
    std::string role;
};

std::variant<GraphqlCall, RequestError> read_graphql_request(const Request& req, const Authenticator& auth,
                                                             long long now_unix);
// A POST whose body is a JSON array: Hasura's batch, answered by an array of the operations'
// results in order.  Each element is read as a body of its own: one that breaks a rule of the
// body's shape refuses the whole batch (400, path "$[i]..."); one refused as a GraphQL error
// (HTTP 200, a U+0000 in its query, say) is that element's answer.  At most kMaxBatchOperations.
struct GraphqlBatch {
    std::vector<std::variant<GraphqlCall, RequestError>> operations;
    std::string role;
};
constexpr std::size_t kMaxBatchOperations = 100;
// Whether a POST body is a batch (a JSON array), by its first character other than whitespace.
bool is_batch_body(std::string_view body);
std::variant<GraphqlBatch, RequestError> read_graphql_batch(const Request& req, const Authenticator& auth,
                                                            long long now_unix);

// A GET /v1/graphql?query=...&variables=...&operationName=... (GraphQL over HTTP, as urql and
// Apollo send queries): the same call, read from the URL's query string; a mutation is refused
// with 405, as the GraphQL-over-HTTP specification requires (GET must not change anything).
std::variant<GraphqlCall, RequestError> read_graphql_get(const Request& req, const Authenticator& auth,
                                                         long long now_unix);

// The name=value pairs of a URL's query string, percent-decoded ('+' is a space); nullopt for a
// malformed escape.  A name given twice keeps its first value.
std::optional<std::map<std::string, std::string>> query_parameters(std::string_view target);
// The body alone, read with json_reader's limits; `role` goes into the error for the log, `what`
// names the document in JSON errors.
std::variant<GraphqlBody, RequestError> read_graphql_body(std::string_view text, const std::string& role,
                                                          const char* what = "the request body");
std::variant<MetadataCall, RequestError> read_metadata_request(const Request& req, const Authenticator& auth,
                                                               long long now_unix);

// The credentials among a request's headers.  A header given twice counts once, as its first
// occurrence; X-Hasura-Admin-Secret wins over the deprecated X-Hasura-Access-Key.
AuthHeaders auth_headers(const Request& req);

// Where byte `offset` of a GraphQL document is (lines end at \n, \r\n or \r).
SourceLocation location_of(std::string_view document, std::size_t offset);

}  // namespace graphgate::server
