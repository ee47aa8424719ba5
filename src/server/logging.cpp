#include "server/logging.hpp"

#include <chrono>
#include <ctime>

namespace graphgate::server {

namespace {

const char* level_name(LogLevel level) {
    switch (level) {
        case LogLevel::debug: return "debug";
        case LogLevel::info: return "info";
        case LogLevel::warn: return "warn";
        case LogLevel::error: return "error";
    }
    return "info";
}

// RFC 3339 UTC with milliseconds: sortable and what log shippers parse.
std::string timestamp() {
    using namespace std::chrono;
    auto now = system_clock::now();
    std::time_t secs = system_clock::to_time_t(now);
    auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[40];
    std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms));
    return buf;
}

}  // namespace

void Logger::log(LogLevel level, const char* type, const nlohmann::json& detail) {
    if (enabled(level)) write(level, type, detail);
}

void Logger::write(LogLevel level, const char* type, const nlohmann::json& detail) {
    nlohmann::json line = {{"timestamp", timestamp()}, {"level", level_name(level)}, {"type", type},
                           {"detail", detail}};
    // Invalid UTF-8 from a client (a URL, say) must not make the logger throw.
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    text.push_back('\n');
    std::lock_guard<std::mutex> lock(mutex_);
    std::fwrite(text.data(), 1, text.size(), out_);
    std::fflush(out_);  // a line is visible as soon as it is written (tests and log shippers tail it)
}

}  // namespace graphgate::server
