#include "server/ws_session.hpp"

#include "server/graphql_operation.hpp"
#include "server/ws_protocol.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <array>
#include <cmath>
#include <deque>

namespace graphgate::server {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using nlohmann::json;

namespace {

// How long a close may take (the messages before it, the close handshake) before the
// connection is simply dropped: a client that stopped reading would hold it forever.
constexpr auto kCloseDeadline = std::chrono::seconds(5);

double unix_now_exact() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

class WsSession : public LiveSink, public std::enable_shared_from_this<WsSession> {
public:
    WsSession(tcp::socket&& socket, WsEndpoint& endpoint, std::string id, std::string remote_ip)
        : executor_(socket.get_executor()),
          ws_(std::move(socket)),
          endpoint_(endpoint),
          config_(endpoint.config()),
          registry_(endpoint.registry()),
          id_(std::move(id)),
          remote_ip_(std::move(remote_ip)),
          init_timer_(executor_),
          keepalive_timer_(executor_),
          expiry_timer_(executor_),
          close_timer_(executor_),
          started_(std::chrono::steady_clock::now()) {}

    ~WsSession() override { registry_->remove(this); }

    void start(Request request) {
        request_ = std::move(request);
        auto offered = request_.find(http::field::sec_websocket_protocol);
        const ChosenProtocol chosen = choose_protocol(
            offered == request_.end() ? std::string_view() : std::string_view(offered->value().data(), offered->value().size()));
        protocol_ = chosen.protocol;
        for (const auto& field : request_) handshake_.emplace_back(std::string(field.name_string()), std::string(field.value()));
        // Beast's own timeouts from here on: a handshake bounded in time, and pings when the
        // peer has been silent, which end a connection whose peer vanished.
        beast::get_lowest_layer(ws_).expires_never();
        ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        ws_.set_option(websocket::stream_base::decorator([echo = chosen.echo](websocket::response_type& res) {
            res.set(http::field::server, "graphgate-server");
            if (echo) res.set(http::field::sec_websocket_protocol, *echo);
        }));
        ws_.read_message_max(config_.websocket_max_message_size);
        ws_.async_accept(request_, [self = shared_from_this()](beast::error_code ec) { self->on_accept(ec); });
    }

    // From any thread.
    void shutdown() {
        net::post(executor_, [self = shared_from_this()] {
            self->close(close_code::going_away, "server shutting down", true);
        });
    }

    // LiveSink, from any thread (with the LiveQueries mutex held: only post).
    void live_result(const std::string& operation_id, std::shared_ptr<const std::string> result, bool first) override {
        net::post(executor_, [self = shared_from_this(), operation_id, result = std::move(result), first] {
            self->on_live(operation_id, result, first);
        });
    }

private:
    // A message waiting to be sent: head + body + tail, where the body (a result) may be shared
    // by every subscriber of a cohort.
    struct Outgoing {
        std::string head;
        std::shared_ptr<const std::string> body;
        std::string tail;
        std::size_t size() const { return head.size() + (body ? body->size() : 0) + tail.size(); }
    };
    struct Operation {
        bool live = false;
        unsigned long long serial = 0;
    };

    Logger& log() { return endpoint_.log(); }
    bool apollo() const { return protocol_ == WsProtocol::apollo; }

    void on_accept(beast::error_code ec) {
        if (ec) {
            log().info("websocket", {{"event", "handshake-failed"}, {"ws_id", id_}, {"ip", remote_ip_}, {"error", ec.message()}});
            return;
        }
        request_ = {};
        log().info("websocket", {{"event", "accepted"}, {"ws_id", id_}, {"ip", remote_ip_}, {"protocol", protocol_name(protocol_)}});
        if (endpoint_.stopping()) close(close_code::going_away, "server shutting down", false);
        init_timer_.expires_after(config_.websocket_init_timeout);
        init_timer_.async_wait([self = shared_from_this()](beast::error_code tec) {
            if (!tec && !self->init_received_)
                self->close(close_code::init_timeout, "Connection initialisation timeout", false);
        });
        do_read();
    }

    // Reading goes on until the socket ends, also while closing: the close handshake completes
    // through the read.
    void do_read() {
        ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        if (ec) return ended(ec);
        std::string text = beast::buffers_to_string(buffer_.data());
        buffer_.consume(buffer_.size());
        ++received_;
        if (!closing_) handle(text);
        do_read();
    }

