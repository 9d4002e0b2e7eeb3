// The job's file-usage index (host/disk), built the first time something needs it (a disk
// fact, a delete with files, a move, an orphan scan) and then kept for the job: this
// instance's torrents come from the job's TorrentStore (or one torrents/info when the job
// is for one hash), other instances' from one torrents/info each through their clients;
// their files from torrent_file_lister. Instances with shares_disk: false are left out.
// Counts for the job result: stat calls, file-list calls, milliseconds.
#pragma once

#include "disk/disk_facts.hpp"
#include "disk/file_usage_index.hpp"
#include "engine/disk_scope.hpp"
#include "engine/torrent_paths.hpp"
#include "engine/torrent_store.hpp"
#include "webapi/web_api.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace qbt::engine {

// info.cross_seeds and info.hardlinks of one torrent (each a value or why it is unknown).
struct DiskFactsRow {
    disk::DiskFact<int64_t> cross_seeds;
    disk::DiskFact<disk::Hardlinks> hardlinks;
};

class JobDiskIndex {
public:
    // `scope` may be null or lack this instance (an engine built alone): this instance is
    // then in scope with its own client and no path map. `store_has_all` is false for a job
    // about one hash (the store then holds just that torrent).
    JobDiskIndex(const DiskScope* scope, std::string instance, webapi::WebApi& api, const TorrentStore& store,
                 bool store_has_all);

    // Builds on the first call (never throws: problems are in the index).
    const disk::FileUsageIndex& index();
    bool built() const { return index_ != nullptr; }
    // The torrents/info paths of an indexed torrent of any instance (nullptr when unknown).
    const TorrentPaths* torrent(const disk::TorrentKey& key);
    // The path map of an instance in scope (identity for an unknown name).
    const disk::PathMap& paths_of(const std::string& instance) const;
    const std::string& instance() const { return instance_; }
    // Every instance in scope (with its client), and every indexed torrent's paths (after
    // index() was built).
    const DiskScope& scope() const { return *scope_; }
    const std::map<disk::TorrentKey, TorrentPaths>& torrents() const { return torrents_; }

    // The disk facts of one of this job's torrents (builds the index when needed).
    DiskFactsRow facts(const std::string& hash);

    // {"stat_calls", "file_list_calls", "ms", "torrents", "files", "complete", "problems"}.
    std::string stats_json() const;

private:
    void build();
    std::vector<TorrentPaths> own_torrents();

    DiskScope own_scope_;  // when the engine was given none
    const DiskScope* scope_;
    std::string instance_;
    webapi::WebApi& api_;
    const TorrentStore& store_;
    bool store_has_all_;
    bool shares_disk_ = true;
    std::unique_ptr<disk::FileUsageIndex> index_;
    std::map<disk::TorrentKey, TorrentPaths> torrents_;
    disk::StatCounter stats_;
    uint64_t file_list_calls_ = 0;
    double ms_ = 0;
};

}  // namespace qbt::engine
