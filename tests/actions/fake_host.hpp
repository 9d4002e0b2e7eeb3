// A qbt_host for unit tests: records every qBittorrent request and answers from a
// script (200 by default), with a configurable Web API version.
#pragma once

#include <qbt/host.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace qbt::testing {

struct RecordedCall {
    std::string method, endpoint, query, form;
};

// One remove_torrents / move_torrents call (ABI 1.2) as the host received it.
struct RecordedRemoval {
    std::vector<std::string> hashes;
    bool delete_files = false;
    bool include_cross_seeds = false;
    qbt_recycle_mode recycle = QBT_RECYCLE_DEFAULT;
    bool dry_run = false;
};
struct RecordedMove {
    std::vector<std::string> hashes;
    std::vector<std::string> locations;
    bool dry_run = false;
};

class FakeHost {
public:
    FakeHost();
    const qbt_host* table() const { return &table_; }
    qbt_client* client() { return reinterpret_cast<qbt_client*>(this); }

    qbt_api_version version{2, 8, 19};
    // Status for a call (called after it is recorded); 200 when unset.
    std::function<int(const RecordedCall&)> status_for;
    // When true, qbt_request fails with QBT_E_UNAVAILABLE ("no response").
    bool unreachable = false;

    std::vector<RecordedCall> calls;
    std::vector<RecordedRemoval> removals;
    std::vector<RecordedMove> moves;
    // Result code the guard gives each torrent (QBT_OK when unset).
    std::function<int32_t(const std::string& hash)> guard_result;
    std::vector<std::pair<qbt_log_level, std::string>> logs;

    std::vector<RecordedCall> calls_to(const std::string& endpoint) const;
    bool logged(const std::string& fragment) const;
    void reset() {
        calls.clear();
        logs.clear();
        removals.clear();
        moves.clear();
    }

private:
    qbt_host table_{};
};

// "a=1&b=x%7Cy" -> {a: "1", b: "x|y"} (percent- and '+'-decoding).
std::map<std::string, std::string> decode_form(const std::string& form);

}  // namespace qbt::testing