    void handle(const std::string& text) {
        auto parsed = parse_client_message(text);
        if (auto* err = std::get_if<MessageError>(&parsed)) {
            // graphql-ws: "a message of a type or format not specified" closes with 4400;
            // Apollo's protocol has no close codes, and Hasura answers connection_error.
            if (apollo()) return send_text(connection_error_message("parsing ClientMessage failed: " + err->message));
            return close(close_code::bad_request, err->message, false);
        }
        ClientMessage& m = std::get<ClientMessage>(parsed);
        switch (m.type) {
            case ClientMessage::Type::connection_init: return on_init(m.payload);
            case ClientMessage::Type::subscribe: return on_subscribe(m.id, m.payload);
            case ClientMessage::Type::complete: return on_complete(m.id);
            case ClientMessage::Type::ping: return send_text(pong_message(m.payload));
            case ClientMessage::Type::pong: return;
            case ClientMessage::Type::connection_terminate: return close(close_code::normal, "", false);
        }
    }

    void on_init(const std::optional<std::string>& payload) {
        if (init_received_ && !apollo())
            return close(close_code::too_many_init, "Too many initialisation requests", false);
        // Apollo: a second connection_init authenticates again (a token refreshed in place);
        // operations already running keep the session they started with.
        init_received_ = true;
        init_timer_.cancel();
        auto credentials = connection_credentials(payload, handshake_);
        std::string refused;
        if (auto* message = std::get_if<std::string>(&credentials)) {
            refused = *message;
        } else {
            const long long now = static_cast<long long>(std::floor(unix_now_exact()));
            auto result = endpoint_.auth().authenticate(std::get<AuthHeaders>(credentials), now);
            if (auto* err = std::get_if<AuthError>(&result)) refused = err->message;
            else session_ = std::get<Session>(std::move(result));
        }
        if (!refused.empty()) {
            log().info("websocket", {{"event", "connection-init-refused"}, {"ws_id", id_}, {"error", refused}});
            if (!apollo()) return close(close_code::forbidden, "Forbidden: " + refused, false);
            // As Hasura: the reason first, then the close.
            send_text(connection_error_message(refused));
            return close(close_code::bad_request, "Connection initialization failed: " + refused, true);
        }
        log().info("websocket", {{"event", "connection-init"}, {"ws_id", id_}, {"role", session_->role}});
        send_text(ack_message());
        start_keepalive();
        expiry_timer_.cancel();
        if (session_->expires_at) {
            const double left = *session_->expires_at - unix_now_exact();
            expiry_timer_.expires_after(std::chrono::milliseconds(static_cast<long long>(std::max(0.0, left) * 1000.0)));
            expiry_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
                if (ec) return;
                self->log().info("websocket", {{"event", "jwt-expired"}, {"ws_id", self->id_}});
                self->close(close_code::forbidden, "Forbidden: Could not verify JWT: JWTExpired", false);
            });
        }
    }

    void start_keepalive() {
        if (keepalive_started_ || config_.websocket_keepalive.count() == 0) return;
        keepalive_started_ = true;
        // Hasura sends Apollo's first ka right after connection_ack.
        if (apollo()) send_text(keep_alive_message(protocol_));
        arm_keepalive();
    }

