#include "server/http_server.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <array>
#include <cmath>
#include <iomanip>
#include <optional>
#include <random>
#include <sstream>

namespace graphgate::server {

namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {
constexpr std::size_t kHeaderLimit = 64 * 1024;          // room for large JWTs
constexpr std::size_t kDrainLimit = 64 * 1024 * 1024;    // read at most this much of a refused body
constexpr auto kDrainTimeout = std::chrono::seconds(2);
}  // namespace

// One client connection.  Every member is touched only from the connection's strand.
//
// Time limits (reading a request, writing a response, draining a refused body) are one deadline
// and one timer per connection, re-armed only when it fires: Beast's per-operation expiry arms
// and cancels a timer for every read and write, a timerfd_settime and a cancelled handler each
// (measured: test/bench/server_bench.sh).
class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(tcp::socket&& socket, HttpServer& server)
        : stream_(std::move(socket)), watchdog_(stream_.get_executor()), server_(server), registry_(server.registry()) {
        beast::error_code ec;
        auto ep = stream_.socket().remote_endpoint(ec);
        if (!ec) remote_ip_ = ep.address().to_string();
    }
    ~HttpSession() { registry_->remove(this); }

    void start() {
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            self->watch();
            self->do_read();
        });
    }

    // From begin_shutdown: an idle connection closes now, a busy one after its response.
    void shutdown() {
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            if (!self->busy_ && !(self->parser_ && self->parser_->got_some())) self->close();
        });
    }

private:
    using Clock = std::chrono::steady_clock;

    // The connection closes at deadline_ (none while the database answers).  The timer waits
    // for the deadline it saw when armed; a later one means only "wait again".
    void watch() {
        watchdog_.expires_at(std::min(deadline_, Clock::now() + server_.config().idle_timeout));
        watchdog_.async_wait([weak = weak_from_this()](beast::error_code ec) {
            auto self = weak.lock();
            if (ec || !self || self->closed_) return;
            if (Clock::now() >= self->deadline_) return self->close();
            self->watch();
        });
    }

    // Every request sets a later deadline than the one armed: only an earlier one (draining)
    // re-arms the timer.
    void set_deadline(Clock::time_point deadline) {
        deadline_ = deadline;
        if (deadline < watchdog_.expiry()) watch();
    }

    void do_read() {
        busy_ = false;
        if (server_.stopping()) return close();
        parser_.emplace();
        parser_->body_limit(server_.config().max_body_size);
        parser_->header_limit(kHeaderLimit);
        set_deadline(Clock::now() + server_.config().idle_timeout);
        http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&HttpSession::on_header, shared_from_this()));
    }

    // curl and others send "Expect: 100-continue" before a large body and wait (curl: 1 s) for
    // the go-ahead; a body over the limit is refused right away instead.
    void on_header(beast::error_code ec, std::size_t bytes) {
        if (ec) return on_read(ec, bytes);
        auto expect = parser_->get().find(http::field::expect);
        if (expect == parser_->get().end() || !beast::iequals(expect->value(), "100-continue")) return read_body();
        if (parser_->content_length() && *parser_->content_length() > server_.config().max_body_size)
            return on_read(http::error::body_limit, 0);
        auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
        http::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code wec, std::size_t) {
            if (wec) return self->close();
            self->read_body();
        });
    }

    void read_body() {
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec == http::error::body_limit) {
            return reject(http::status::payload_too_large, "request-too-large",
                          "request body is larger than the limit of " +
                              std::to_string(server_.config().max_body_size) + " bytes");
        }
        if (ec == http::error::header_limit)
            return reject(http::status::request_header_fields_too_large, "invalid-headers", "request headers are too large");
        if (ec && ec.category() == http::make_error_code(http::error::end_of_stream).category() &&
            ec != http::error::end_of_stream &&
            ec != http::error::partial_message)
            return reject(http::status::bad_request, "invalid-request", "malformed HTTP request: " + ec.message());
        if (ec) return close();  // EOF, timeout, reset, shutdown: nothing to answer

        busy_ = true;
        started_ = Clock::now();
        deadline_ = Clock::time_point::max();
        request_ = parser_->release();
        parser_.reset();
        auto id = request_.find("x-request-id");
        request_id_ = id != request_.end() && !id->value().empty() && id->value().size() <= 128
                          ? std::string(id->value())
                          : server_.next_request_id();
        // GraphQL over WebSocket: the connection leaves HTTP for good.
        if (server_.websocket() && websocket::is_upgrade(request_) && target_path(request_.target()) == "/v1/graphql") {
            closed_ = true;  // for this session: the socket is the WebSocket's now
            watchdog_.cancel();
            server_.websocket()->accept(stream_.release_socket(), std::move(request_), std::move(request_id_),
                                        std::move(remote_ip_));
            return;
        }
        server_.router().handle(request_, [self = shared_from_this()](RouteResult result) {
            net::dispatch(self->stream_.get_executor(), [self, result = std::move(result)]() mutable {
                self->write(std::move(result), false);
            });
        });
    }

    // A request that could not be read whole: answer, then close.
    void reject(http::status status, const std::string& code, const std::string& message) {
        busy_ = true;
        started_ = Clock::now();
        // Whatever of the start line and headers was parsed names the endpoint (for the error's
        // shape) and goes to the log; the body does not.
        request_ = parser_ ? parser_->release() : Request{};
        request_.body().clear();
        if (request_.target().empty()) request_.target("/");
        const std::string target(request_.target());
        request_id_ = server_.next_request_id();
        write(Router::error(target, RequestError{static_cast<unsigned>(status), code, message}), true);
    }

    void write(RouteResult result, bool unread_body) {
        result_ = std::move(result);
        Response& res = result_->response;
        const bool keep_alive = !unread_body && request_.keep_alive() && !server_.stopping();
        res.version(request_.version() ? request_.version() : 11);
        res.keep_alive(keep_alive);
        res.set(http::field::server, "graphgate-server");
        res.set("x-request-id", request_id_);
        res.prepare_payload();
        set_deadline(Clock::now() + server_.config().idle_timeout);
        http::async_write(stream_, res, [self = shared_from_this(), keep_alive, unread_body](beast::error_code ec, std::size_t bytes) {
            self->on_write(ec, bytes, keep_alive, unread_body);
        });
    }

    void on_write(beast::error_code ec, std::size_t bytes, bool keep_alive, bool unread_body) {
        log_request(bytes, ec);
        result_.reset();
        if (ec) return close();
        if (unread_body) return drain();
        if (!keep_alive) return close();
        request_ = {};
        do_read();
    }

    void log_request(std::size_t bytes, beast::error_code ec) {
        Logger& log = server_.log();
        const int status = static_cast<int>(result_->response.result_int());
        const LogLevel level = status >= 500 ? LogLevel::error : LogLevel::info;
        if (!log.enabled(level)) return;
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_).count();
        nlohmann::json d = {
            {"request_id", request_id_},
            {"ip", remote_ip_},
            {"method", std::string(request_.method_string())},
            // the path only: a query string could carry a token
            {"path", target_path(request_.target())},
            {"http_version", request_.version() == 10 ? "HTTP/1.0" : "HTTP/1.1"},
            {"status", status},
            {"duration_ms", std::round(ms * 1000.0) / 1000.0},
            {"request_bytes", request_.body().size()},
            {"response_bytes", bytes},
        };
        if (!result_->role.empty()) d["role"] = result_->role;
        if (!result_->error_code.empty()) d["error_code"] = result_->error_code;
        if (ec) d["write_error"] = ec.message();
        log.log(level, "http-log", d);
    }

    // After refusing a body we did not read, the client is usually still sending it; closing at
    // once would make the kernel reset the connection and the client could lose our answer.
    // So: stop sending, read and discard (bounded in bytes and time), then close.
    void drain() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        buffer_.clear();
        drained_ = 0;
        set_deadline(Clock::now() + kDrainTimeout);
        drain_some();
    }
    void drain_some() {
        stream_.async_read_some(net::buffer(drain_buf_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
            self->drained_ += n;
            if (ec || self->drained_ > kDrainLimit) return self->close();
            self->drain_some();
        });
    }

    void close() {
        closed_ = true;
        watchdog_.cancel();
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        stream_.socket().close(ec);
    }

    beast::tcp_stream stream_;
    net::steady_timer watchdog_;
    Clock::time_point deadline_ = Clock::time_point::max();
    bool closed_ = false;
    HttpServer& server_;
    std::shared_ptr<HttpServer::Registry> registry_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    Request request_;
    std::optional<RouteResult> result_;
    std::string request_id_;
    std::string remote_ip_;
    std::chrono::steady_clock::time_point started_;
    bool busy_ = false;
    std::array<char, 16384> drain_buf_{};
    std::size_t drained_ = 0;
};

