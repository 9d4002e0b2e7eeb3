// qbittorrent.path_map: where a path qBittorrent reports is on this server's disk (Docker
// volumes mount the same files at other paths). Longest prefix wins; prefixes match whole
// path components only (/downloads maps /downloads/x, not /downloads2/x); paths no prefix
// covers are used as they are.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qbt::disk {

class PathMap {
public:
    PathMap() = default;  // identity
    // qBittorrent prefix -> local prefix (both absolute, as the config layer checked).
    explicit PathMap(const std::map<std::string, std::string>& prefixes);

    std::string to_local(std::string_view qbittorrent_path) const;
    // The way back (for paths qBittorrent must be told, e.g. a restore's save path).
    std::string to_qbittorrent(std::string_view local_path) const;
    // The local side of every prefix (what --validate and health check for readability).
    std::vector<std::string> local_roots() const;
    bool empty() const { return entries_.empty(); }

private:
    std::vector<std::pair<std::string, std::string>> entries_;  // normalised (from, to)
};

// "/a//b/./c/" -> "/a/b/c" (lexical: no symlinks resolved, ".." kept).
std::string normalize_path(std::string_view path);
// Whether `path` is `prefix` or below it, by whole components ("/" covers every path).
bool has_path_prefix(std::string_view path, std::string_view prefix);

}  // namespace qbt::disk
