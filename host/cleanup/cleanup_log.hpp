// What the guard did (or, in a dry run, would do) in one job: each removed or moved
// torrent, the files kept and for which torrents, what went into the recycle bin, bytes
// freed. The engine turns it into the job result's `cleanup` member and audit details.
#pragma once

#include "cleanup/file_usage.hpp"

#include <qbt/error.h>

#include <cstdint>
#include <string>
#include <vector>

namespace qbt::cleanup {

struct TorrentRef {
    std::string instance;
    std::string hash;
    std::string name;
};

struct KeptRecord {
    std::string path;
    std::vector<TorrentRef> shared_with;
};

struct RemovalRecord {
    TorrentRef torrent;
    std::string rule;
    std::string group_of;  // the hash whose cross-seed group brought it in
    bool planned = false;  // dry run: nothing was changed
    int32_t code = QBT_OK;
    std::string reason;    // why not, when code != QBT_OK
    bool delete_files = false;
    std::vector<KeptRecord> kept;
    int files_removed = 0;
    uint64_t bytes_removed = 0;
    uint64_t bytes_freed = 0;
    std::string recycled_to;  // the bin entry's folder
};

struct MoveRecord {
    TorrentRef torrent;
    std::string rule;
    bool planned = false;
    int32_t code = QBT_OK;
    std::string reason;
    std::string from;
    std::string to;
};

class CleanupLog {
public:
    // Job documents stay small: past this many records per list only counts are kept.
    static constexpr size_t kMaxRecords = 1000;

    void add(RemovalRecord record);
    void add(MoveRecord record);
    bool empty() const { return listed_ == 0; }
    const std::vector<RemovalRecord>& removals() const { return removal_records_; }
    const std::vector<MoveRecord>& moves() const { return move_records_; }

    // The job result's `cleanup` object: {"removed": n, "moved": n, "refused": n,
    // "kept_files": n, "recycled": n, "bytes_freed": n, "torrents": [...], "moves": [...]}
    // (counts of torrents done, or planned in a dry run; refused ones only in `refused`).
    std::string to_json() const;
    // One record as a JSON object (the audit entry's `details`).
    static std::string to_json(const RemovalRecord& record);
    static std::string to_json(const MoveRecord& record);

private:
    std::vector<RemovalRecord> removal_records_;
    std::vector<MoveRecord> move_records_;
    size_t listed_ = 0;  // records added, done or refused
    size_t removals_ = 0, moves_ = 0, refused_ = 0, kept_files_ = 0, recycled_ = 0;
    uint64_t bytes_freed_ = 0;
};

}  // namespace qbt::cleanup
