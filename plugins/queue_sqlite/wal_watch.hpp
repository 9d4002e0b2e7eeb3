// What the enqueue connection's commits say about the WAL, for WalCheckpointer: SQLite
// calls a connection's WAL hook after each of its commits with the number of frames now
// in the WAL (every connection's frames, the worker's included), so the checkpointer
// knows, without a checkpoint of its own, whether an enqueue burst is running and how
// large the WAL has grown.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <cstdint>

namespace qbt::queue_plugin {

class WalWatch {
public:
    // Installs the hook on `db`. The hook replaces the connection's automatic checkpoint,
    // so it keeps that backstop: a PASSIVE checkpoint once the WAL holds backstop_frames
    // (what SQLite's own hook does at wal_autocheckpoint). The watch must outlive `db`.
    void install(sqlite3* db, int backstop_frames) {
        backstop_frames_ = backstop_frames;
        sqlite3_wal_hook(db, &WalWatch::on_commit, this);
    }

    uint64_t commits() const { return commits_.load(std::memory_order_relaxed); }
    int frames() const { return frames_.load(std::memory_order_relaxed); }

private:
    static int on_commit(void* self, sqlite3* db, const char* schema, int frames) {
        auto& watch = *static_cast<WalWatch*>(self);
        watch.frames_.store(frames, std::memory_order_relaxed);
        watch.commits_.fetch_add(1, std::memory_order_relaxed);
        if (frames >= watch.backstop_frames_)
            sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        return SQLITE_OK;
    }

    int backstop_frames_ = 0;
    std::atomic<uint64_t> commits_{0};
    std::atomic<int> frames_{0};
};

}  // namespace qbt::queue_plugin
