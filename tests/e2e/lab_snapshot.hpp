// What the e2e tests compare in qBittorrent before and after a job: per torrent its
// tags, category, upload limit and whether it is paused (read with the lab's own client).
#pragma once

#include "qbt_lab.hpp"

#include <map>
#include <set>
#include <string>

namespace qbt::e2e {

struct TorrentState {
    std::string name;
    std::set<std::string> tags;
    std::string category;
    long up_limit = 0;
    std::string state;
    bool paused() const;  // pausedUP/pausedDL (4.x), stoppedUP/stoppedDL (5.x)

    // Equal in what rules change (not the transient state, only whether it is paused).
    bool same_as(const TorrentState& other) const {
        return name == other.name && tags == other.tags && category == other.category &&
               up_limit == other.up_limit && paused() == other.paused();
    }
};

using Snapshot = std::map<std::string, TorrentState>;  // by hash

// `torrents/info` of every torrent (or of `hashes`, "h1|h2").
Snapshot snapshot(testing::QbtLab& lab, const std::string& hashes = "");

// "" when equal, else a description of the first differences.
std::string differences(const Snapshot& before, const Snapshot& after);

}  // namespace qbt::e2e
