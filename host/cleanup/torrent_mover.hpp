// move_torrents (and a raw torrents/setLocation): a torrent goes to its new save path
// only when none of its files is used by another torrent (qBittorrent would move the
// shared file away from the other torrent). qBittorrent moves the data itself.
#pragma once

#include "cleanup/cleanup_log.hpp"
#include "cleanup/file_usage.hpp"
#include "webapi/web_api.hpp"

#include <string>
#include <vector>

namespace qbt::cleanup {

struct MoveContext {
    webapi::WebApi* api = nullptr;  // the job's instance
    std::string instance;
    const FileUsage* usage = nullptr;
    std::string job_id;
    std::string rule;
    bool dry_run = false;
};

// One record per hash, in order: done (or planned), already there (done, from == to), or
// refused (shares a file, cannot be judged, unknown torrent, qBittorrent refused).
std::vector<MoveRecord> move_torrents(const std::vector<std::string>& hashes, const std::vector<std::string>& locations,
                                      const MoveContext& context);

// "/data/tv/" and "/data/tv" are the same save path.
bool same_save_path(std::string a, std::string b);

}  // namespace qbt::cleanup
