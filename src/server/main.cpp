// graphgate-server: wires configuration, logging, auth, the database pool and the HTTP server,
// and shuts them down in order on SIGTERM/SIGINT (stop accepting, let in-flight requests
// finish, stop the I/O threads, then the database workers).
#include "server/auth.hpp"
#include "server/config.hpp"
#include "server/console.hpp"
#include "server/http_server.hpp"
#include "server/live_queries.hpp"
#include "server/logging.hpp"
#include "server/replica_router.hpp"
#include "server/routes.hpp"
#include "server/ws_session.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <future>
#include <memory>
#include <iostream>
#include <thread>
#include <vector>

using namespace graphgate::server;

int main(int argc, char** argv) {
    ConfigResult loaded;
    try {
        loaded = load_config(argc, argv);
    } catch (const ConfigError& e) {
        std::cerr << "graphgate-server: " << e.what() << "\n(see graphgate-server --help)\n";
        return 2;
    }
    if (loaded.action == ConfigResult::Action::help) {
        std::cout << help_text();
        return 0;
    }
    if (loaded.action == ConfigResult::Action::version) {
        std::cout << "graphgate-server " << server_version() << "\n";
        return 0;
    }
    const Config& config = loaded.config;
    Logger log(config.log_level);

    std::unique_ptr<Authenticator> auth;
    try {
        auth = std::make_unique<Authenticator>(config);
    } catch (const JwtConfigError& e) {
        log.error("startup", {{"message", e.what()}});
        return 2;
    }
    if (auth->development_mode())
        log.warn("startup", {{"message",
                              "no admin secret is set: every request is admin (development mode); set "
                              "GRAPHGATE_ADMIN_SECRET in production"}});

    // libpq and Asio both write to sockets that a peer may have closed.
    std::signal(SIGPIPE, SIG_IGN);

    // One single-threaded io_context per I/O thread: a request's HTTP connection and the database
    // connection it uses live on one thread, and nothing wakes another thread to hand work over.
    const std::size_t threads = config.threads ? config.threads : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::unique_ptr<net::io_context>> owned;
    std::vector<net::io_context*> contexts;
    for (std::size_t i = 0; i < threads; ++i) {
        owned.push_back(std::make_unique<net::io_context>(1));
        contexts.push_back(owned.back().get());
    }
    net::io_context& io = *contexts.front();  // the listener, signals, live queries
    ReplicaRouter db(contexts, config, log);
    // The console's files are read once, here; a folder named explicitly must hold them.
    const Console console(config.console_dir.empty() ? default_console_dir() : config.console_dir);
    if (!console.available()) {
        if (!config.console_dir.empty()) {
            log.error("startup", {{"message", "console: " + console.problem()}});
            return 2;
        }
        log.warn("startup", {{"message", "GET /console is unavailable: " + console.problem()}});
    }
    LiveQueries live(io, db, config, log);
    WsEndpoint websocket(config, *auth, db, live, log);
    Router router(*auth, db, console, log, live, [&websocket] { return websocket.open_sockets(); });
    HttpServer server(contexts, config, router, log);
    server.set_websocket(&websocket);
    unsigned short port = 0;
    try {
        port = server.listen();
    } catch (const std::exception& e) {
        log.error("startup", {{"message", "cannot listen on " + config.host + ":" + std::to_string(config.port)},
                              {"error", e.what()}});
        return 1;
    }
    db.start();

    std::promise<int> stop_signal;
    net::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int signo) {
        if (!ec) stop_signal.set_value(signo);
    });
    server.start_accepting();

    // A request waiting on the database has no pending I/O operation: without this guard the
    // I/O threads would return once the listener closes at shutdown, before such requests are
    // answered.
    std::vector<net::executor_work_guard<net::io_context::executor_type>> keep_running;
    std::vector<std::thread> io_threads;
    for (net::io_context* context : contexts) {
        keep_running.push_back(net::make_work_guard(*context));
        io_threads.emplace_back([context] { context->run(); });
    }

    nlohmann::json read_replicas = nlohmann::json::array();
    for (const auto& url : config.read_replica_urls) read_replicas.push_back(describe_database(url));
    log.always("startup", {{"message", "listening"},
                         {"host", config.host},
                         {"port", port},
                         {"version", server_version()},
                         {"database", describe_database(config.database_url)},
                         {"read_replicas", read_replicas},
                         {"pool_size", config.pool_size},
                         {"io_threads", threads},
                         {"console", console.available() ? console.dir() : std::string()},
                         {"auth", auth->development_mode() ? "none (development)"
                                  : config.jwt_secret.empty() ? "admin secret"
                                                              : "admin secret + JWT"}});

    const int signo = stop_signal.get_future().get();
    log.always("shutdown", {{"message", "stopping: finishing in-flight requests"},
                          {"signal", signo == SIGTERM ? "SIGTERM" : "SIGINT"},
                          {"open_connections", server.open_connections()}});
    server.begin_shutdown();
    websocket.begin_shutdown();
    live.stop();
    const auto deadline = std::chrono::steady_clock::now() + config.shutdown_timeout;
    const bool drained = server.wait_idle(config.shutdown_timeout) &&
                         websocket.wait_idle(std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::max(deadline - std::chrono::steady_clock::now(), std::chrono::steady_clock::duration(0))));
    if (!drained)
        log.warn("shutdown", {{"message", "shutdown timeout: closing connections with requests still running"},
                              {"open_connections", server.open_connections()},
                              {"open_websockets", websocket.open_sockets()}});
    keep_running.clear();
    for (net::io_context* context : contexts) context->stop();
    for (auto& t : io_threads) t.join();
    db.stop();
    log.always("shutdown", {{"message", "stopped"}});
    return drained ? 0 : 1;
}
