// Connections to one Redis server, one per concurrent caller, with reconnect: when a
// command finds its connection broken (e.g. the server restarted) every idle
// connection is dropped too, a fresh one is made and the operation runs once more.
// Operations given to run() must therefore be safe to repeat (our scripts are).
#pragma once

#include "redis_connection.hpp"

#include <qbt/cpp/error.hpp>

#include <memory>
#include <mutex>
#include <vector>

namespace qbt::queue_plugin {

class RedisPool {
public:
    RedisPool(RedisUrl url, int timeout_ms) : url_(std::move(url)), timeout_ms_(timeout_ms) {}

    template <class Fn>
    auto run(Fn&& fn) {
        for (int attempt = 0;; ++attempt) {
            std::unique_ptr<RedisConnection> conn = acquire();
            try {
                auto result = fn(*conn, attempt);
                give_back(std::move(conn));
                return result;
            } catch (const ConnectionLost& e) {
                drop_idle();
                if (attempt > 0) throw sdk::Error(QBT_E_UNAVAILABLE, e.what());
            } catch (...) {
                conn->set_timeout_ms(timeout_ms_);
                give_back(std::move(conn));
                throw;
            }
        }
    }

    const RedisUrl& url() const { return url_; }

private:
    static constexpr size_t kMaxIdle = 8;

    std::unique_ptr<RedisConnection> acquire() {
        {
            std::lock_guard lock(mutex_);
            if (!idle_.empty()) {
                auto conn = std::move(idle_.back());
                idle_.pop_back();
                return conn;
            }
        }
        return std::make_unique<RedisConnection>(url_, timeout_ms_);
    }
    void give_back(std::unique_ptr<RedisConnection> conn) {
        std::lock_guard lock(mutex_);
        if (idle_.size() < kMaxIdle) idle_.push_back(std::move(conn));
    }
    void drop_idle() {
        std::lock_guard lock(mutex_);
        idle_.clear();
    }

    RedisUrl url_;
    int timeout_ms_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<RedisConnection>> idle_;
};

}  // namespace qbt::queue_plugin
