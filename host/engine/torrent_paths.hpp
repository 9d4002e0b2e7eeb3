// What the file-usage index needs of a torrent from torrents/info: where its data is.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <string>
#include <vector>

namespace qbt::engine {

struct TorrentPaths {
    std::string hash;  // lower case
    std::string name;
    std::string save_path;      // qBittorrent's paths
    std::string download_path;  // where an incomplete torrent lives when set ("" = save_path)
    std::string content_path;
    std::string state;
    std::string category;
    std::string tags;  // "a, b" as qBittorrent sends it
    uint64_t total_size = 0;

    // The directory qBittorrent's file names are relative to: the download path while the
    // content is there, else the save path.
    const std::string& storage_path() const;
};

// From one torrents/info object; an object without a hash gives an empty hash.
TorrentPaths torrent_paths(const rapidjson::Value& info);
// Every torrent of a torrents/info answer (a JSON array); throws std::runtime_error when
// the body is not one.
std::vector<TorrentPaths> torrent_paths_of(const std::string& body);

}  // namespace qbt::engine
