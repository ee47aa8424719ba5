#include "server/config.hpp"
#include "server/console.hpp"

#include <libpq-fe.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <functional>
#include <iomanip>
#include <map>
#include <sstream>

#ifndef GRAPHGATE_VERSION
#define GRAPHGATE_VERSION "dev"
#endif

namespace graphgate::server {

namespace {

// One option, known under three names.  `apply` parses the text form and stores it.
struct Option {
    const char* flag;      // --flag
    const char* env;       // GRAPHGATE_*
    const char* yaml;      // key in the YAML file
    const char* arg;       // placeholder in --help
    const char* help;
    std::function<void(Config&, const std::string&)> apply;
    std::function<std::string(const Config&)> shown_default;
    // Hasura's variable for the same setting (a GRAPHGATE_* variable wins over it), and whether
    // Hasura gives it in milliseconds where graphgate takes seconds.
    const char* hasura_env = nullptr;
    bool hasura_milliseconds = false;
    // A list option: each flag adds one value, and the flags together replace the list that a
    // variable or the file gave (a YAML sequence goes here too; `apply` takes the text form,
    // comma separated).
    std::function<void(Config&, const std::vector<std::string>&)> apply_list = nullptr;
};

unsigned long long parse_unsigned(const std::string& name, const std::string& text,
                                  unsigned long long max) {
    std::size_t used = 0;
    unsigned long long v = 0;
    try {
        if (text.empty() || text[0] == '-') throw std::invalid_argument(text);
        v = std::stoull(text, &used, 10);
    } catch (const std::exception&) {
        throw ConfigError(name + ": expected a non-negative integer, got \"" + text + "\"");
    }
    if (used != text.size() || v > max)
        throw ConfigError(name + ": expected an integer up to " + std::to_string(max) + ", got \"" +
                          text + "\"");
    return v;
}

// Booleans as Hasura's environment takes them.
bool parse_bool(const std::string& name, const std::string& text) {
    std::string t;
    for (char ch : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (t == "true" || t == "1" || t == "yes" || t == "on") return true;
    if (t == "false" || t == "0" || t == "no" || t == "off") return false;
    throw ConfigError(name + ": expected true or false, got \"" + text + "\"");
}

// Durations are given in seconds (fractions allowed: 0.5), as Hasura's timeouts are.
std::chrono::milliseconds parse_seconds(const std::string& name, const std::string& text) {
    std::size_t used = 0;
    double v = -1;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size() || !(v >= 0) || v > 86400.0 * 365)
        throw ConfigError(name + ": expected a number of seconds, got \"" + text + "\"");
    return std::chrono::milliseconds(static_cast<long long>(v * 1000.0 + 0.5));
}

// Hasura gives some durations in milliseconds (a whole number): as the seconds graphgate takes.
std::string milliseconds_as_seconds(const std::string& name, const std::string& text) {
    const unsigned long long ms = parse_unsigned(name, text, 86400000ull * 365);
    std::ostringstream out;
    out << ms / 1000 << '.' << std::setw(3) << std::setfill('0') << ms % 1000;
    return out.str();
}

std::string seconds_text(std::chrono::milliseconds ms) {
    std::ostringstream out;
    out << ms.count() / 1000.0;
    return out.str();
}

// Read replicas' URLs, checked as libpq would read them so that a typo stops the server at
// start instead of leaving a standby unused; errors name it by position, not by its text (which
// may hold a password).
void set_read_replicas(Config& c, const std::vector<std::string>& urls) {
    c.read_replica_urls.clear();
    for (const std::string& url : urls) {
        const std::string which = "read-replica-url " + std::to_string(c.read_replica_urls.size() + 1);
        if (url.empty()) throw ConfigError(which + ": empty (libpq's defaults would name the primary)");
        char* err = nullptr;
        PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
        if (!opts) {
            std::string why = err ? err : "out of memory";
            if (err) PQfreemem(err);
            while (!why.empty() && why.back() == '\n') why.pop_back();
            throw ConfigError(which + ": " + why);
        }
        PQconninfoFree(opts);
        c.read_replica_urls.push_back(url);
    }
}

// Hasura's HASURA_GRAPHQL_READ_REPLICA_URLS form: comma separated, blanks around them ignored.
std::vector<std::string> comma_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        std::string item = text.substr(start, end - start);
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (!item.empty()) out.push_back(std::move(item));
        start = end + 1;
    }
    return out;
}

