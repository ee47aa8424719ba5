// The two GraphQL-over-WebSocket protocols on /v1/graphql, as Hasura speaks them: the message
// texts clients send and the server answers, the close codes, and how connection_init carries
// credentials.  No sockets here (ws_session.cpp drives them), so the parsing is fuzzable.
//
//   graphql-transport-ws (the graphql-ws library): connection_init, subscribe, complete, ping,
//     pong -> connection_ack, next, error, complete, ping ({"message":"keepalive"}), pong;
//     problems close the socket with 4400/4401/4403/4408/4409/4429.
//   graphql-ws (Apollo's subscriptions-transport-ws): connection_init, start, stop,
//     connection_terminate -> connection_ack, ka, data, error, complete, connection_error.
// As Hasura, each protocol's parser accepts the other's message types too.
#pragma once

#include "server/auth.hpp"
#include "server/errors.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace graphgate::server {

enum class WsProtocol { graphql_transport_ws, apollo };

struct ChosenProtocol {
    WsProtocol protocol = WsProtocol::apollo;
    std::optional<std::string> echo;  // the Sec-WebSocket-Protocol to answer (only one the client offered)
};

// From the Sec-WebSocket-Protocol header (a comma-separated list, empty when absent): the first
// of graphql-transport-ws and graphql-ws the client offers; Apollo when it offers neither, as
// Hasura decides.
ChosenProtocol choose_protocol(std::string_view offered);
const char* protocol_name(WsProtocol protocol);

struct ClientMessage {
    enum class Type { connection_init, subscribe, complete, ping, pong, connection_terminate } type;
    std::string id;                      // subscribe (start), complete (stop)
    std::optional<std::string> payload;  // the payload's JSON text, when present and not null
};

// A message that cannot be read: not JSON, not an object, an unknown type, an id that is missing
// or not a string.  `id` is the message's id when it had a usable one.
struct MessageError {
    std::string message;
    std::optional<std::string> id;
};

std::variant<ClientMessage, MessageError> parse_client_message(std::string_view text);

// The credentials a connection_init payload carries: the members of payload.headers, then the
// payload's own top-level members (many clients send connectionParams that way), then the
// upgrade request's headers; names case-insensitive, the first occurrence of each wins.  An
// error when a credential's value is not a string.
std::variant<AuthHeaders, std::string> connection_credentials(const std::optional<std::string>& payload,
                                                              std::vector<std::pair<std::string, std::string>> handshake);

// Server messages.  `result` is a graphql() response's JSON text, `errors` a JSON array of
// GraphQL errors.
std::string ack_message();
std::string keep_alive_message(WsProtocol protocol);
std::string pong_message(const std::optional<std::string>& payload);
// A result message is result_head(...) + result + "}": the result itself is not copied into
// each subscriber's message.
std::string result_head(WsProtocol protocol, const std::string& id);
std::string error_message(WsProtocol protocol, const std::string& id, std::string_view errors);
std::string complete_message(const std::string& id);
std::string connection_error_message(const std::string& message);

// The errors array of a response that is nothing but errors ({"errors": [...]}, as graphql()
// and graphql_multiplexed() answer a request they refuse or that failed); nullopt for a
// response with data.
std::optional<std::string_view> errors_only(std::string_view response);

// One GraphQL error as a JSON array, for errors the server itself reports.
std::string errors_of(const RequestError& error);

// Close codes (RFC 6455 §7.4 and graphql-ws' PROTOCOL.md).
namespace close_code {
inline constexpr std::uint16_t normal = 1000;
inline constexpr std::uint16_t going_away = 1001;        // the server shuts down
inline constexpr std::uint16_t policy_violation = 1008;  // a reader too slow for its messages
inline constexpr std::uint16_t bad_request = 4400;
inline constexpr std::uint16_t unauthorized = 4401;      // subscribe before connection_ack
inline constexpr std::uint16_t forbidden = 4403;         // credentials refused, or expired
inline constexpr std::uint16_t init_timeout = 4408;
inline constexpr std::uint16_t subscriber_exists = 4409;
inline constexpr std::uint16_t too_many_init = 4429;
}  // namespace close_code

// A close frame's reason holds at most 123 bytes: longer ones are cut at a character boundary.
std::string close_reason(std::string_view reason);

}  // namespace graphgate::server
