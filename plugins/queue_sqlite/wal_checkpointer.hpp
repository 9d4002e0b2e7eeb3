// Checkpoints the WAL in a thread of its own, so that no enqueue (an HTTP request waiting
// for its 202) or worker transaction pays for one. SQLite's automatic checkpoint runs
// inside the COMMIT that crosses wal_autocheckpoint pages, copying them into the database
// and syncing it. Measured (POST /api/execute at 4 connections, load average 26, runs
// alternated): enqueue commit p99 13-31 ms with SQLite's own checkpoints, 3.9-15 ms here.
//
// Every connection keeps a high automatic threshold (kBackstopPages) in case this thread
// falls behind; this one runs a PASSIVE checkpoint (never blocks writers or readers)
// every kInterval (one that finds nothing new to copy costs a few lock operations),
// and starts the WAL over when writes pause (truncated), or when it has grown past
// kForceRestartFrames (not truncated; see run()). During an enqueue burst it checkpoints only once the
// WAL holds kBurstFrames: the first commit after a checkpoint that copied the whole WAL
// starts the WAL over and syncs its header (SQLite does so even at synchronous=NORMAL,
// so that a power loss cannot pair old frames with a new header), and every request
// waiting for that commit waits for the fsync (4-40 ms measured). Checkpointing every
// 200 ms put 1-2 such fsyncs a second on the request path (issue 17, bench/API.md).
#pragma once

#include "sqlite_connection.hpp"
#include "wal_watch.hpp"
#include "write_turn.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace qbt::queue_plugin {

class WalCheckpointer {
public:
    static constexpr int kBackstopPages = 20000;  // ~80 MB of WAL: set on every connection
    static constexpr std::chrono::milliseconds kInterval{200};
    // Start the WAL over (truncated) as soon as a tick finds no new frames, or, under a
    // write stream that never pauses, once it holds kForceRestartFrames (64 MB).
    static constexpr int kForceRestartFrames = 16384;
    static constexpr std::chrono::milliseconds kRestartWait{50};
    // While enqueue commits keep coming, checkpoint only past this many frames (16 MB).
    static constexpr int kBurstFrames = 4096;

    // `watch` sees the enqueue connection's commits (the burst and the WAL's size); the
    // WAL is started over in `turn` (the process's write transactions wait for it there).
    WalCheckpointer(const std::string& path, bool synchronous_full, int busy_timeout_ms, const WalWatch& watch,
                    WriteTurn& turn);
    ~WalCheckpointer();  // stops the thread
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

private:
    void run();

    Connection db_;  // used only by the thread
    const WalWatch& watch_;
    WriteTurn& turn_;
    std::mutex mutex_;
    std::condition_variable stop_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace qbt::queue_plugin
