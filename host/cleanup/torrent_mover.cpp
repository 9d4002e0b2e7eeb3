#include "cleanup/torrent_mover.hpp"

#include <qbt/error.h>

#include <spdlog/spdlog.h>

#include <map>
#include <set>

namespace qbt::cleanup {

namespace {

std::string trimmed(std::string path) {
    while (path.size() > 1 && (path.back() == '/' || path.back() == '\\')) path.pop_back();
    return path;
}

// Why `key` may not move, or "" when it may.
std::string judge(const MoveContext& c, const TorrentKey& key) {
    std::string why;
    auto files = c.usage ? c.usage->files_of(key, why) : std::nullopt;
    if (!files) return "not moved: its files cannot be judged: " + (c.usage ? why : std::string("no file index"));
    std::set<TorrentKey> others;
    for (const UsedFile& f : *files) others.insert(f.shared_with.begin(), f.shared_with.end());
    if (others.empty()) return "";
    std::string names;
    for (const TorrentKey& other : others) {
        auto facts = c.usage->facts(other);
        if (!names.empty()) names += ", ";
        names += "'" + (facts ? facts->name : std::string("?")) + "' (" + other.instance + "/" + other.hash + ")";
    }
    return "not moved: it shares files with " + names;
}

}  // namespace

bool same_save_path(std::string a, std::string b) { return trimmed(std::move(a)) == trimmed(std::move(b)); }

std::vector<MoveRecord> move_torrents(const std::vector<std::string>& hashes, const std::vector<std::string>& locations,
                                      const MoveContext& c) {
    std::vector<MoveRecord> records(hashes.size());
    std::map<std::string, std::vector<size_t>> by_target;  // location -> torrents to move there
    for (size_t i = 0; i < hashes.size(); ++i) {
        MoveRecord& r = records[i];
        const TorrentKey key{c.instance, hashes[i]};
        r.torrent = {c.instance, hashes[i], ""};
        r.rule = c.rule;
        r.planned = c.dry_run;
        r.to = locations[i];
        auto facts = c.usage ? c.usage->facts(key) : std::nullopt;
        if (!facts) {
            r.code = QBT_E_NOT_FOUND;
            r.reason = c.usage ? "no such torrent in qBittorrent" : "no file index";
            continue;
        }
        r.torrent.name = facts->name;
        r.from = facts->save_path;
        if (locations[i].empty()) {
            r.code = QBT_E_INVALID;
            r.reason = "the target location is empty";
        } else if (same_save_path(facts->save_path, locations[i])) {
            continue;  // already there
        } else if (std::string why = judge(c, key); !why.empty()) {
            r.code = QBT_E_STATE;
            r.reason = why;
        } else {
            by_target[locations[i]].push_back(i);
        }
    }
    if (c.dry_run) return records;
    for (const auto& [target, members] : by_target) {
        std::string joined;
        for (size_t i : members) joined += (joined.empty() ? "" : "|") + hashes[i];
        std::string failure;
        try {
            webapi::Response r = c.api->request(
                {"POST", "torrents/setLocation", "", "hashes=" + webapi::url_encode(joined) + "&location=" + webapi::url_encode(target)});
            if (r.status < 200 || r.status >= 300)
                failure = "torrents/setLocation answered HTTP " + std::to_string(r.status) +
                          (r.body.empty() ? "" : ": " + r.body.substr(0, 120));
        } catch (const std::exception& e) {
            failure = e.what();
        }
        if (failure.empty()) continue;
        spdlog::error("job {}: moving {} torrent(s) to {} failed: {}", c.job_id, members.size(), target, failure);
        for (size_t i : members) {
            records[i].code = QBT_E_IO;
            records[i].reason = failure;
        }
    }
    return records;
}

}  // namespace qbt::cleanup
