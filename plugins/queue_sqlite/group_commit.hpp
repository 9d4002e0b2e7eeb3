// Group commit for enqueue: inserts that arrive while a commit is in progress wait and
// are then written together in one transaction. Each caller returns only after the
// transaction holding its row has committed (or throws), so "202 only after the job is
// durable" still holds; a commit costs about the same for 1 row as for 100.
//
// No thread of its own: the first caller becomes the leader and commits the batch
// (itself included); when it is done it hands the lead to the oldest waiting caller, so
// a caller never commits more than one batch and the worker's turn comes between batches.
#pragma once

#include "sqlite_connection.hpp"
#include "write_turn.hpp"

#include <qbt/cpp/error.hpp>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace qbt::queue_plugin {

// The columns of one new row of `jobs` (seq is assigned in the transaction).
struct JobRow {
    std::string job_id;
    std::optional<std::string> context;
    std::optional<std::string> hash;
    std::string status;
    std::string created_at;
    std::optional<std::string> started_at;
    std::optional<std::string> completed_at;
    std::optional<std::string> result;
    std::optional<std::string> error;
    std::string document;
};

class GroupCommitter {
public:
    // Opens its own connection; the jobs table must exist.
    GroupCommitter(const std::string& path, bool synchronous_full, int busy_timeout_ms,
                   WriteTurn& turn);

    // Blocks until the row is committed; throws sdk::Error when it is not.
    void insert(const JobRow& row);
    // The same for several rows, all or none (a savepoint inside the shared transaction).
    void insert_many(const JobRow* rows, size_t count);
    // The writer's connection, to install hooks on before the first insert.
    sqlite3* connection() const { return writer_.raw(); }

private:
    struct Pending {
        const JobRow* rows;
        size_t count;
        bool done = false;
        bool lead = false;
        std::optional<sdk::Error> failure;
    };

    void commit_batch(std::deque<Pending*>& batch);
    void insert_rows(Pending& pending);

    Connection writer_;  // used only by the current leader
    Statement insert_;
    WriteTurn& turn_;

    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Pending*> waiting_;
    bool leader_active_ = false;
};

}  // namespace qbt::queue_plugin
