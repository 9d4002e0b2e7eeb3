// Restore (a job with the reserved context `restore`, or `qbt-rules --restore HASH`): the
// newest recycle-bin entry of a hash goes back where it was, never overwriting a file, and
// the torrent is added again from its .torrent (same save path, category, tags, content
// layout, started, with a hash check). qBittorrent checks it; nothing waits for the check.
#pragma once

#include "cleanup/torrent_remover.hpp"
#include "disk/recycle_bin.hpp"
#include "webapi/web_api.hpp"

#include <string>
#include <utility>

namespace qbt::cleanup {

struct RestoreOutcome {
    bool ok = false;
    std::string error;        // why not, when !ok
    std::string result_json;  // {"restore": {...}} when ok
};

// `instance`: the job's; an entry of another instance is refused (naming it). Dry run:
// lists what would move back, changes nothing.
RestoreOutcome restore_torrent(disk::RecycleBin& bin, const std::string& hash, const std::string& instance,
                               const ApiFor& api_for, bool dry_run);

// For an entry in state restoring: moves its files back, adds the torrent unless
// qBittorrent lists it already, removes the entry. Throws on failure (the entry stays,
// still restoring, for the next attempt).
void finish_restore(disk::RecycleBin& bin, disk::BinEntry& entry, webapi::WebApi& api);

// The multipart torrents/add request for an entry: {body, content type}.
std::pair<std::string, std::string> add_request_body(const disk::BinEntry& entry, const std::string& torrent_file);

}  // namespace qbt::cleanup
