// FileUsageIndex::finish: one stat per distinct path, paths grouped by inode, and the
// distinct directory entries (real links) of inodes seen at several paths.
#include <set>
#include <tuple>

#include "disk/file_usage_index.hpp"

namespace qbt::disk {
namespace {

std::string parent_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string leaf_of(const std::string& path) { return path.substr(path.rfind('/') + 1); }

}  // namespace

void FileUsageIndex::finish(StatCounter& stats) {
    if (finished_) return;
    finished_ = true;
    for (auto& file : files_) {
        if (!file.stated) {
            file.stat = stats.stat(file.path);
            file.stated = true;
        }
        if (file.stat.state == FileStat::State::Unreadable) {
            // Its inode is unknown: it could be a link of any other torrent's file.
            add_problem(file.path + ": " + file.stat.problem());
        }
    }
    for (uint32_t i = 0; i < files_.size(); ++i) {
        FileNode& file = files_[i];
        if (!file.stat.present()) continue;
        auto [it, added] = by_inode_.emplace(std::make_pair(file.stat.dev, file.stat.ino),
                                             static_cast<uint32_t>(groups_.size()));
        if (added) groups_.push_back({});
        file.group = it->second;
        groups_[it->second].files.push_back(i);
    }
    std::unordered_map<std::string, FileStat> dirs;
    for (auto& group : groups_) count_links(group, stats, dirs);
    if (problems_dropped_ > 0) problems_.push_back("... and " + std::to_string(problems_dropped_) + " more");
}

void FileUsageIndex::count_links(InodeGroup& group, StatCounter& stats,
                                 std::unordered_map<std::string, FileStat>& dirs) {
    if (group.files.size() == 1) {
        group.links = 1;
        return;
    }
    // A link is a directory entry: (the directory's inode, the name). A bind mount or a
    // symlinked directory shows the same entry at two paths; a hard link is another entry.
    std::set<std::tuple<uint64_t, uint64_t, std::string>> entries;
    std::set<std::string> unresolved;  // parents that did not stat: counted by path
    for (uint32_t member : group.files) {
        const std::string& path = files_[member].path;
        const std::string parent = parent_of(path);
        auto it = dirs.find(parent);
        if (it == dirs.end()) it = dirs.emplace(parent, stats.stat(parent)).first;
        if (it->second.present()) entries.emplace(it->second.dev, it->second.ino, leaf_of(path));
        else unresolved.insert(path);
    }
    group.links = entries.size() + unresolved.size();
}

}  // namespace qbt::disk
