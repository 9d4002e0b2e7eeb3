// Where an orphan scan looks: for every instance sharing the disk, qBittorrent's default
// save path (and its incomplete-files path when enabled), every category's save path and
// every torrent's save (and download) path, each through the instance's path map.
#pragma once

#include "engine/job_disk_index.hpp"

#include <string>
#include <vector>

namespace qbt::engine {

// `disk` must have built its index. Instances that do not answer add a problem; "/" is
// never a root (a save path there would make the whole machine "orphans").
std::vector<std::string> orphan_roots(JobDiskIndex& disk, std::vector<std::string>& problems);

}  // namespace qbt::engine