LogLevel parse_level(const std::string& name, const std::string& text) {
    static const std::map<std::string, LogLevel> levels = {
        {"debug", LogLevel::debug}, {"info", LogLevel::info}, {"warn", LogLevel::warn}, {"error", LogLevel::error}};
    auto it = levels.find(text);
    if (it == levels.end()) throw ConfigError(name + ": expected debug, info, warn or error, got \"" + text + "\"");
    return it->second;
}

const std::vector<Option>& options() {
    static const std::vector<Option> all = {
        {"--database-url", "GRAPHGATE_DATABASE_URL", "database_url", "URL",
         "libpq connection URI or conninfo of the database graphgate is installed in; empty uses "
         "libpq's PGHOST/PGPORT/PGDATABASE/PGUSER defaults",
         [](Config& c, const std::string& v) { c.database_url = v; },
         [](const Config&) { return std::string("(libpq defaults)"); }},
        {"--read-replica-url", "GRAPHGATE_READ_REPLICA_URLS", "read_replica_urls", "URL",
         "a streaming-replication standby of the database (repeat the flag for several; the variables "
         "take a comma-separated list, the YAML key a list): queries and subscription polls go to the "
         "healthy ones in turn, mutations, metadata calls and X-Graphgate-Use-Primary: true requests to "
         "the primary, as does everything while no standby answers",
         [](Config& c, const std::string& v) { set_read_replicas(c, comma_list(v)); },
         [](const Config&) { return std::string("(none)"); }, "HASURA_GRAPHQL_READ_REPLICA_URLS", false,
         set_read_replicas},
        {"--host", "GRAPHGATE_HOST", "host", "ADDR", "address to listen on (0.0.0.0 for every interface)",
         [](Config& c, const std::string& v) { c.host = v; }, [](const Config& c) { return c.host; }},
        {"--port", "GRAPHGATE_PORT", "port", "N", "TCP port; 0 picks a free one (logged at start)",
         [](Config& c, const std::string& v) {
             c.port = static_cast<unsigned short>(parse_unsigned("port", v, 65535));
         },
         [](const Config& c) { return std::to_string(c.port); }},
        {"--admin-secret", "GRAPHGATE_ADMIN_SECRET", "admin_secret", "SECRET",
         "required in X-Hasura-Admin-Secret for admin access; without it every request is admin "
         "(development mode, a warning is logged)",
         [](Config& c, const std::string& v) { c.admin_secret = v; },
         [](const Config&) { return std::string("(none)"); }},
        {"--jwt-secret", "GRAPHGATE_JWT_SECRET", "jwt_secret", "JSON",
         "Hasura's JWT configuration: {\"type\":\"HS256\"|\"RS256\"|..., \"key\": secret or PEM, "
         "\"claims_namespace\", \"claims_format\", \"audience\", \"issuer\", \"allowed_skew\"}; "
         "needs an admin secret",
         [](Config& c, const std::string& v) { c.jwt_secret = v; },
         [](const Config&) { return std::string("(none)"); }},
        {"--unauthorized-role", "GRAPHGATE_UNAUTHORIZED_ROLE", "unauthorized_role", "ROLE",
         "Postgres role for requests without credentials; without it they get 401",
         [](Config& c, const std::string& v) { c.unauthorized_role = v; },
         [](const Config&) { return std::string("(none)"); }},
        {"--pool-size", "GRAPHGATE_POOL_SIZE", "pool_size", "N", "database connections in the pool",
         [](Config& c, const std::string& v) {
             c.pool_size = parse_unsigned("pool-size", v, 1000);
             if (c.pool_size == 0) throw ConfigError("pool-size: must be at least 1");
         },
         [](const Config& c) { return std::to_string(c.pool_size); }},
        {"--pool-timeout", "GRAPHGATE_POOL_TIMEOUT", "pool_timeout", "SECONDS",
         "how long a request waits for a free (or reconnected) database connection before 503",
         [](Config& c, const std::string& v) { c.pool_timeout = parse_seconds("pool-timeout", v); },
         [](const Config& c) { return seconds_text(c.pool_timeout); }},
        {"--threads", "GRAPHGATE_THREADS", "threads", "N", "HTTP I/O threads; 0 = number of cores",
         [](Config& c, const std::string& v) { c.threads = parse_unsigned("threads", v, 256); },
         [](const Config&) { return std::string("0"); }},
        {"--max-body-size", "GRAPHGATE_MAX_BODY_SIZE", "max_body_size", "BYTES",
         "largest request body accepted; larger ones get 413",
         [](Config& c, const std::string& v) {
             c.max_body_size = parse_unsigned("max-body-size", v, 1ull << 32);
         },
         [](const Config& c) { return std::to_string(c.max_body_size); }},
        {"--idle-timeout", "GRAPHGATE_IDLE_TIMEOUT", "idle_timeout", "SECONDS",
         "how long an idle keep-alive connection (or a slow request) is kept open",
         [](Config& c, const std::string& v) { c.idle_timeout = parse_seconds("idle-timeout", v); },
         [](const Config& c) { return seconds_text(c.idle_timeout); }},
        {"--shutdown-timeout", "GRAPHGATE_SHUTDOWN_TIMEOUT", "shutdown_timeout", "SECONDS",
         "on SIGTERM/SIGINT, how long in-flight requests may take to finish",
         [](Config& c, const std::string& v) { c.shutdown_timeout = parse_seconds("shutdown-timeout", v); },
         [](const Config& c) { return seconds_text(c.shutdown_timeout); }},
        {"--console-dir", "GRAPHGATE_CONSOLE_DIR", "console_dir", "DIR",
         "folder of the GET /console files (index.html, assets/); if given, the server refuses to "
         "start without them",
         [](Config& c, const std::string& v) { c.console_dir = v; },
         [](const Config&) {
             return std::string("console/ beside this program if present (a build tree), else ") +
                    installed_console_dir();
         }},
        {"--stringify-numeric-types", "GRAPHGATE_STRINGIFY_NUMERIC_TYPES", "stringify_numeric_types", "BOOL",
         "answer bigint, numeric and double precision values (and aggregates of them) as JSON strings, "
         "for clients whose JSON numbers are doubles (the extension's graphgate.stringify_numeric_types)",
         [](Config& c, const std::string& v) { c.stringify_numeric_types = parse_bool("stringify-numeric-types", v); },
         [](const Config& c) { return std::string(c.stringify_numeric_types ? "true" : "false"); },
         "HASURA_GRAPHQL_STRINGIFY_NUMERIC_TYPES"},
        {"--live-queries-refetch-interval", "GRAPHGATE_LIVE_QUERIES_REFETCH_INTERVAL", "live_queries_refetch_interval",
         "SECONDS", "how often each live-query poller polls the database",
         [](Config& c, const std::string& v) {
             c.live_queries_refetch_interval = parse_seconds("live-queries-refetch-interval", v);
             if (c.live_queries_refetch_interval.count() == 0)
                 throw ConfigError("live-queries-refetch-interval: must be at least 0.001 seconds");
         },
         [](const Config& c) { return seconds_text(c.live_queries_refetch_interval); },
         "HASURA_GRAPHQL_LIVE_QUERIES_MULTIPLEXED_REFETCH_INTERVAL", true},
        {"--live-queries-batch-size", "GRAPHGATE_LIVE_QUERIES_BATCH_SIZE", "live_queries_batch_size", "N",
         "cohorts (distinct variables and sessions) a poller sends in one database call",
         [](Config& c, const std::string& v) {
             c.live_queries_batch_size = parse_unsigned("live-queries-batch-size", v, 100000);
             if (c.live_queries_batch_size == 0) throw ConfigError("live-queries-batch-size: must be at least 1");
         },
         [](const Config& c) { return std::to_string(c.live_queries_batch_size); },
         "HASURA_GRAPHQL_LIVE_QUERIES_MULTIPLEXED_BATCH_SIZE"},
        {"--live-queries-log-interval", "GRAPHGATE_LIVE_QUERIES_LOG_INTERVAL", "live_queries_log_interval", "SECONDS",
         "how often the live-query-stats log line (every poller's counters) is written; 0 = never",
         [](Config& c, const std::string& v) {
             c.live_queries_log_interval = parse_seconds("live-queries-log-interval", v);
         },
         [](const Config& c) { return seconds_text(c.live_queries_log_interval); }},
        {"--websocket-keepalive", "GRAPHGATE_WEBSOCKET_KEEPALIVE", "websocket_keepalive", "SECONDS",
         "how often a WebSocket gets a keep-alive (ka for graphql-ws, ping for graphql-transport-ws); 0 = never",
         [](Config& c, const std::string& v) { c.websocket_keepalive = parse_seconds("websocket-keepalive", v); },
         [](const Config& c) { return seconds_text(c.websocket_keepalive); }, "HASURA_GRAPHQL_WEBSOCKET_KEEPALIVE"},
        {"--websocket-connection-init-timeout", "GRAPHGATE_WEBSOCKET_CONNECTION_INIT_TIMEOUT",
         "websocket_connection_init_timeout", "SECONDS",
         "a WebSocket without connection_init by then is closed (4408)",
         [](Config& c, const std::string& v) {
             c.websocket_init_timeout = parse_seconds("websocket-connection-init-timeout", v);
             if (c.websocket_init_timeout.count() == 0)
                 throw ConfigError("websocket-connection-init-timeout: must be at least 0.001 seconds");
         },
         [](const Config& c) { return seconds_text(c.websocket_init_timeout); },
         "HASURA_GRAPHQL_WEBSOCKET_CONNECTION_INIT_TIMEOUT"},
        {"--websocket-max-message-size", "GRAPHGATE_WEBSOCKET_MAX_MESSAGE_SIZE", "websocket_max_message_size", "BYTES",
         "largest message a WebSocket client may send; a larger one closes the socket (1009)",
         [](Config& c, const std::string& v) {
             c.websocket_max_message_size = parse_unsigned("websocket-max-message-size", v, 1ull << 32);
             if (c.websocket_max_message_size < 1024) throw ConfigError("websocket-max-message-size: must be at least 1024");
         },
         [](const Config& c) { return std::to_string(c.websocket_max_message_size); }},
        {"--websocket-max-operations", "GRAPHGATE_WEBSOCKET_MAX_OPERATIONS", "websocket_max_operations", "N",
         "subscriptions (and queries not answered yet) a WebSocket may have at once; more get an error",
         [](Config& c, const std::string& v) {
             c.websocket_max_operations = parse_unsigned("websocket-max-operations", v, 1000000);
             if (c.websocket_max_operations == 0) throw ConfigError("websocket-max-operations: must be at least 1");
         },
         [](const Config& c) { return std::to_string(c.websocket_max_operations); }},
        {"--websocket-max-queued-messages", "GRAPHGATE_WEBSOCKET_MAX_QUEUED_MESSAGES", "websocket_max_queued_messages",
         "N", "messages waiting for a slow WebSocket reader before it is disconnected (1008)",
         [](Config& c, const std::string& v) {
             c.websocket_max_queued_messages = parse_unsigned("websocket-max-queued-messages", v, 100000000);
             if (c.websocket_max_queued_messages == 0)
                 throw ConfigError("websocket-max-queued-messages: must be at least 1");
         },
         [](const Config& c) { return std::to_string(c.websocket_max_queued_messages); }},
        {"--websocket-max-queued-bytes", "GRAPHGATE_WEBSOCKET_MAX_QUEUED_BYTES", "websocket_max_queued_bytes", "BYTES",
         "bytes waiting for a slow WebSocket reader before it is disconnected (1008)",
         [](Config& c, const std::string& v) {
             c.websocket_max_queued_bytes = parse_unsigned("websocket-max-queued-bytes", v, 1ull << 40);
             if (c.websocket_max_queued_bytes == 0) throw ConfigError("websocket-max-queued-bytes: must be at least 1");
         },
         [](const Config& c) { return std::to_string(c.websocket_max_queued_bytes); }},
        {"--log-level", "GRAPHGATE_LOG_LEVEL", "log_level", "LEVEL",
         "debug, info (one http-log line per request), warn or error",
         [](Config& c, const std::string& v) { c.log_level = parse_level("log-level", v); },
         [](const Config&) { return std::string("info"); }},
    };
    return all;
}

