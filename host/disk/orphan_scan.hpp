// Orphaned files (issue 15): files below the save paths that no torrent of any instance
// uses (by path or inode, per the file-usage index), older than a grace period and not
// excluded. The scan only reads; remove_orphan() deletes one orphan after checking again
// that it is the same file and still unused.
#pragma once

#include "disk/file_stat.hpp"
#include "disk/file_usage_index.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace qbt::disk {

struct OrphanOptions {
    int64_t now = 0;            // seconds since the epoch
    int64_t grace_seconds = 3600;  // files changed (mtime or ctime) more recently are never orphans
    std::vector<std::string> exclude;      // globs (fnmatch) on the whole path or the file name
    std::vector<std::string> exclude_dirs;  // never entered (e.g. the recycle bin)
    size_t max = 1000;          // orphans listed
};

// Always excluded: qBittorrent's incomplete files and part files, FUSE's leftovers.
const std::vector<std::string>& builtin_orphan_excludes();  // *.!qB *.parts .fuse_hidden*

struct Orphan {
    std::string path;
    uint64_t size = 0;
    int64_t age_seconds = 0;  // since the last change (mtime or ctime, the later)
    FileStat stat;            // what the scan saw (remove_orphan compares)
};

struct OrphanScan {
    std::vector<std::string> roots;  // scanned (nested and duplicate roots dropped)
    std::vector<Orphan> orphans;     // sorted by path, at most OrphanOptions::max
    uint64_t orphan_count = 0;       // all of them, also past max
    uint64_t orphan_bytes = 0;
    uint64_t files_seen = 0;
    uint64_t in_use = 0;
    uint64_t too_young = 0;
    uint64_t excluded = 0;
    std::vector<std::string> problems;  // roots or folders that could not be read (at most ~50)
};

OrphanScan scan_orphans(const std::vector<std::string>& roots, const FileUsageIndex& index,
                        const OrphanOptions& options);

// Whether `orphan` is still the file the scan saw (same inode, size, mtime), still unused and
// still a regular file: "" when it is, else why not ("changed since the scan", "already
// gone", "in use").
std::string check_orphan(const Orphan& orphan, const FileUsageIndex& index);

// Deletes `orphan` only if check_orphan() finds nothing against it. Returns "" when
// removed, else why not (check_orphan's reason or the system's error).
std::string remove_orphan(const Orphan& orphan, const FileUsageIndex& index);

}  // namespace qbt::disk
