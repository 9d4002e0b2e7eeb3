#include "disk/disk_facts.hpp"

namespace qbt::disk {
namespace {

constexpr const char* kIncomplete = "file-usage index incomplete";

// The reason the torrent's own files stop a fact, or "" with `files` set.
std::string own_files(const FileUsageIndex& index, const TorrentKey& key, std::vector<UsedFile>& files) {
    if (!index.contains(key)) return "torrent not in the file-usage index";
    if (auto reason = index.unknown_reason(key); !reason.empty()) return reason;
    files = *index.files_of(key);
    for (const UsedFile& file : files) {
        if (file.stat.state == FileStat::State::Unreadable) return "file unreadable";
        // A file the torrent does not download may rightly be absent.
        if (file.stat.state == FileStat::State::Missing && file.wanted) return "file missing";
    }
    return "";
}

}  // namespace

const char* hardlinks_name(Hardlinks value) {
    switch (value) {
        case Hardlinks::None: return "none";
        case Hardlinks::Torrents: return "torrents";
        case Hardlinks::Outside: return "outside";
    }
    return "none";
}

DiskFact<int64_t> cross_seeds(const FileUsageIndex& index, const TorrentKey& key) {
    std::vector<UsedFile> files;
    if (auto reason = own_files(index, key, files); !reason.empty()) return {std::nullopt, reason};
    if (!index.complete()) return {std::nullopt, kIncomplete};
    return {static_cast<int64_t>(index.sharers(key).size()), ""};
}

DiskFact<Hardlinks> hardlinks(const FileUsageIndex& index, const TorrentKey& key) {
    std::vector<UsedFile> files;
    if (auto reason = own_files(index, key, files); !reason.empty()) return {std::nullopt, reason};
    bool linked = false;
    for (const UsedFile& file : files) linked = linked || (file.stat.present() && file.stat.nlink > 1);
    if (!linked) return {Hardlinks::None, ""};
    if (!index.complete()) return {std::nullopt, kIncomplete};
    for (const UsedFile& file : files)
        if (file.stat.present() && file.stat.nlink > index.known_links(file.path)) return {Hardlinks::Outside, ""};
    return {Hardlinks::Torrents, ""};
}

}  // namespace qbt::disk
