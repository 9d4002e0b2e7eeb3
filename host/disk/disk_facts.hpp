// The rule fields computed from the file-usage index (README "Disk facts"):
//   info.cross_seeds  number of other torrents (every instance sharing the disk) that use at
//                     least one of this torrent's files (same path, or same inode);
//   info.hardlinks    "none" (every file has one link), "torrents" (every extra link of every
//                     file is a file of some torrent), "outside" (some file has a link no
//                     torrent uses: a media library import, any other link).
// A value that cannot be computed is unknown with a short reason (grouped in the job
// result's unknown_values), never a guess.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "disk/file_usage_index.hpp"

namespace qbt::disk {

enum class Hardlinks : uint8_t { None, Torrents, Outside };
const char* hardlinks_name(Hardlinks value);  // "none" | "torrents" | "outside"

template <class T>
struct DiskFact {
    std::optional<T> value;
    std::string reason;  // when !value: "metadata not loaded", "file missing", ...
};

// Unknown when the torrent's files are unknown, missing or unreadable, or the index is not
// complete (another torrent's files could be links of these).
DiskFact<int64_t> cross_seeds(const FileUsageIndex& index, const TorrentKey& key);
// "none" needs only the torrent's own files; "torrents"/"outside" need a complete index.
DiskFact<Hardlinks> hardlinks(const FileUsageIndex& index, const TorrentKey& key);

}  // namespace qbt::disk
