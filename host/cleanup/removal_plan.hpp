// Deciding, before anything changes, what removing a torrent (or its cross-seed group)
// does to the files: which go, which stay because another torrent still uses them, and
// how many bytes that frees. Pure: reads a FileUsage, touches nothing.
#pragma once

#include "cleanup/file_usage.hpp"

#include <qbt/error.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace qbt::cleanup {

struct KeptFile {
    std::string path;  // local path
    std::vector<TorrentKey> shared_with;
};

struct TorrentRemoval {
    TorrentKey key;
    TorrentFacts facts;
    std::vector<UsedFile> remove;  // with delete_files: the files to delete or recycle
    std::vector<KeptFile> kept;    // files another torrent still uses
    std::string group_of;          // the hash whose cross-seed group brought it in ("" for itself)
};

struct RemovalPlan {
    std::vector<TorrentRemoval> torrents;  // the torrent first, then its group
    int32_t code = QBT_OK;                 // not QBT_OK: nothing of the plan may run
    std::string refused;                   // why
};

// Plans removing `key`; with include_cross_seeds every torrent sharing a file with it,
// transitively, is removed with it (all or none). Torrents in `gone` are already removed
// in this job (left out of the group, their files no longer count as shared).
RemovalPlan plan_removal(const FileUsage& usage, const TorrentKey& key, bool delete_files, bool include_cross_seeds,
                         const std::set<TorrentKey>& gone);

// Bytes that removing the plan's files frees: a file frees its size once every hard link
// of it goes in the plan; nothing when it is recycled into a bin on its own device
// (`bin_device`: the recycle bin's device, nullopt when nothing is recycled).
uint64_t freed_bytes(const RemovalPlan& plan, std::optional<uint64_t> bin_device);

}  // namespace qbt::cleanup
