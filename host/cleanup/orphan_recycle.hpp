// engine.orphans.action recycle: files no torrent uses go into the recycle bin instead of
// being deleted, one entry per scanned folder (hash "orphans": there is no torrent to add
// again, so --restore does not apply; the files are in the entry's data/ folder at their
// paths below that folder, kept for engine.recycle_bin.keep like any entry).
#pragma once

#include "disk/recycle_bin.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace qbt::cleanup {

inline constexpr const char* kOrphansEntryHash = "orphans";

// `files`: local paths below `root` (each already checked to be the orphan the scan saw).
// Returns the entry's folder. Throws disk::FileError (the bin's recovery finishes an
// interrupted move).
std::string recycle_orphans(disk::RecycleBin& bin, const std::string& instance, const std::string& job_id,
                            const std::string& root, const std::vector<std::pair<std::string, uint64_t>>& files,
                            int64_t now);

}  // namespace qbt::cleanup
