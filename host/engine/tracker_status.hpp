// trackers.unregistered and trackers.down: two booleans derived for every tracker row,
// however it was fetched (torrents/trackers, or the trackers array of torrents/info on
// qBittorrent 5.1), so a rule can tell "the tracker no longer knows this torrent" from "the
// tracker is down": an outage must never look like "unregistered".
//
//   down          the row is not working (status 4; 5 "tracker error" and 6 "unreachable"
//                 on qBittorrent 5) and its message is not an unregistered one, or it
//                 matches an outage pattern (timeouts, refused/reset connections, HTTP 5xx,
//                 "maintenance", name resolution...).
//   unregistered  not working, the message matches the unregistered list (case-insensitive
//                 substrings), and the row is not down.
// Rows that are disabled, not contacted, working or updating (0-3) are neither.
//
// The built-in list follows what the established cleanup tools match: qbit_manage
// (StuffAnThings/qbit_manage, modules/util.py TorrentMessages.UNREGISTERED_MSGS and
// UNREGISTERED_MSGS_BHD) and tqm (autobrr/tqm, pkg/config/torrent.go
// defaultUnregisteredStatuses); the outage patterns follow tqm's trackerDownStatuses (which
// quote libtorrent's HTTP status messages) and qbit_manage's EXCEPTIONS_MSGS. Passkey
// problems are not on it: they are account errors, not a deleted torrent.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace qbt::engine {

const std::vector<std::string>& default_unregistered_messages();
const std::vector<std::string>& outage_patterns();

class TrackerStatus {
public:
    // `extra` is engine.unregistered_messages (added to the built-in list).
    explicit TrackerStatus(const std::vector<std::string>& extra = {});

    struct Verdict {
        bool unregistered = false;
        bool down = false;
    };
    // Rows with no status (a url only, e.g. from sync/maindata) have neither value: missing.
    Verdict classify(int status, std::string_view message) const;

private:
    std::vector<std::string> unregistered_;  // lower case
};

}  // namespace qbt::engine
