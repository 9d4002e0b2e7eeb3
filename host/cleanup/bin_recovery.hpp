// Repairs what an interrupted recycle-bin operation left (a kill -9, a power cut): run at
// start and before a job's first recycle. A prepared entry whose torrent qBittorrent still
// lists is dropped (its data never left); every other staging entry is rolled forward
// (files moved in, entry finished); a restoring entry is rolled forward too (files moved
// back, the torrent re-added, the entry removed). So either the old place or the bin
// entry is complete, never both partial.
#pragma once

#include "cleanup/torrent_remover.hpp"
#include "disk/recycle_bin.hpp"

#include <string>
#include <vector>

namespace qbt::cleanup {

// One line per entry repaired or left for later (its instance unreachable), for the log.
std::vector<std::string> recover_bin(disk::RecycleBin& bin, const ApiFor& api_for);

// Whether qBittorrent lists `hash` (throws webapi::WebApiError when it cannot be asked).
bool is_listed(webapi::WebApi& api, const std::string& hash);

}  // namespace qbt::cleanup