const Option* find_flag(const std::string& flag) {
    for (const auto& o : options())
        if (flag == o.flag) return &o;
    return nullptr;
}

// YAML to JSON, for the JWT secret written as a mapping (Hasura documents it as a JSON object).
// Plain scalars that read as integers or booleans keep that type; quoted ones stay strings.
nlohmann::json yaml_to_json(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map: {
            nlohmann::json out = nlohmann::json::object();
            for (const auto& kv : node) out[kv.first.Scalar()] = yaml_to_json(kv.second);
            return out;
        }
        case YAML::NodeType::Sequence: {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& item : node) out.push_back(yaml_to_json(item));
            return out;
        }
        case YAML::NodeType::Scalar: {
            if (node.Tag() == "?") {  // plain (unquoted) scalar
                long long i;
                bool b;
                if (YAML::convert<long long>::decode(node, i)) return i;
                if (YAML::convert<bool>::decode(node, b)) return b;
            }
            return node.Scalar();
        }
        default:
            return nullptr;
    }
}

// A YAML value as the text its flag or variable would carry.
std::string yaml_text(const std::string& key, const YAML::Node& node) {
    if (node.IsScalar()) return node.Scalar();
    if (node.IsNull()) return "";
    if (key == "jwt_secret" && node.IsMap()) return yaml_to_json(node).dump();
    throw ConfigError("config file: \"" + key + "\" must be a scalar");
}

