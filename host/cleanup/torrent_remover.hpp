// Carries out a removal plan (cleanup/removal_plan.hpp) against qBittorrent and the disk:
// each torrent leaves qBittorrent, and its files that no other torrent uses are deleted,
// or moved into the recycle bin (disk/recycle_bin.hpp) with its .torrent and what it was.
// In a dry run nothing changes and the records say what would happen.
#pragma once

#include "cleanup/cleanup_log.hpp"
#include "cleanup/removal_plan.hpp"
#include "disk/recycle_bin.hpp"
#include "plugin/file_guard.hpp"
#include "webapi/web_api.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace qbt::cleanup {

// Each configured instance's Web API client; nullptr for a name that is not configured.
using ApiFor = std::function<webapi::WebApi*(const std::string& instance)>;

struct RemoveContext {
    ApiFor api_for;
    const FileUsage* usage = nullptr;   // names of the torrents kept files are shared with
    disk::RecycleBin* bin = nullptr;    // nullptr: no recycle bin configured
    std::optional<uint64_t> bin_device; // the bin folder's device (what a rename into it frees)
    std::string job_id;
    std::string rule;
    bool dry_run = false;
    int64_t now = 0;                    // unix seconds: the bin entries' deleted_at
};

// One record per torrent of the plan, in order. Never throws for one torrent's failure.
std::vector<RemovalRecord> carry_out(const RemovalPlan& plan, const plugin::RemoveOptions& options,
                                     const RemoveContext& context);

// The torrents/add contentLayout that puts a torrent's files where they were:
// content_path == save_path -> NoSubfolder; one level below -> Original; deeper (a single
// file in a folder of its own) -> Subfolder.
std::string content_layout_of(const TorrentFacts& facts);

// Waits (<= ~3 s) until torrents/info no longer lists `hash`; false when it still does.
bool wait_until_gone(webapi::WebApi& api, const std::string& hash);

}  // namespace qbt::cleanup
