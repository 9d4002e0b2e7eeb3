// Connections to one database file, handed out one per concurrent caller (sqlite
// connections must not be shared between threads mid-statement).
#pragma once

#include "sqlite_connection.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace qbt::queue_plugin {

class ConnectionPool {
public:
    class Lease {
    public:
        Lease(ConnectionPool& pool, std::unique_ptr<Connection> conn)
            : pool_(pool), conn_(std::move(conn)) {}
        ~Lease() { pool_.give_back(std::move(conn_)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Connection& operator*() { return *conn_; }
        Connection* operator->() { return conn_.get(); }

    private:
        ConnectionPool& pool_;
        std::unique_ptr<Connection> conn_;
    };

    ConnectionPool(std::string path, bool synchronous_full, int busy_timeout_ms)
        : path_(std::move(path)), synchronous_full_(synchronous_full),
          busy_timeout_ms_(busy_timeout_ms) {}

    Lease acquire() {
        {
            std::lock_guard lock(mutex_);
            if (!idle_.empty()) {
                auto conn = std::move(idle_.back());
                idle_.pop_back();
                return Lease(*this, std::move(conn));
            }
        }
        return Lease(*this, std::make_unique<Connection>(path_, synchronous_full_, busy_timeout_ms_));
    }

private:
    static constexpr size_t kMaxIdle = 8;

    void give_back(std::unique_ptr<Connection> conn) {
        std::lock_guard lock(mutex_);
        if (idle_.size() < kMaxIdle) idle_.push_back(std::move(conn));
    }

    std::string path_;
    bool synchronous_full_;
    int busy_timeout_ms_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace qbt::queue_plugin
