// Configuration of graphgate-server: defaults < YAML file < environment < command-line flags,
// the same precedence Hasura uses for its own flags and HASURA_GRAPHQL_* variables.
#pragma once

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace graphgate::server {

enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3 };

struct Config {
    std::string database_url;            // libpq conninfo or URI; empty = libpq's PG* defaults
    std::vector<std::string> read_replica_urls;  // standbys of it for queries and polls (replica_router.hpp)
    std::string host = "127.0.0.1";      // where to listen
    unsigned short port = 8080;          // 0 = any free port (logged at start)
    std::string admin_secret;            // empty = development mode: every request is admin
    std::string jwt_secret;              // Hasura's JSON form: {"type":"HS256","key":"..."}
    std::string unauthorized_role;       // role for requests without credentials
    std::size_t pool_size = 16;          // database connections (and DB worker threads)
    std::chrono::milliseconds pool_timeout{10000};     // wait for a free connection
    std::size_t threads = 0;             // HTTP I/O threads; 0 = number of cores
    bool stringify_numeric_types = false;  // graphgate.stringify_numeric_types on every connection
    std::size_t max_body_size = 10 * 1024 * 1024;
    std::chrono::milliseconds idle_timeout{60000};     // keep-alive connections
    std::chrono::milliseconds shutdown_timeout{30000}; // SIGTERM: time for in-flight requests
    // Live queries (subscriptions) and the WebSocket endpoint.
    std::chrono::milliseconds live_queries_refetch_interval{1000};  // each poller polls this often
    std::size_t live_queries_batch_size = 100;                       // cohorts per database call
    std::chrono::milliseconds live_queries_log_interval{60000};      // live-query-stats lines; 0 = none
    std::chrono::milliseconds websocket_keepalive{5000};             // ka / ping; 0 = none
    std::chrono::milliseconds websocket_init_timeout{3000};          // for connection_init
    std::size_t websocket_max_message_size = 1024 * 1024;            // a client message
    std::size_t websocket_max_operations = 100;                      // running at once per socket
    std::size_t websocket_max_queued_messages = 1000;                // unsent, per socket
    std::size_t websocket_max_queued_bytes = 16 * 1024 * 1024;       // unsent, per socket
    LogLevel log_level = LogLevel::info;
    std::string console_dir;             // GraphiQL's files; empty = default_console_dir()
    std::string config_file;
};

// Thrown for a bad flag, variable or file; main prints it with a pointer to --help.
struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What load_config decided: run with the configuration, or print help / version and exit.
struct ConfigResult {
    enum class Action { run, help, version } action = Action::run;
    Config config;
};

// Reads flags (argv), then GRAPHGATE_* variables (and the HASURA_GRAPHQL_* names of the settings
// Hasura has, in Hasura's units) from `environ`, then the YAML file named by --config or
// GRAPHGATE_CONFIG_FILE.  Throws ConfigError.
ConfigResult load_config(int argc, char** argv);

// The text printed by --help: every option with its variable, YAML key and default.
std::string help_text();

// The server's version (the extension's default_version, passed in by the build).
const char* server_version();

}  // namespace graphgate::server
