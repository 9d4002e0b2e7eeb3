// The files of an instance's torrents for the file-usage index: a torrent whose (mapped)
// content_path is a regular file is that one file (one stat, no call); every other one
// costs a torrents/files call, all of them concurrently through WebApi::request_each.
#pragma once

#include "disk/file_stat.hpp"
#include "disk/file_usage_index.hpp"
#include "disk/path_map.hpp"
#include "engine/torrent_paths.hpp"
#include "webapi/web_api.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace qbt::engine {

struct FileListing {
    std::vector<disk::TorrentInput> torrents;  // in the order given
    uint64_t file_list_calls = 0;
};

// Never throws for a torrent's failure: its TorrentInput says why its files are unknown.
FileListing list_torrent_files(const std::string& instance, const std::vector<TorrentPaths>& torrents,
                               const disk::PathMap& paths, webapi::WebApi& api, disk::StatCounter& stats);

}  // namespace qbt::engine
