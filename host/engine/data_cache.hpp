// Per-job cache of the lazily fetched data spaces (everything but info). Nothing is
// fetched until the evaluator asks; each batch of needs becomes ONE request_many call
// (concurrent, bounded inside WebApi). Values live in one memory pool for the job.
// Tracker rows that came with torrents/info (includeTrackers) are ready from the start.
#pragma once

#include "engine/data_space.hpp"
#include "engine/job_disk_index.hpp"
#include "engine/torrent_store.hpp"
#include "webapi/web_api.hpp"

#include <rapidjson/document.h>

#include <array>
#include <string>
#include <utility>
#include <vector>

namespace qbt::engine {

enum class SlotState : uint8_t { NotFetched, Ready, Failed };

struct FetchNeed {
    size_t torrent;  // ignored for transfer/app
    Space space;
};

class DataCache {
public:
    DataCache(webapi::WebApi& api, const TorrentStore& torrents);

    // Answer trackers.url for all torrents from one sync/maindata call (allowed only
    // when the rules read no other trackers.* key and the job covers all torrents).
    void allow_maindata_tracker_urls(bool allowed) { maindata_allowed_ = allowed; }
    // Where the disk space (info.cross_seeds, info.hardlinks) comes from; without one its
    // fields are unknown. The index is built at the first disk need, not before.
    void set_disk_index(JobDiskIndex* index) { disk_index_ = index; }

    SlotState state(size_t torrent, Space space) const;
    // The space's value: object (properties/transfer/app) or array of objects (the
    // collections). Only valid when state() == Ready.
    const rapidjson::Value& value(size_t torrent, Space space) const;
    // The disk facts of a torrent; only valid when state(torrent, Space::Disk) == Ready.
    const DiskFactsRow& disk_facts(size_t torrent) const { return disk_rows_.at(torrent); }

    // Fetch every need not yet fetched (one request_many). Returns the failures, one
    // line each ("torrents/files for <hash>: HTTP 404"), for the caller to count and log.
    std::vector<std::string> fetch(const std::vector<FetchNeed>& needs);

private:
    struct Slot {
        SlotState state = SlotState::NotFetched;
        rapidjson::Value value;
        const rapidjson::Value* borrowed = nullptr;  // the store's rows (TorrentRecord::trackers)
    };
    Slot& slot(size_t torrent, Space space);
    const Slot& slot(size_t torrent, Space space) const;
    bool store(Slot& slot, Space space, const webapi::Response& response, std::string& error);
    std::string fill_tracker_urls_from_maindata();  // "" or the failure
    std::string fill_disk_facts(const std::vector<size_t>& torrents);  // "" or the failure

    webapi::WebApi& api_;
    const TorrentStore& torrents_;
    rapidjson::MemoryPoolAllocator<> pool_;     // the job's kept values
    rapidjson::MemoryPoolAllocator<> scratch_;  // one answer while it is parsed
    std::array<Slot, 3> global_;                   // transfer, app, server state
    std::vector<std::array<Slot, 6>> per_torrent_;  // properties trackers files peers webseeds disk
    std::vector<DiskFactsRow> disk_rows_;           // sized at the first disk need
    bool maindata_allowed_ = false;
    JobDiskIndex* disk_index_ = nullptr;
};

}  // namespace qbt::engine
