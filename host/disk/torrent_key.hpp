// A torrent of any configured qBittorrent instance: which instance, which hash.
#pragma once

#include <compare>
#include <string>

namespace qbt::disk {

struct TorrentKey {
    std::string instance;  // the configured instance name ("default" for the single form)
    std::string hash;      // the API hash, lower case

    auto operator<=>(const TorrentKey&) const = default;
    bool operator==(const TorrentKey&) const = default;
    std::string to_string() const { return instance + "/" + hash; }
};

}  // namespace qbt::disk
