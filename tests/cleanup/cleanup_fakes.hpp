// Fakes for the host/cleanup unit tests: a FileUsage described in code, and a qBittorrent
// Web API that lists, deletes, exports and moves torrents in memory (recording each call).
#pragma once

#include "cleanup/file_usage.hpp"
#include "webapi/web_api.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace qbt::testing {

class FakeUsage : public cleanup::FileUsage {
public:
    std::string problem_text;
    std::map<cleanup::TorrentKey, cleanup::TorrentFacts> torrents;
    std::map<cleanup::TorrentKey, std::vector<cleanup::UsedFile>> files;
    std::set<cleanup::TorrentKey> unknown;  // files_of answers nullopt

    std::string problem() const override { return problem_text; }
    std::optional<std::vector<cleanup::UsedFile>> files_of(const cleanup::TorrentKey& key,
                                                           std::string& why) const override {
        if (!problem_text.empty()) {
            why = problem_text;
            return std::nullopt;
        }
        if (unknown.count(key) || !files.count(key)) {
            why = "file list unknown";
            return std::nullopt;
        }
        return files.at(key);
    }
    std::optional<cleanup::TorrentFacts> facts(const cleanup::TorrentKey& key) const override {
        auto it = torrents.find(key);
        return it == torrents.end() ? std::nullopt : std::optional<cleanup::TorrentFacts>(it->second);
    }

    // A torrent `hash` of instance "home" named `name` in `save` with `files` (relative
    // path, size); sharing is added with share().
    void add(const std::string& hash, const std::string& name, const std::string& save,
             const std::vector<std::pair<std::string, uint64_t>>& list);
    // Marks `relative` of a and b as the same file (both see the other).
    void share(const std::string& a, const std::string& b, const std::string& relative);
};

class FakeQbt : public webapi::WebApi {
public:
    std::set<std::string> listed;  // hashes qBittorrent lists
    std::vector<webapi::Request> calls;

    webapi::Response request(const webapi::Request& request) override;
    std::vector<webapi::Response> request_many(const std::vector<webapi::Request>& requests) override {
        std::vector<webapi::Response> out;
        for (const auto& r : requests) out.push_back(request(r));
        return out;
    }
    webapi::ApiVersion api_version() override { return {2, 8, 19}; }
    std::map<std::string, uint64_t> call_counts() const override { return {}; }
    int posts() const;
    std::vector<webapi::Request> calls_to(const std::string& endpoint) const;
};

inline cleanup::TorrentKey key(const std::string& hash) { return {"home", hash}; }

}  // namespace qbt::testing