void apply_yaml(Config& config, const std::string& path) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(path);
    } catch (const YAML::Exception& e) {
        throw ConfigError("config file " + path + ": " + e.what());
    }
    if (root.IsNull()) return;
    if (!root.IsMap()) throw ConfigError("config file " + path + ": expected a mapping of option: value");
    for (const auto& kv : root) {
        const std::string key = kv.first.Scalar();
        const Option* opt = nullptr;
        for (const auto& o : options())
            if (key == o.yaml) opt = &o;
        if (!opt) throw ConfigError("config file " + path + ": unknown option \"" + key + "\"");
        if (opt->apply_list && kv.second.IsSequence()) {
            std::vector<std::string> items;
            for (const auto& item : kv.second) items.push_back(yaml_text(key, item));
            opt->apply_list(config, items);
            continue;
        }
        opt->apply(config, yaml_text(key, kv.second));
    }
}

}  // namespace

const char* server_version() { return GRAPHGATE_VERSION; }

std::string help_text() {
    std::ostringstream out;
    Config defaults;
    out << "graphgate-server " << server_version()
        << " - Hasura-compatible HTTP API for a database with the graphgate extension\n\n"
           "Usage: graphgate-server [OPTIONS]\n\n"
           "Endpoints: POST /v1/graphql, POST /v1/metadata, POST /v1/query, GET /healthz, GET /v1/version,\n"
           "GET /console (GraphiQL; the admin secret is typed into the page), WebSocket /v1/graphql\n"
           "(graphql-transport-ws and graphql-ws: subscriptions as live queries), GET /v1/subscriptions/stats\n\n"
           "Every option can also be given as an environment variable or a key of the YAML file\n"
           "named by --config (GRAPHGATE_CONFIG_FILE). Precedence: flag > variable > file > default.\n\n";
    for (const auto& o : options()) {
        out << "  " << o.flag << " " << o.arg << "\n      " << o.help << "\n      env " << o.env;
        if (o.hasura_env) out << " or " << o.hasura_env << (o.hasura_milliseconds ? " (milliseconds)" : "");
        out << ", yaml " << o.yaml << ", default " << o.shown_default(defaults) << "\n";
    }
    out << "  --config FILE\n      YAML file with the options above (keys as listed)\n"
           "      env GRAPHGATE_CONFIG_FILE\n"
           "  --help     print this text\n"
           "  --version  print the version\n\n"
           "Auth (as Hasura): with an admin secret, X-Hasura-Admin-Secret grants admin and may pick\n"
           "X-Hasura-Role; otherwise a JWT in 'Authorization: Bearer' decides the role from the claims\n"
           "namespace https://hasura.io/jwt/claims (x-hasura-allowed-roles, x-hasura-default-role);\n"
           "otherwise the unauthorized role, or 401. Roles are Postgres roles (SET LOCAL ROLE).\n";
    return out.str();
}

