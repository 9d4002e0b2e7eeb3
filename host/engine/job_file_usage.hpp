// The job's view of which torrent uses which file on disk (cleanup::FileUsage), built
// lazily the first time a removal or move needs it, once per job.
//
// INTERIM (issue 15, until host/disk's file-usage index lands): it reads the job's own
// instance only (every torrent: torrents/info, torrents/files for those whose
// content_path is not a regular file, one stat per file) with no path_map; files are
// shared when their paths or (device, inode) are equal.
#pragma once

#include "cleanup/file_usage.hpp"
#include "engine/torrent_store.hpp"
#include "webapi/web_api.hpp"

#include <map>
#include <memory>
#include <string>

namespace qbt::engine {

class JobFileUsage : public cleanup::FileUsage {
public:
    JobFileUsage(const TorrentStore& store, webapi::WebApi& api, std::string instance);
    ~JobFileUsage() override;

    std::string problem() const override;
    std::optional<std::vector<cleanup::UsedFile>> files_of(const cleanup::TorrentKey& key,
                                                           std::string& why) const override;
    std::optional<cleanup::TorrentFacts> facts(const cleanup::TorrentKey& key) const override;

    // Counts for the job result: {"stat_calls", "file_list_calls", "ms"}; null before use.
    bool built() const { return index_ != nullptr; }
    std::string stats_json() const;

    struct Index;

private:
    const Index& index() const;  // builds it on first use

    const TorrentStore& store_;
    webapi::WebApi& api_;
    std::string instance_;
    mutable std::unique_ptr<Index> index_;
};

}  // namespace qbt::engine
