// A tiny BitTorrent HTTP tracker on 127.0.0.1 whose answers a test chooses: per torrent
// (info hash), per announce path, or by default. For tracker facts ("unregistered" vs an
// outage) and benchmarks with realistic tracker messages.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace qbt::testing {

struct TrackerReply {
    int http_status = 200;       // 200, or e.g. 503 (an outage; the body is then plain text)
    std::string failure_reason;  // non-empty: a bencoded "failure reason" instead of peers

    static TrackerReply ok() { return {}; }
    static TrackerReply failure(std::string reason) { return {200, std::move(reason)}; }
    static TrackerReply http_error(int status) { return {status, ""}; }
};

class LabTracker {
public:
    LabTracker();  // listens on a free loopback port at once; throws std::runtime_error
    ~LabTracker();
    LabTracker(const LabTracker&) = delete;
    LabTracker& operator=(const LabTracker&) = delete;

    int port() const { return port_; }
    // "http://127.0.0.1:<port><path>"; path starts with '/'.
    std::string announce_url(const std::string& path = "/announce") const;

    // Which answer an announce gets: the one for its info hash (40 hex digits), else the
    // first path rule whose text the request path contains, else the default (ok: no peers,
    // one-hour interval). Changes apply to the next announce.
    void reply_for_hash(const std::string& info_hash_hex, TrackerReply reply);
    void reply_for_path(const std::string& path_part, TrackerReply reply);
    void default_reply(TrackerReply reply);

    uint64_t announces() const { return announces_; }
    uint64_t announces_for_hash(const std::string& info_hash_hex) const;
    uint64_t announces_for_path(const std::string& path_part) const;

private:
    void serve();
    void answer(int client);
    TrackerReply choose(const std::string& path, const std::string& hash);

    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<uint64_t> announces_{0};
    mutable std::mutex mutex_;  // guards the maps below
    std::map<std::string, TrackerReply> by_hash_;
    std::vector<std::pair<std::string, TrackerReply>> by_path_;
    TrackerReply default_;
    std::map<std::string, uint64_t> hash_counts_;
    std::vector<std::string> paths_seen_;  // one per announce, for announces_for_path
    std::thread thread_;
};

// An announce URL on 127.0.0.1 where nothing listens: qBittorrent marks such a tracker
// "not working" with a connection error (an outage, never "unregistered").
std::string refused_tracker_url();

}  // namespace qbt::testing
