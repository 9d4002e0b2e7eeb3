// What the guard needs to know about torrents' files on disk (issue 15): the files a
// torrent uses, which other torrents (any instance sharing the disk) use each of them, and
// when that cannot be known. The engine answers from the job's file-usage index
// (host/disk); the unit tests from a fake.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace qbt::cleanup {

struct TorrentKey {
    std::string instance;
    std::string hash;
    bool operator==(const TorrentKey& o) const { return instance == o.instance && hash == o.hash; }
    bool operator<(const TorrentKey& o) const { return std::tie(instance, hash) < std::tie(o.instance, o.hash); }
};

struct UsedFile {
    std::string relative;    // as qBittorrent lists it: relative to the save path
    std::string local_path;  // on this machine (qbittorrent.path_map applied)
    uint64_t size = 0;
    bool exists = true;      // false: not on disk (never downloaded, already gone)
    uint64_t nlink = 1;      // hard links of the file
    uint64_t device = 0;
    uint64_t inode = 0;
    std::vector<TorrentKey> shared_with;  // the other torrents using this same file
};

// A torrent as torrents/info describes it (the recycle bin's record, messages).
struct TorrentFacts {
    std::string name;
    std::string save_path;        // qBittorrent's
    std::string local_save_path;  // on this machine
    std::string content_path;     // qBittorrent's
    std::string category;
    std::vector<std::string> tags;
    uint64_t size = 0;
};

class FileUsage {
public:
    virtual ~FileUsage() = default;
    // "" when every torrent in scope could be read; else why not (then no file of any
    // torrent can be judged: a torrent we could not read might use it).
    virtual std::string problem() const = 0;
    // The torrent's files; nullopt with `why` set when they cannot be judged (index
    // incomplete, file list unknown, a path unreadable).
    virtual std::optional<std::vector<UsedFile>> files_of(const TorrentKey& key, std::string& why) const = 0;
    // nullopt when the torrent is unknown.
    virtual std::optional<TorrentFacts> facts(const TorrentKey& key) const = 0;
};

}  // namespace qbt::cleanup
