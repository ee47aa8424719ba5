// Structured logs: one JSON object per line on stdout, like Hasura's
// {"timestamp", "level", "type", "detail"}.  Callers never pass secrets: the request log holds
// no headers and no bodies, and the database is described by host/port/dbname/user only.
#pragma once

#include "server/config.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <mutex>
#include <string>

namespace graphgate::server {

class Logger {
public:
    explicit Logger(LogLevel level, std::FILE* out = stdout) : level_(level), out_(out) {}

    bool enabled(LogLevel level) const { return level >= level_; }

    // type: "startup", "http-log", "db", "shutdown", ...; detail: any JSON value.
    void log(LogLevel level, const char* type, const nlohmann::json& detail);

    void debug(const char* type, const nlohmann::json& detail) { log(LogLevel::debug, type, detail); }
    void info(const char* type, const nlohmann::json& detail) { log(LogLevel::info, type, detail); }
    void warn(const char* type, const nlohmann::json& detail) { log(LogLevel::warn, type, detail); }
    void error(const char* type, const nlohmann::json& detail) { log(LogLevel::error, type, detail); }
    // An info line written whatever the level: start (with the port), stop.
    void always(const char* type, const nlohmann::json& detail) { write(LogLevel::info, type, detail); }

private:
    void write(LogLevel level, const char* type, const nlohmann::json& detail);

    LogLevel level_;
    std::FILE* out_;
    std::mutex mutex_;  // one line at a time from every thread
};

}  // namespace graphgate::server
