// A WebApi answering from memory for the engine micro-bench: one prebuilt torrents/info
// body of synthetic torrents (the fields qBittorrent 4.5.2 sends, ~1 KB each) and a
// torrents/trackers body per torrent (DHT/PeX/LSD rows plus one tracker on 127.0.0.1).
// No HTTP, so a job's time is the engine's own (parsing, evaluation, planning).
#pragma once

#include "webapi/web_api.hpp"

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace qbt::bench {

class MemoryWebApi : public webapi::WebApi {
public:
    explicit MemoryWebApi(int torrents);

    webapi::Response request(const webapi::Request& request) override;
    std::vector<webapi::Response> request_many(const std::vector<webapi::Request>& requests) override;
    webapi::ApiVersion api_version() override { return {2, 8, 19}; }
    std::map<std::string, uint64_t> call_counts() const override { return counts_; }

    const std::string& info_body() const { return info_; }
    const std::vector<std::string>& hashes() const { return hashes_; }

private:
    std::string info_;
    std::vector<std::string> hashes_;
    std::unordered_map<std::string, std::string> trackers_;  // hash -> torrents/trackers body
    std::map<std::string, uint64_t> counts_;
};

}  // namespace qbt::bench
