#include "cleanup/torrent_remover.hpp"

#include "disk/file_ops.hpp"
#include "disk/test_hooks.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

namespace qbt::cleanup {

namespace fs = std::filesystem;

namespace {

TorrentRef ref_of(const FileUsage* usage, const TorrentKey& key) {
    std::string name;
    if (usage)
        if (auto facts = usage->facts(key)) name = facts->name;
    return {key.instance, key.hash, name};
}

webapi::Response post(webapi::WebApi& api, const char* endpoint, const std::string& form) {
    webapi::Response response = api.request({"POST", endpoint, "", form});
    if (response.status < 200 || response.status >= 300)
        throw std::runtime_error(std::string(endpoint) + " answered HTTP " + std::to_string(response.status));
    return response;
}

void delete_from_qbittorrent(webapi::WebApi& api, const std::string& hash, bool delete_files) {
    post(api, "torrents/delete", "hashes=" + hash + "&deleteFiles=" + (delete_files ? "true" : "false"));
    if (!wait_until_gone(api, hash)) throw std::runtime_error("qBittorrent still lists the torrent after torrents/delete");
}

// Our own removal of the files no other torrent uses (the torrent already left qBittorrent).
void remove_files(const TorrentRemoval& t) {
    const fs::path save(t.facts.local_save_path);
    for (const UsedFile& f : t.remove) disk::remove_file(f.local_path);
    for (const UsedFile& f : t.remove) disk::remove_empty_dirs(fs::path(f.local_path).parent_path(), save);
}

disk::BinRecord bin_record(const TorrentRemoval& t, const RemoveContext& c) {
    disk::BinRecord r;
    r.hash = t.key.hash;
    r.name = t.facts.name;
    r.instance = t.key.instance;
    r.save_path = t.facts.save_path;
    r.local_save_path = t.facts.local_save_path;
    r.content_layout = content_layout_of(t.facts);
    r.tags = t.facts.tags;
    r.category = t.facts.category;
    r.deleted_at = c.now;
    r.rule = c.rule;
    r.job = c.job_id;
    for (const UsedFile& f : t.remove) r.files.push_back({f.relative, f.size});
    return r;
}

// Phase one of a torrent's removal: it leaves qBittorrent. With the recycle bin its
// staging entry (the .torrent and what it was) is made first; qBittorrent deletes the
// files itself only when nothing is kept, no bin applies and it is alone in its plan.
struct Leaving {
    const TorrentRemoval* torrent = nullptr;
    std::optional<disk::BinEntry> entry;
    bool files_left_to_us = false;  // we remove (or recycle) its files in phase two
};

void leave_qbittorrent(webapi::WebApi& api, Leaving& leaving, const plugin::RemoveOptions& options,
                       const RemoveContext& c, bool alone) {
    const TorrentRemoval& t = *leaving.torrent;
    if (options.delete_files && options.recycle && c.bin) {
        webapi::Response exported = post(api, "torrents/export", "hash=" + t.key.hash);
        if (exported.body.empty()) throw std::runtime_error("torrents/export gave an empty .torrent");
        leaving.entry = c.bin->prepare(bin_record(t, c), exported.body);
        disk::test_pause("QBT_TEST_RECYCLE_PAUSE_PREPARED_MS", "recycle entry of " + t.key.hash + " prepared");
        try {
            delete_from_qbittorrent(api, t.key.hash, false);
        } catch (...) {
            // Still (or maybe still) in qBittorrent: the data never left, the entry goes. If
            // the delete did happen after all, the files simply stay where they were.
            c.bin->drop(*leaving.entry);
            throw;
        }
        leaving.files_left_to_us = true;
    } else if (options.delete_files && t.kept.empty() && alone) {
        // Nothing shared: qBittorrent deletes the files, but in the background once the
        // torrent has left its list. Phase two removes what is still there, so the job's
        // record is true on disk when the job ends (a file already gone is not an error).
        delete_from_qbittorrent(api, t.key.hash, true);
        leaving.files_left_to_us = true;
    } else {
        delete_from_qbittorrent(api, t.key.hash, false);
        leaving.files_left_to_us = options.delete_files;
    }
}

// Phase two: its files that no torrent still in qBittorrent uses go (into the bin).
void remove_or_recycle_files(Leaving& leaving, const RemoveContext& c, const std::set<TorrentKey>& stayed,
                             RemovalRecord& record) {
    TorrentRemoval t = *leaving.torrent;
    std::erase_if(t.remove, [&](const UsedFile& f) {  // a group member that could not leave still uses it
        for (const TorrentKey& other : f.shared_with)
            if (stayed.count(other)) return true;
        return false;
    });
    if (leaving.entry) {
        disk::BinEntry& entry = *leaving.entry;
        entry.record.files.clear();
        for (const UsedFile& f : t.remove) entry.record.files.push_back({f.relative, f.size});
        c.bin->set_state(entry, disk::kBinMoving);
        c.bin->move_in(entry);
        c.bin->finish(entry);
        record.recycled_to = entry.dir.string();
    } else {
        remove_files(t);
    }
}

}  // namespace

std::string content_layout_of(const TorrentFacts& facts) {
    std::string save = facts.save_path;
    while (save.size() > 1 && (save.back() == '/' || save.back() == '\\')) save.pop_back();
    std::string content = facts.content_path;
    if (content.rfind(save, 0) != 0) return "Original";
    std::string rest = content.substr(save.size());
    while (!rest.empty() && (rest.front() == '/' || rest.front() == '\\')) rest.erase(0, 1);
    if (rest.empty()) return "NoSubfolder";
    return rest.find_first_of("/\\") == std::string::npos ? "Original" : "Subfolder";
}

bool wait_until_gone(webapi::WebApi& api, const std::string& hash) {
    for (int attempt = 0; attempt < 30; ++attempt) {
        webapi::Response listed = api.request({"GET", "torrents/info", "hashes=" + hash, ""});
        if (listed.status == 200 && listed.body.find(hash) == std::string::npos) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

std::vector<RemovalRecord> carry_out(const RemovalPlan& plan, const plugin::RemoveOptions& options,
                                     const RemoveContext& c) {
    std::vector<RemovalRecord> records;
    std::vector<Leaving> leaving(plan.torrents.size());
    const bool use_bin = options.delete_files && options.recycle && c.bin != nullptr;
    for (size_t i = 0; i < plan.torrents.size(); ++i) {
        const TorrentRemoval& t = plan.torrents[i];
        leaving[i].torrent = &t;
        RemovalRecord record;
        record.torrent = {t.key.instance, t.key.hash, t.facts.name};
        record.rule = c.rule;
        record.group_of = t.group_of;
        record.planned = c.dry_run;
        record.delete_files = options.delete_files;
        for (const KeptFile& k : t.kept) {
            KeptRecord kept{k.path, {}};
            for (const TorrentKey& other : k.shared_with) kept.shared_with.push_back(ref_of(c.usage, other));
            record.kept.push_back(std::move(kept));
        }
        for (const UsedFile& f : t.remove) {
            ++record.files_removed;
            record.bytes_removed += f.size;
        }
        if (c.dry_run && use_bin) record.recycled_to = (c.bin->dir() / (t.key.hash + "-<time>")).string();
        records.push_back(std::move(record));
    }
    if (!c.dry_run) {
        // Every torrent of a group leaves qBittorrent before any file goes: a member that
        // cannot leave keeps every file it uses.
        std::set<TorrentKey> stayed;
        for (size_t i = 0; i < leaving.size(); ++i) {
            try {
                webapi::WebApi* api = c.api_for ? c.api_for(plan.torrents[i].key.instance) : nullptr;
                if (!api) throw std::runtime_error("qBittorrent instance '" + plan.torrents[i].key.instance +
                                                   "' is not configured");
                leave_qbittorrent(*api, leaving[i], options, c, plan.torrents.size() == 1);
            } catch (const std::exception& e) {
                stayed.insert(plan.torrents[i].key);
                records[i].code = QBT_E_IO;
                records[i].reason = e.what();
            }
        }
        for (size_t i = 0; i < leaving.size(); ++i) {
            if (records[i].code != QBT_OK || !leaving[i].files_left_to_us) continue;
            try {
                remove_or_recycle_files(leaving[i], c, stayed, records[i]);
            } catch (const std::exception& e) {
                records[i].code = QBT_E_IO;
                records[i].reason = std::string("removed from qBittorrent, but its files: ") + e.what() +
                                    (leaving[i].entry ? " (the recycle bin's recovery finishes the move)" : "");
            }
        }
    }
    // Bytes freed, attributed torrent by torrent (a file shared inside the group counts once).
    const std::optional<uint64_t> bin_device = use_bin ? c.bin_device : std::nullopt;
    RemovalPlan done_so_far;
    uint64_t freed_before = 0;
    for (size_t i = 0; i < records.size(); ++i) {
        if (records[i].code != QBT_OK) {
            spdlog::error("job {}: removing torrent {} ({}) failed: {}", c.job_id, records[i].torrent.hash,
                          records[i].torrent.name, records[i].reason);
            continue;
        }
        done_so_far.torrents.push_back(plan.torrents[i]);
        const uint64_t freed = options.delete_files ? freed_bytes(done_so_far, bin_device) : 0;
        records[i].bytes_freed = freed - freed_before;
        freed_before = freed;
    }
    return records;
}

}  // namespace qbt::cleanup
