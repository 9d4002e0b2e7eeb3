#include "cleanup/removal_plan.hpp"

#include <algorithm>
#include <deque>
#include <map>

namespace qbt::cleanup {

namespace {

std::string describe(const TorrentKey& key) { return key.instance + "/" + key.hash; }

// The cross-seed group of `start`: every torrent reachable through shared files. Fills
// `files` for each member; false (with `why`) when a member's files cannot be judged.
bool collect_group(const FileUsage& usage, const TorrentKey& start, const std::set<TorrentKey>& gone,
                   std::vector<TorrentKey>& order, std::map<TorrentKey, std::vector<UsedFile>>& files,
                   std::string& why) {
    std::deque<TorrentKey> queue{start};
    std::set<TorrentKey> seen{start};
    while (!queue.empty()) {
        const TorrentKey key = queue.front();
        queue.pop_front();
        std::string reason;
        auto list = usage.files_of(key, reason);
        if (!list) {
            why = key == start ? "its files cannot be judged: " + reason
                               : "cross-seed " + describe(key) + " cannot be judged: " + reason;
            return false;
        }
        order.push_back(key);
        for (const UsedFile& file : *list)
            for (const TorrentKey& other : file.shared_with)
                if (!gone.count(other) && seen.insert(other).second) queue.push_back(other);
        files[key] = std::move(*list);
    }
    return true;
}

}  // namespace

RemovalPlan plan_removal(const FileUsage& usage, const TorrentKey& key, bool delete_files, bool include_cross_seeds,
                         const std::set<TorrentKey>& gone) {
    RemovalPlan plan;
    auto facts = usage.facts(key);
    if (!facts) {
        plan.code = QBT_E_NOT_FOUND;
        plan.refused = "no torrent " + describe(key) + " in qBittorrent";
        return plan;
    }
    if (!delete_files && !include_cross_seeds) {  // the files stay: nothing to judge
        plan.torrents.push_back({key, *facts, {}, {}, ""});
        return plan;
    }
    std::vector<TorrentKey> members;
    std::map<TorrentKey, std::vector<UsedFile>> files;
    std::string why;
    bool judged = true;
    if (include_cross_seeds) {
        judged = collect_group(usage, key, gone, members, files, why);
    } else if (auto list = usage.files_of(key, why)) {
        files[key] = std::move(*list);
        members.push_back(key);
    } else {
        judged = false;
        why = "its files cannot be judged: " + why;
    }
    if (!judged) {
        plan.code = QBT_E_STATE;
        plan.refused = "not removed: " + why;
        return plan;
    }
    const std::set<TorrentKey> group(members.begin(), members.end());
    for (const TorrentKey& member : members) {
        TorrentRemoval removal;
        removal.key = member;
        auto member_facts = member == key ? facts : usage.facts(member);
        if (!member_facts) {
            plan.code = QBT_E_STATE;
            plan.refused = "not removed: cross-seed " + describe(member) + " is not listed by qBittorrent";
            plan.torrents.clear();
            return plan;
        }
        removal.facts = *member_facts;
        removal.group_of = member == key ? "" : key.hash;
        if (delete_files) {
            for (const UsedFile& file : files[member]) {
                std::vector<TorrentKey> outside;
                for (const TorrentKey& other : file.shared_with)
                    if (!group.count(other) && !gone.count(other)) outside.push_back(other);
                if (!outside.empty()) removal.kept.push_back({file.local_path, outside});
                else if (file.exists) removal.remove.push_back(file);
            }
        }
        plan.torrents.push_back(std::move(removal));
    }
    return plan;
}

uint64_t freed_bytes(const RemovalPlan& plan, std::optional<uint64_t> bin_device) {
    // Links of each (device, inode) the plan removes, and its size and link count.
    struct Inode {
        uint64_t size = 0;
        uint64_t nlink = 0;
        std::set<std::string> paths;
    };
    std::map<std::pair<uint64_t, uint64_t>, Inode> inodes;
    for (const TorrentRemoval& t : plan.torrents)
        for (const UsedFile& f : t.remove) {
            if (bin_device && *bin_device == f.device) continue;  // renamed into the bin: still on this disk
            Inode& inode = inodes[{f.device, f.inode}];
            inode.size = f.size;
            inode.nlink = f.nlink;
            inode.paths.insert(f.local_path);
        }
    uint64_t freed = 0;
    for (const auto& [id, inode] : inodes)
        if (inode.paths.size() >= inode.nlink) freed += inode.size;
    return freed;
}

}  // namespace qbt::cleanup