ConfigResult load_config(int argc, char** argv) {
    ConfigResult result;
    // Flags are collected first so that --config is known before the file is read, and applied
    // last so that they win.
    std::vector<std::pair<const Option*, std::string>> flags;
    std::string config_file;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            result.action = ConfigResult::Action::help;
            return result;
        }
        if (arg == "--version") {
            result.action = ConfigResult::Action::version;
            return result;
        }
        std::string value;
        bool has_value = false;
        if (auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
            has_value = true;
        }
        if (arg != "--config" && !find_flag(arg)) throw ConfigError("unknown option " + arg);
        if (!has_value) {
            if (i + 1 >= argc) throw ConfigError(arg + " needs a value");
            value = argv[++i];
        }
        if (arg == "--config") config_file = value;
        else flags.emplace_back(find_flag(arg), value);
    }
    if (config_file.empty())
        if (const char* f = std::getenv("GRAPHGATE_CONFIG_FILE")) config_file = f;

    Config& config = result.config;
    if (!config_file.empty()) apply_yaml(config, config_file);
    for (const auto& o : options()) {
        if (const char* v = o.hasura_env ? std::getenv(o.hasura_env) : nullptr)
            o.apply(config, o.hasura_milliseconds ? milliseconds_as_seconds(o.hasura_env, v) : std::string(v));
        if (const char* v = std::getenv(o.env)) o.apply(config, v);
    }
    std::map<const Option*, std::vector<std::string>> lists;
    for (const auto& [opt, value] : flags) {
        if (opt->apply_list) lists[opt].push_back(value);
        else opt->apply(config, value);
    }
    for (const auto& [opt, values] : lists) opt->apply_list(config, values);
    config.config_file = config_file;
    if (!config.jwt_secret.empty() && config.admin_secret.empty())
        throw ConfigError("a JWT secret needs an admin secret too (as in Hasura): set GRAPHGATE_ADMIN_SECRET");
    return result;
}

}  // namespace graphgate::server
