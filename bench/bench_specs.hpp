// The job bench's torrent population: varied names, sizes, categories, tags and trackers
// (all on the bench tracker at 127.0.0.1) so the default rules match a realistic share.
#pragma once

#include "qbt_lab.hpp"

#include <vector>

namespace qbt::bench {

// Shares, by index i: 1 in 7 on a "private" tracker path, 1 in 7 on a distro tracker path,
// 1 in 40 on a tracker that answers "unregistered torrent"; 1 in 10 named like a Linux
// image; categories "", movies, tv, keep; tags keep/old/private on some; 1 in 20 paused.
std::vector<testing::TorrentSpec> bench_specs(int count, int tracker_port);

// How many of bench_specs(count) announce to the "unregistered" tracker (and are not paused).
int expected_gone(int count);

}  // namespace qbt::bench
