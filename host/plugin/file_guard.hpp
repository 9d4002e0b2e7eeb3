// What the host does when a plugin removes or moves torrents (ABI 1.2 remove_torrents and
// move_torrents, and a raw `torrents/delete deleteFiles=true` or `torrents/setLocation`
// routed to them): keep every file another torrent still uses. Implemented above this
// layer (host/cleanup) and handed to one execute() call through its ClientHandle.
#pragma once

#include <qbt/error.h>

#include <cstdint>
#include <string>
#include <vector>

namespace qbt::plugin {

struct RemoveOptions {
    bool delete_files = false;
    bool include_cross_seeds = false;
    bool recycle = true;  // into the recycle bin when one is configured
};

// One torrent's outcome: QBT_OK or a negative QBT_E_* code, and why not (for the audit and
// a raw call's 409 text).
struct GuardResult {
    int32_t code = QBT_OK;
    std::string reason;
};

class FileGuard {
public:
    virtual ~FileGuard() = default;
    // One result per hash, in order. Never throws for a single torrent's problem.
    virtual std::vector<GuardResult> remove(const std::vector<std::string>& hashes, const RemoveOptions& options) = 0;
    // `locations`: the target save path (qBittorrent's view) per hash.
    virtual std::vector<GuardResult> move(const std::vector<std::string>& hashes,
                                          const std::vector<std::string>& locations) = 0;
    // Why the torrent (hash, or "all") may not leave qBittorrent at all, even keeping its
    // files (rules.yml `protect:`); "" when it may. Asked for a raw torrents/delete.
    virtual std::string protection(const std::string& hash) { (void)hash; return {}; }
};

}  // namespace qbt::plugin