HttpServer::HttpServer(std::vector<net::io_context*> contexts, const Config& config, Router& router, Logger& log)
    : contexts_(std::move(contexts)), config_(config), router_(router), log_(log), acceptor_(net::make_strand(*contexts_.front())) {
    std::random_device rd;
    std::ostringstream prefix;
    prefix << std::hex << std::setw(8) << std::setfill('0') << rd();
    request_id_prefix_ = prefix.str();
}

unsigned short HttpServer::listen() {
    tcp::resolver resolver(*contexts_.front());
    auto results = resolver.resolve(config_.host, std::to_string(config_.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service);
    const tcp::endpoint endpoint = results.begin()->endpoint();
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
    return acceptor_.local_endpoint().port();
}

void HttpServer::start_accepting() { net::dispatch(acceptor_.get_executor(), [this] { do_accept(); }); }

void HttpServer::do_accept() {
    net::io_context& context = *contexts_[next_context_++ % contexts_.size()];
    acceptor_.async_accept(net::make_strand(context), [this](beast::error_code ec, tcp::socket socket) {
        if (ec) {
            if (!acceptor_.is_open() || stopping()) return;  // closed by begin_shutdown
            log_.warn("http", {{"message", "accept failed"}, {"error", ec.message()}});
            // EMFILE and friends: wait a little instead of spinning on the error
            auto timer = std::make_shared<net::steady_timer>(acceptor_.get_executor(), std::chrono::milliseconds(50));
            timer->async_wait([this, timer](beast::error_code) { do_accept(); });
            return;
        }
        beast::error_code opt_ec;
        socket.set_option(tcp::no_delay(true), opt_ec);  // small JSON responses must not wait for Nagle
        auto session = std::make_shared<HttpSession>(std::move(socket), *this);
        registry_->add(session);
        session->start();
        do_accept();
    });
}

std::size_t HttpServer::open_connections() const { return registry_->size(); }

std::string HttpServer::next_request_id() {
    std::ostringstream id;
    id << request_id_prefix_ << '-' << std::hex << ++request_counter_;
    return id.str();
}

void HttpServer::begin_shutdown() {
    if (stopping_.exchange(true)) return;
    net::dispatch(acceptor_.get_executor(), [this] {
        beast::error_code ec;
        acceptor_.close(ec);
    });
    // Outside the registry's lock: dropping the last reference to a session removes it.
    for (auto& s : registry_->live()) s->shutdown();
}

bool HttpServer::wait_idle(std::chrono::milliseconds timeout) { return registry_->wait_empty(timeout); }

}  // namespace graphgate::server
