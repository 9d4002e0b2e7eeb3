// A WebApi that serves canned qBittorrent answers from in-memory state and records
// every call, so engine tests can assert exactly which calls a job made.
#pragma once

#include "webapi/web_api.hpp"

#include <rapidjson/document.h>

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace qbt::testing {

class FakeWebApi : public webapi::WebApi {
public:
    // torrents/info objects (JSON text each; must carry "hash").
    void add_torrent(const std::string& info_json);
    // Per-torrent answers by endpoint ("torrents/trackers", "torrents/files", ...).
    void set(const std::string& endpoint, const std::string& hash, const std::string& body);
    // transfer/info, app/preferences; sync/maindata too (else it is made from the trackers)
    void set_global(const std::string& endpoint, const std::string& body);
    void fail(const std::string& endpoint, const std::string& hash);        // answer HTTP 500

    webapi::Response request(const webapi::Request& request) override;
    std::vector<webapi::Response> request_many(const std::vector<webapi::Request>& requests) override;
    // 2.8.19 (qBittorrent 4.5.2) unless set. From 2.11.4 torrents/info?includeTrackers=true
    // carries each torrent's torrents/trackers rows without DHT/PeX/LSD, as 5.1 does.
    webapi::ApiVersion api_version() override { return version_; }
    void set_api_version(webapi::ApiVersion version) { version_ = version; }
    // The call records are locked: a preview past its time bound goes on calling from its
    // own thread while the test reads them.
    std::map<std::string, uint64_t> call_counts() const override;

    std::vector<webapi::Request> calls() const;
    void clear_calls();
    uint64_t count(const std::string& endpoint) const;
    uint64_t write_calls() const;  // POSTs
    std::vector<webapi::Request> calls_to(const std::string& endpoint) const;
    // The current state of a torrent's info field (after fake writes), as JSON text.
    std::string field(const std::string& hash, const std::string& key) const;
    bool has_torrent(const std::string& hash) const;

private:
    webapi::Response info(const std::string& query) const;
    webapi::Response maindata() const;
    webapi::Response write(const std::string& endpoint, const std::string& form);
    rapidjson::Value* find(const std::string& hash);

    rapidjson::Document torrents_{rapidjson::kArrayType};
    std::map<std::pair<std::string, std::string>, std::string> per_torrent_;
    std::map<std::string, std::string> global_;
    std::set<std::pair<std::string, std::string>> failing_;
    mutable std::mutex calls_mutex_;
    std::vector<webapi::Request> calls_;
    std::map<std::string, uint64_t> counts_;
    webapi::ApiVersion version_{2, 8, 19};
};

// Value of `key` in an url-encoded form/query ("" when absent); '%7C' and '|' both split hashes.
std::string form_value(const std::string& form, const std::string& key);
std::vector<std::string> split_hashes(const std::string& value);

// A fake torrent hash: n as 40 hex digits.
std::string fake_hash(int n);

}  // namespace qbt::testing
