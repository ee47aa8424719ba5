// libFuzzer target for what a WebSocket client sends graphgate-server (src/server/ws_protocol.cpp,
// graphql_operation.cpp): the input is one text message, read as the session reads it.  A
// connection_init payload goes through connection_credentials, a subscribe payload through
// read_graphql_body and route_operation.  Beyond "no crash, no sanitizer report": every refusal
// names its problem; every server message built from what the client sent (pong, error, the
// result head) is valid JSON; a close reason fits a close frame (123 bytes) at a UTF-8 boundary;
// a route's key is the same for the document it prints (printing is idempotent).

#include "fuzz_check.hpp"
#include "server/api_request.hpp"
#include "server/graphql_operation.hpp"
#include "server/json_reader.hpp"
#include "server/ws_protocol.hpp"

#include <cstdint>
#include <string>
#include <string_view>

using namespace graphgate::server;
using graphgate::fuzz::check;
using nlohmann::json;

namespace {

bool is_json(const std::string& text) { return json::accept(text); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    for (WsProtocol protocol : {WsProtocol::graphql_transport_ws, WsProtocol::apollo}) {
        auto parsed = parse_client_message(text);
        if (auto* err = std::get_if<MessageError>(&parsed)) {
            check(!err->message.empty(), "a refused message says why", text);
            const std::string reason = close_reason(err->message);
            check(reason.size() <= 123, "a close reason fits a close frame", reason);
            check(reason.size() == err->message.size() || (static_cast<unsigned char>(err->message[reason.size()]) & 0xC0) != 0x80,
                  "a close reason is cut at a character boundary", reason);
            continue;
        }
        const ClientMessage& m = std::get<ClientMessage>(parsed);
        if (m.payload) check(is_json(*m.payload), "a payload is JSON text", *m.payload);
        switch (m.type) {
            case ClientMessage::Type::ping:
                check(is_json(pong_message(m.payload)), "pong is JSON", text);
                break;
            case ClientMessage::Type::connection_init: {
                auto credentials = connection_credentials(m.payload, {{"X-Hasura-Role", "from-handshake"}});
                if (auto* refused = std::get_if<std::string>(&credentials))
                    check(!refused->empty(), "refused credentials say why", text);
                break;
            }
            case ClientMessage::Type::subscribe: {
                check(is_json(result_head(protocol, m.id) + "null}"), "a result message is JSON", m.id);
                check(is_json(complete_message(m.id)), "complete is JSON", m.id);
                if (!m.payload) break;
                auto body = read_graphql_body(*m.payload, "admin", "the payload");
                if (auto* err = std::get_if<RequestError>(&body)) {
                    check(is_json(error_message(protocol, m.id, errors_of(*err))), "an error message is JSON", text);
                    break;
                }
                const GraphqlBody& b = std::get<GraphqlBody>(body);
                if (auto route = route_operation(b.query, b.operation_name)) {
                    auto again = route_operation(route->normalized, b.operation_name);
                    check(again.has_value() && again->normalized == route->normalized && again->kind == route->kind,
                          "a route's key routes to itself", route->normalized);
                }
                break;
            }
            default:
                break;
        }
    }
    return 0;
}
