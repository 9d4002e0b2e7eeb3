// The SQLite queue backend: one database file, WAL, a pool of connections.
// Durability: a job is committed when enqueue returns; with synchronous=NORMAL (the
// default) it survives a crash of the process but a power loss may roll back the last
// transactions; synchronous=FULL survives both.
#pragma once

#include "connection_pool.hpp"
#include "group_commit.hpp"
#include "wal_checkpointer.hpp"
#include "wal_watch.hpp"
#include "write_turn.hpp"

#include <qbt/queue_backend.h>

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace qbt::queue_plugin {

struct SqliteOptions {
    std::string path;
    bool synchronous_full = false;
    int busy_timeout_ms = 5000;
};

class SqliteQueue {
public:
    explicit SqliteQueue(SqliteOptions options);  // creates/migrates; throws sdk::Error

    void enqueue(const qbt_job& job);
    void enqueue_many(const qbt_job* const* jobs, size_t count);
    std::optional<std::string> dequeue(const qbt_dequeue_request& request);
    void update(const qbt_job& job);
    // Calls sink per document; returns how many match the filter.
    uint64_t list(const qbt_job_filter& filter, const std::function<bool(const std::string&)>& sink);
    std::optional<std::string> get(const std::string& job_id);
    std::string cancel(const std::string& job_id, const char* now_iso);
    uint64_t cleanup(const std::string& older_than_iso);
    std::string stats();
    std::vector<std::string> orphans();
    void requeue(const qbt_job& job);
    void ping();

private:
    static JobRow row_of(const qbt_job& job);
    std::optional<std::string> try_dequeue(const qbt_dequeue_request& request);
    bool any_pending();
    void wake_waiters();

    ConnectionPool pool_;
    WriteTurn turn_;  // every write transaction of this process takes its turn here
    WalWatch wal_watch_;  // outlives the committer's connection, which calls it
    std::unique_ptr<GroupCommitter> committer_;
    std::unique_ptr<WalCheckpointer> checkpointer_;  // checkpoints off the write path
    std::mutex wake_mutex_;
    std::condition_variable wake_;
    uint64_t wake_generation_ = 0;
};

}  // namespace qbt::queue_plugin
