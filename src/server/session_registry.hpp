// The open connections of one kind (HTTP sessions, WebSocket sessions), for shutdown: shared
// with the sessions, so that a session destroyed late (with the io_context, after a shutdown
// timeout) never touches a destroyed server.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace graphgate::server {

template <class Session>
class SessionRegistry {
public:
    void add(const std::shared_ptr<Session>& session) {
        std::lock_guard<std::mutex> lock(mutex_);
        sessions_.emplace(session.get(), session);
    }

    void remove(Session* session) {
        std::lock_guard<std::mutex> lock(mutex_);
        sessions_.erase(session);
        if (sessions_.empty()) empty_.notify_all();
    }

    std::vector<std::shared_ptr<Session>> live() const {
        std::vector<std::shared_ptr<Session>> out;
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& [ptr, weak] : sessions_)
            if (auto s = weak.lock()) out.push_back(std::move(s));
        return out;
    }

    std::size_t size() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return sessions_.size();
    }

    bool wait_empty(std::chrono::milliseconds timeout) {
        std::unique_lock<std::mutex> lock(mutex_);
        return empty_.wait_for(lock, timeout, [this] { return sessions_.empty(); });
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable empty_;
    std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;
};

}  // namespace graphgate::server
