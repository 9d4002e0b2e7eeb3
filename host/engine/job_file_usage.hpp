// The file guard's view of the disk (cleanup::FileUsage) over the job's file-usage index
// (engine/job_disk_index.hpp): which files a torrent uses, which other torrents of any
// instance use each, and the torrent's paths. Facts of the job's own torrents come from its
// TorrentStore, so a removal that keeps the files never builds the index.
#pragma once

#include "cleanup/file_usage.hpp"
#include "engine/job_disk_index.hpp"
#include "engine/torrent_store.hpp"

namespace qbt::engine {

class JobFileUsage : public cleanup::FileUsage {
public:
    JobFileUsage(JobDiskIndex& index, const TorrentStore& store) : index_(index), store_(store) {}

    std::string problem() const override;
    std::optional<std::vector<cleanup::UsedFile>> files_of(const cleanup::TorrentKey& key,
                                                           std::string& why) const override;
    std::optional<cleanup::TorrentFacts> facts(const cleanup::TorrentKey& key) const override;

private:
    cleanup::TorrentFacts facts_of(const TorrentPaths& paths, const std::string& instance) const;

    JobDiskIndex& index_;
    const TorrentStore& store_;
};

}  // namespace qbt::engine
