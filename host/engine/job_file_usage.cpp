#include "engine/job_file_usage.hpp"

namespace qbt::engine {

namespace {

// "/data/x/Show/e1.mkv" below "/data/x" -> "Show/e1.mkv"; "" when it is not below.
std::string relative_to(const std::string& path, const std::string& base) {
    if (!disk::has_path_prefix(path, base)) return "";
    std::string rest = path.substr(base.size());
    while (!rest.empty() && rest.front() == '/') rest.erase(0, 1);
    return rest;
}

}  // namespace

std::string JobFileUsage::problem() const {
    const disk::FileUsageIndex& index = index_.index();
    if (index.complete()) return "";
    return index.problems().empty() ? "the file-usage index is incomplete" : index.problems().front();
}

std::optional<std::vector<cleanup::UsedFile>> JobFileUsage::files_of(const cleanup::TorrentKey& key,
                                                                     std::string& why) const {
    if (std::string incomplete = problem(); !incomplete.empty()) {
        why = incomplete;  // a torrent we could not read might use any file
        return std::nullopt;
    }
    const disk::TorrentKey disk_key{key.instance, key.hash};
    auto files = index_.index().files_of(disk_key);
    const TorrentPaths* paths = index_.torrent(disk_key);
    if (!files || !paths) {
        const std::string reason = index_.index().unknown_reason(disk_key);
        why = reason.empty() ? "it is not in the file-usage index" : reason;
        return std::nullopt;
    }
    const std::string base = disk::normalize_path(index_.paths_of(key.instance).to_local(paths->storage_path()));
    std::vector<cleanup::UsedFile> out;
    for (const disk::UsedFile& f : *files) {
        if (f.stat.state == disk::FileStat::State::Unreadable) {
            why = f.path + " is " + f.stat.problem();
            return std::nullopt;
        }
        cleanup::UsedFile used;
        used.relative = relative_to(f.path, base);
        if (used.relative.empty()) {
            why = f.path + " is not below its save path " + base;
            return std::nullopt;
        }
        used.local_path = f.path;
        used.exists = f.stat.present();
        used.size = used.exists ? f.stat.size : f.size;
        used.nlink = f.stat.nlink;
        used.device = f.stat.dev;
        used.inode = f.stat.ino;
        for (const disk::TorrentKey& other : f.shared_with) used.shared_with.push_back({other.instance, other.hash});
        out.push_back(std::move(used));
    }
    return out;
}

cleanup::TorrentFacts JobFileUsage::facts_of(const TorrentPaths& paths, const std::string& instance) const {
    cleanup::TorrentFacts f;
    f.name = paths.name;
    f.save_path = paths.storage_path();  // where the files are now (the download path while incomplete)
    f.local_save_path = disk::normalize_path(index_.paths_of(instance).to_local(f.save_path));
    f.content_path = paths.content_path;
    f.category = paths.category;
    f.tags = split_tags(paths.tags);
    f.size = paths.total_size;
    return f;
}

std::optional<cleanup::TorrentFacts> JobFileUsage::facts(const cleanup::TorrentKey& key) const {
    if (key.instance == index_.instance())
        if (auto t = store_.find(key.hash)) return facts_of(torrent_paths(*store_.at(*t).info), key.instance);
    const TorrentPaths* paths = index_.torrent({key.instance, key.hash});
    if (!paths) return std::nullopt;
    return facts_of(*paths, key.instance);
}

}  // namespace qbt::engine
