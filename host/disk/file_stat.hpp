// One stat(2) of a path, as the disk facts need it, and a counter of the calls a job made
// (reported in the job result as disk.stat_calls).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace qbt::disk {

struct FileStat {
    enum class State : uint8_t { Present, Missing, Unreadable };
    State state = State::Missing;
    int error = 0;  // errno when not Present
    uint64_t dev = 0;
    uint64_t ino = 0;
    uint64_t nlink = 0;
    uint64_t size = 0;
    int64_t mtime = 0;  // seconds since the epoch
    int64_t ctime = 0;  // last status change (a rename or a new link touches it, not mtime)
    bool regular = false;
    bool directory = false;
    bool symlink = false;  // only from lstat_path

    bool present() const { return state == State::Present; }
    // "missing", or "unreadable (Permission denied)".
    std::string problem() const;
};

// Follows symlinks (a torrent file that is a link keeps its target in use). ENOENT and
// ENOTDIR are Missing; every other failure (EACCES, EIO, ELOOP...) is Unreadable.
FileStat stat_path(const std::string& path);
// The same without following a final symlink (orphan scans never act through links).
FileStat lstat_path(const std::string& path);

class StatCounter {
public:
    FileStat stat(const std::string& path) {
        calls_.fetch_add(1, std::memory_order_relaxed);
        return stat_path(path);
    }
    uint64_t calls() const { return calls_.load(std::memory_order_relaxed); }

private:
    std::atomic<uint64_t> calls_{0};
};

}  // namespace qbt::disk
