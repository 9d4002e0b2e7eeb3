// FileUsageIndex: adding torrents and the read-only queries (finish() is in index_finish.cpp).
#include "disk/file_usage_index.hpp"

#include <algorithm>
#include <stdexcept>

#include "disk/path_map.hpp"

namespace qbt::disk {
namespace {
constexpr size_t kMaxProblems = 50;
}

void FileUsageIndex::note_problem(std::string problem) {
    if (problems_.size() < kMaxProblems) problems_.push_back(std::move(problem));
    else ++problems_dropped_;
}

void FileUsageIndex::add_problem(std::string problem) {
    complete_ = false;
    note_problem(std::move(problem));
}

void FileUsageIndex::add_torrent(TorrentInput torrent) {
    if (finished_) throw std::logic_error("FileUsageIndex::add_torrent after finish()");
    if (by_key_.count(torrent.key)) return;  // listed twice by qBittorrent: once is enough
    const auto id = static_cast<uint32_t>(torrents_.size());
    by_key_.emplace(torrent.key, id);
    TorrentNode node;
    if (!torrent.unknown_reason.empty()) {
        if (torrent.may_have_files)
            add_problem("files of " + torrent.key.to_string() + " (" + torrent.name + ") unknown: " +
                        torrent.unknown_reason);
        torrent.files.clear();
    }
    for (auto& file : torrent.files) {
        file.path = normalize_path(file.path);
        auto [it, added] = by_path_.emplace(file.path, static_cast<uint32_t>(files_.size()));
        if (added) files_.push_back(FileNode{file.path, {}, {}, UINT32_MAX, false});
        FileNode& shared = files_[it->second];
        if (file.stat && !shared.stated) {
            shared.stat = *file.stat;
            shared.stated = true;
        }
        if (shared.users.empty() || shared.users.back() != id) shared.users.push_back(id);
        node.files.push_back(it->second);
    }
    node.input = std::move(torrent);
    torrents_.push_back(std::move(node));
}

const FileUsageIndex::TorrentNode* FileUsageIndex::find(const TorrentKey& key) const {
    auto it = by_key_.find(key);
    return it == by_key_.end() ? nullptr : &torrents_[it->second];
}

std::string FileUsageIndex::unknown_reason(const TorrentKey& key) const {
    const TorrentNode* node = find(key);
    return node ? node->input.unknown_reason : "";
}

std::vector<uint32_t> FileUsageIndex::sharing_torrents(uint32_t file, uint32_t self) const {
    std::vector<uint32_t> out;
    auto take = [&](const FileNode& node) {
        for (uint32_t user : node.users)
            if (user != self) out.push_back(user);
    };
    const FileNode& node = files_[file];
    if (node.group == UINT32_MAX) take(node);
    else
        for (uint32_t member : groups_[node.group].files) take(files_[member]);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::optional<std::vector<UsedFile>> FileUsageIndex::files_of(const TorrentKey& key) const {
    auto it = by_key_.find(key);
    if (it == by_key_.end() || !torrents_[it->second].input.unknown_reason.empty()) return std::nullopt;
    const TorrentNode& node = torrents_[it->second];
    std::vector<UsedFile> out;
    out.reserve(node.files.size());
    for (size_t i = 0; i < node.files.size(); ++i) {
        const TorrentFileInput& input = node.input.files[i];
        UsedFile used{files_[node.files[i]].path, input.size, input.wanted, files_[node.files[i]].stat, {}};
        for (uint32_t other : sharing_torrents(node.files[i], it->second)) used.shared_with.push_back(torrents_[other].input.key);
        out.push_back(std::move(used));
    }
    return out;
}

std::vector<TorrentKey> FileUsageIndex::sharers(const TorrentKey& key) const {
    auto it = by_key_.find(key);
    if (it == by_key_.end()) return {};
    std::vector<uint32_t> ids;
    for (uint32_t file : torrents_[it->second].files) {
        auto more = sharing_torrents(file, it->second);
        ids.insert(ids.end(), more.begin(), more.end());
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::vector<TorrentKey> keys;
    for (uint32_t id : ids) keys.push_back(torrents_[id].input.key);
    std::sort(keys.begin(), keys.end());
    return keys;
}

bool FileUsageIndex::in_use(const std::string& local_path, const FileStat& stat) const {
    if (by_path_.count(normalize_path(local_path))) return true;
    return stat.present() && by_inode_.count({stat.dev, stat.ino}) > 0;
}

uint64_t FileUsageIndex::known_links(const std::string& local_path) const {
    auto it = by_path_.find(normalize_path(local_path));
    if (it == by_path_.end() || files_[it->second].group == UINT32_MAX) return 0;
    return groups_[files_[it->second].group].links;
}

}  // namespace qbt::disk