    void arm_keepalive() {
        keepalive_timer_.expires_after(config_.websocket_keepalive);
        keepalive_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (ec || self->closing_) return;
            self->send_text(keep_alive_message(self->protocol_));
            self->arm_keepalive();
        });
    }

    // An error for one operation; Apollo's clients also get its complete, as Hasura sends.
    void operation_error(const std::string& id, std::string_view errors) {
        send_text(error_message(protocol_, id, errors));
        if (apollo()) send_text(complete_message(id));
    }

    void refuse(const std::string& id, const std::string& code, const std::string& message) {
        operation_error(id, errors_of(RequestError{200, code, message}));
    }

    void on_subscribe(const std::string& id, const std::optional<std::string>& payload) {
        if (!session_) {
            if (!apollo()) return close(close_code::unauthorized, "Unauthorized", false);
            return refuse(id, "start-failed", "start received before the connection is initialised");
        }
        if (ops_.count(id)) {
            if (!apollo()) return close(close_code::subscriber_exists, "Subscriber for " + id + " already exists", false);
            return send_text(error_message(protocol_, id, errors_of(RequestError{
                                                              200, "start-failed",
                                                              "an operation already exists with this id: " + id})));
        }
        auto read = payload ? read_graphql_body(*payload, session_->role, "the payload")
                            : std::variant<GraphqlBody, RequestError>(
                                  RequestError{400, "parse-failed", "a subscribe message needs a payload"});
        if (auto* err = std::get_if<RequestError>(&read)) {
            // Not a GraphQL request at all is a malformed message (4400); a request graphgate
            // refuses (U+0000) is a GraphQL error for the operation.
            if (err->status != 200 && !apollo()) return close(close_code::bad_request, err->message, false);
            return operation_error(id, errors_of(*err));
        }
        if (ops_.size() >= config_.websocket_max_operations)
            return refuse(id, "too-many-operations",
                          "this socket runs " + std::to_string(ops_.size()) +
                              " operations already, the most it may (websocket-max-operations)");
        GraphqlBody& body = std::get<GraphqlBody>(read);
        const auto route = route_operation(body.query, body.operation_name);
        Operation& op = ops_[id];
        op.serial = ++serial_;
        const std::string session = session_->variables.dump();
        if (route && route->kind == OperationKind::subscription) {
            op.live = true;
            log().debug("websocket", {{"event", "subscribe"}, {"ws_id", id_}, {"id", id}, {"kind", "live"}});
            LiveQueryRequest request{std::move(body.query), route->normalized, std::move(body.operation_name),
                                     session_->role, std::move(body.variables), session};
            endpoint_.live().subscribe(std::static_pointer_cast<LiveSink>(shared_from_this()), id, request);
            return;
        }
        // A query or mutation (or a document only graphql() can judge): answered once.
        log().debug("websocket", {{"event", "subscribe"}, {"ws_id", id_}, {"id", id}, {"kind", "once"}});
        std::vector<std::optional<std::string>> params{std::move(body.query), std::move(body.variables),
                                                       std::move(body.operation_name), session};
        const Target target = graphql_target(route ? std::optional(route->kind) : std::nullopt, false);
        endpoint_.db().submit(target, Statement::graphql, std::move(params),
                                [self = shared_from_this(), id, serial = op.serial](DbOutcome out) {
                                    net::post(self->executor_, [self, id, serial, out = std::move(out)]() mutable {
                                        self->on_answer(id, serial, std::move(out));
                                    });
                                });
    }

    void on_answer(const std::string& id, unsigned long long serial, DbOutcome out) {
        auto it = ops_.find(id);
        if (it == ops_.end() || it->second.serial != serial) return;  // completed by the client meanwhile
        ops_.erase(it);
        if (out.status == DbOutcome::Status::ok && out.value) {
            if (auto errors = errors_only(*out.value)) return operation_error(id, *errors);
            send(Outgoing{result_head(protocol_, id), std::make_shared<const std::string>(std::move(*out.value)), "}"});
            return send_text(complete_message(id));
        }
        const bool timeout = out.status == DbOutcome::Status::timeout;
        refuse(id, timeout ? "timeout" : "postgres-error",
               out.status == DbOutcome::Status::ok ? "graphgate.graphql() returned NULL" : out.message);
    }

    void on_live(const std::string& id, const std::shared_ptr<const std::string>& result, bool first) {
        auto it = ops_.find(id);
        if (it == ops_.end() || !it->second.live) return;
        // A subscription whose query fails from the start ends with the error; later failures
        // (the database went away) are results like any other, and the subscription goes on.
        if (first)
            if (auto errors = errors_only(*result)) {
                ops_.erase(it);
                endpoint_.live().unsubscribe(this, id);
                return operation_error(id, *errors);
            }
        send(Outgoing{result_head(protocol_, id), result, "}"});
    }

    void on_complete(const std::string& id) {
        auto it = ops_.find(id);
        if (it == ops_.end()) return;  // finished already, or never existed: nothing to stop
        if (it->second.live) endpoint_.live().unsubscribe(this, id);
        log().debug("websocket", {{"event", "complete"}, {"ws_id", id_}, {"id", id}});
        ops_.erase(it);
    }

    // --- writing ----------------------------------------------------------------------------

    void send_text(std::string text) { send(Outgoing{std::move(text), nullptr, {}}); }

    void send(Outgoing message) {
        if (closing_ || ended_) return;
        // One message is always accepted, whatever its size: too slow is a queue that grows.
        if (!queue_.empty() && (queue_.size() + 1 > config_.websocket_max_queued_messages ||
                                queued_bytes_ + message.size() > config_.websocket_max_queued_bytes)) {
            log().warn("websocket", {{"event", "slow-reader"}, {"ws_id", id_}, {"queued_messages", queue_.size()},
                                     {"queued_bytes", queued_bytes_}});
            return close(close_code::policy_violation,
                         "the client reads too slowly: " + std::to_string(queue_.size()) + " messages (" +
                             std::to_string(queued_bytes_) + " bytes) were waiting",
                         false);
        }
        queued_bytes_ += message.size();
        queue_.push_back(std::move(message));
        write_next();
    }

    void write_next() {
        if (writing_ || ended_) return;
        if (queue_.empty()) {
            if (!closing_ || close_sent_) return;
            close_sent_ = true;
            writing_ = true;
            ws_.async_close(close_, [self = shared_from_this()](beast::error_code ec) {
                self->writing_ = false;
                if (ec) self->drop();
            });
            return;
        }
        const Outgoing& next = queue_.front();
        const std::array<net::const_buffer, 3> buffers{
            net::buffer(next.head), next.body ? net::buffer(*next.body) : net::const_buffer(), net::buffer(next.tail)};
        writing_ = true;
        ws_.text(true);
        ws_.async_write(buffers, [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
            self->writing_ = false;
            if (ec) return self->drop();
            self->sent_bytes_ += bytes;
            ++self->sent_;
            self->queued_bytes_ -= self->queue_.front().size();
            self->queue_.pop_front();
            self->write_next();
        });
    }

    // Ends the socket with a close frame, after the queued messages when `flush` (else they are
    // dropped, except the one being written).  Bounded in time by kCloseDeadline.
    void close(std::uint16_t code, const std::string& reason, bool flush) {
        if (closing_ || ended_) return;
        closing_ = true;
        const std::string text = close_reason(reason);
        close_ = websocket::close_reason(static_cast<websocket::close_code>(code), beast::string_view(text.data(), text.size()));
        log().info("websocket", {{"event", "closing"}, {"ws_id", id_}, {"code", code}, {"reason", std::string(close_.reason.data(), close_.reason.size())}});
        if (!flush)
            while (queue_.size() > (writing_ ? 1u : 0u)) {
                queued_bytes_ -= queue_.back().size();
                queue_.pop_back();
            }
        init_timer_.cancel();
        keepalive_timer_.cancel();
        expiry_timer_.cancel();
        close_timer_.expires_after(kCloseDeadline);
        close_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (!ec) self->drop();
        });
        write_next();
    }

    // The connection, without ceremony: the pending read and write end with an error.
    void drop() {
        beast::error_code ec;
        beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ec);
        beast::get_lowest_layer(ws_).socket().close(ec);
    }

    void ended(beast::error_code ec) {
        if (ended_) return;
        ended_ = true;
        for (const auto& [id, op] : ops_)
            if (op.live) endpoint_.live().unsubscribe(this, id);
        ops_.clear();
        queue_.clear();
        init_timer_.cancel();
        keepalive_timer_.cancel();
        expiry_timer_.cancel();
        close_timer_.cancel();
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_).count();
        json detail = {{"event", "closed"},
                       {"ws_id", id_},
                       {"duration_ms", std::round(ms)},
                       {"messages_received", received_},
                       {"messages_sent", sent_},
                       {"bytes_sent", sent_bytes_}};
        if (close_sent_) {
            detail["code"] = close_.code;
            detail["by"] = "server";
        } else if (ws_.reason().code != websocket::close_code::none) {
            detail["code"] = ws_.reason().code;
            detail["by"] = "client";
        }
        if (ec != websocket::error::closed) detail["error"] = ec.message();
        log().info("websocket", detail);
        drop();
    }

    net::any_io_executor executor_;
    websocket::stream<beast::tcp_stream> ws_;
    WsEndpoint& endpoint_;
    const Config& config_;
    std::shared_ptr<WsEndpoint::Registry> registry_;
    std::string id_;
    std::string remote_ip_;
    Request request_;
    std::vector<std::pair<std::string, std::string>> handshake_;
    WsProtocol protocol_ = WsProtocol::apollo;
    beast::flat_buffer buffer_;

    bool init_received_ = false;
    std::optional<Session> session_;
    std::unordered_map<std::string, Operation> ops_;
    unsigned long long serial_ = 0;

    std::deque<Outgoing> queue_;
    std::size_t queued_bytes_ = 0;
    bool writing_ = false;
    bool closing_ = false;
    bool close_sent_ = false;
    bool ended_ = false;
    bool keepalive_started_ = false;
    websocket::close_reason close_;

    net::steady_timer init_timer_, keepalive_timer_, expiry_timer_, close_timer_;
    std::chrono::steady_clock::time_point started_;
    unsigned long long received_ = 0, sent_ = 0, sent_bytes_ = 0;
};

WsEndpoint::WsEndpoint(const Config& config, const Authenticator& auth, ReplicaRouter& db, LiveQueries& live, Logger& log)
    : config_(config), auth_(auth), db_(db), live_(live), log_(log) {}

void WsEndpoint::accept(tcp::socket socket, Request request, std::string id, std::string remote_ip) {
    auto session = std::make_shared<WsSession>(std::move(socket), *this, std::move(id), std::move(remote_ip));
    registry_->add(session);
    session->start(std::move(request));
}

void WsEndpoint::begin_shutdown() {
    stopping_ = true;
    for (auto& s : registry_->live()) s->shutdown();
}

}  // namespace graphgate::server
