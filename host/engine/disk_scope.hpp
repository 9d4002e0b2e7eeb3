// The qBittorrent instances whose torrents the file-usage index covers: every configured
// instance, each with its client, its path map and whether it shares this server's disk
// (qbittorrent.shares_disk). InstanceEngines builds one for all its engines.
#pragma once

#include "disk/path_map.hpp"
#include "webapi/web_api.hpp"

#include <string>
#include <vector>

namespace qbt::engine {

struct DiskInstance {
    std::string name;
    webapi::WebApi* api = nullptr;  // owned by InstanceEngines
    disk::PathMap paths;
    bool shares_disk = true;
};

using DiskScope = std::vector<DiskInstance>;

}  // namespace qbt::engine
