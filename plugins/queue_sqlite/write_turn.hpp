// A first-come-first-served lock for this process's write transactions. SQLite's own
// lock makes a waiting writer poll (sleeping 1, 2, 5 ... 100 ms between tries), so under
// a stream of enqueue commits the worker's dequeue could lose every race; taking turns
// here first means each writer waits for at most the writers queued before it.
// (Other processes sharing the file still meet SQLite's busy timeout.)
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace qbt::queue_plugin {

class WriteTurn {
public:
    class Guard {
    public:
        explicit Guard(WriteTurn& turn) : turn_(turn) { turn_.take(); }
        ~Guard() { turn_.give_back(); }
        Guard(const Guard&) = delete;
        Guard& operator=(const Guard&) = delete;

    private:
        WriteTurn& turn_;
    };

private:
    void take() {
        std::unique_lock lock(mutex_);
        const uint64_t ticket = next_ticket_++;
        changed_.wait(lock, [&] { return serving_ == ticket; });
    }
    void give_back() {
        {
            std::lock_guard lock(mutex_);
            ++serving_;
        }
        changed_.notify_all();
    }

    std::mutex mutex_;
    std::condition_variable changed_;
    uint64_t next_ticket_ = 0;
    uint64_t serving_ = 0;
};

}  // namespace qbt::queue_plugin
