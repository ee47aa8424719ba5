#include "server/ws_protocol.hpp"

#include "server/json_reader.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>

namespace graphgate::server {

using nlohmann::json;

namespace {

std::string trim(std::string_view s) {
    const auto begin = s.find_first_not_of(" \t");
    if (begin == std::string_view::npos) return {};
    const auto end = s.find_last_not_of(" \t");
    return std::string(s.substr(begin, end - begin + 1));
}

std::string json_string(const std::string& s) { return json(s).dump(-1, ' ', false, json::error_handler_t::replace); }

bool is_credential(std::string name) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    return name == "authorization" || name.rfind("x-hasura-", 0) == 0;
}

}  // namespace

ChosenProtocol choose_protocol(std::string_view offered) {
    ChosenProtocol chosen;
    size_t start = 0;
    while (start <= offered.size()) {
        size_t comma = offered.find(',', start);
        if (comma == std::string_view::npos) comma = offered.size();
        const std::string name = trim(offered.substr(start, comma - start));
        if (name == "graphql-transport-ws" || name == "graphql-ws") {
            chosen.protocol = name == "graphql-ws" ? WsProtocol::apollo : WsProtocol::graphql_transport_ws;
            chosen.echo = name;
            return chosen;
        }
        start = comma + 1;
    }
    return chosen;
}

const char* protocol_name(WsProtocol protocol) {
    return protocol == WsProtocol::graphql_transport_ws ? "graphql-transport-ws" : "graphql-ws";
}

std::variant<ClientMessage, MessageError> parse_client_message(std::string_view text) {
    auto scanned = scan_json(text, {"type", "id", "payload"}, "the message");
    if (auto* err = std::get_if<JsonReadError>(&scanned)) return MessageError{err->message, std::nullopt};
    ScannedJson& doc = std::get<ScannedJson>(scanned);
    if (doc.type != json::value_t::object) return MessageError{"a message must be a JSON object", std::nullopt};
    std::optional<std::string> id;
    if (auto it = doc.members.find("id"); it != doc.members.end() && it->second.type == json::value_t::string)
        id = it->second.string;
    auto type = doc.members.find("type");
    if (type == doc.members.end() || type->second.type != json::value_t::string)
        return MessageError{"a message needs a \"type\" string", id};
    static const std::map<std::string, ClientMessage::Type> types = {
        {"connection_init", ClientMessage::Type::connection_init},
        {"subscribe", ClientMessage::Type::subscribe},
        {"start", ClientMessage::Type::subscribe},
        {"complete", ClientMessage::Type::complete},
        {"stop", ClientMessage::Type::complete},
        {"ping", ClientMessage::Type::ping},
        {"pong", ClientMessage::Type::pong},
        {"connection_terminate", ClientMessage::Type::connection_terminate},
    };
    auto known = types.find(type->second.string);
    if (known == types.end())
        return MessageError{"unknown message type " + json_string(type->second.string), id};
    ClientMessage m{known->second, {}, std::nullopt};
    if (m.type == ClientMessage::Type::subscribe || m.type == ClientMessage::Type::complete) {
        if (!id) return MessageError{"a " + type->second.string + " message needs an \"id\" string", std::nullopt};
        m.id = std::move(*id);
    }
    if (auto p = doc.members.find("payload"); p != doc.members.end() && p->second.type != json::value_t::null)
        m.payload = p->second.type == json::value_t::string ? json_string(p->second.string) : std::move(p->second.text);
    return m;
}

std::variant<AuthHeaders, std::string> connection_credentials(const std::optional<std::string>& payload,
                                                              std::vector<std::pair<std::string, std::string>> handshake) {
    std::vector<std::pair<std::string, std::string>> fields;
    if (payload) {
        // The payload was read by scan_json already (depth and numbers bounded).
        std::optional<json> params = parse_json(*payload);
        if (!params || !params->is_object()) return std::string("the connection_init payload must be an object");
        if (auto headers = params->find("headers"); headers != params->end() && !headers->is_null()) {
            if (!headers->is_object()) return std::string("connection_init: payload.headers must be an object");
            for (const auto& [name, value] : headers->items()) {
                if (!value.is_string())
                    return "connection_init: the header " + json_string(name) + " in payload.headers must be a string";
                fields.emplace_back(name, value.get<std::string>());
            }
        }
        for (const auto& [name, value] : params->items()) {
            if (name == "headers" || !is_credential(name)) continue;
            if (!value.is_string()) return "connection_init: the payload's " + json_string(name) + " must be a string";
            fields.emplace_back(name, value.get<std::string>());
        }
    }
    fields.insert(fields.end(), std::make_move_iterator(handshake.begin()), std::make_move_iterator(handshake.end()));
    return credentials_of(fields);
}

std::string ack_message() { return R"({"type":"connection_ack"})"; }

std::string keep_alive_message(WsProtocol protocol) {
    return protocol == WsProtocol::apollo ? R"({"type":"ka"})" : R"({"type":"ping","payload":{"message":"keepalive"}})";
}

std::string pong_message(const std::optional<std::string>& payload) {
    return payload ? R"({"type":"pong","payload":)" + *payload + "}" : R"({"type":"pong"})";
}

std::string result_head(WsProtocol protocol, const std::string& id) {
    std::string out = protocol == WsProtocol::apollo ? R"({"type":"data","id":)" : R"({"type":"next","id":)";
    out += json_string(id);
    out += R"(,"payload":)";
    return out;
}

std::string error_message(WsProtocol protocol, const std::string& id, std::string_view errors) {
    std::string out = R"({"type":"error","id":)" + json_string(id) + R"(,"payload":)";
    // graphql-ws: an array of GraphQL errors; Apollo's clients read {"errors": [...]}.
    if (protocol == WsProtocol::apollo) out += R"({"errors":)";
    out += errors;
    if (protocol == WsProtocol::apollo) out += '}';
    out += '}';
    return out;
}

std::string complete_message(const std::string& id) { return R"({"type":"complete","id":)" + json_string(id) + "}"; }

std::string connection_error_message(const std::string& message) {
    return R"({"type":"connection_error","payload":)" + json_string(message) + "}";
}

std::optional<std::string_view> errors_only(std::string_view response) {
    constexpr std::string_view prefix = R"({"errors":)";
    if (response.size() < prefix.size() + 1 || response.substr(0, prefix.size()) != prefix || response.back() != '}')
        return std::nullopt;
    return response.substr(prefix.size(), response.size() - prefix.size() - 1);
}

std::string errors_of(const RequestError& error) {
    const std::string body = error_body(ErrorShape::graphql, error);
    return std::string(errors_only(body).value_or("[]"));
}

std::string close_reason(std::string_view reason) {
    constexpr size_t limit = 123;
    if (reason.size() <= limit) return std::string(reason);
    size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(reason[end]) & 0xC0) == 0x80) --end;  // not inside a character
    return std::string(reason.substr(0, end));
}

}  // namespace graphgate::server
