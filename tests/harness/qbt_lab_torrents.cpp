// QbtLab::add_torrents: make files + .torrent files in-process, add them in batches
// grouped by the options torrents/add applies per request, wait until qBittorrent lists them.
#include <rapidjson/document.h>

#include <chrono>
#include <fstream>
#include <set>
#include <stdexcept>
#include <thread>
#include <tuple>

#include "qbt_lab.hpp"
#include "torrent_maker.hpp"

namespace qbt::testing {
namespace {

constexpr size_t kTorrentsPerRequest = 50;

struct PreparedTorrent {
    std::string hash;
    std::string data;
};

// The options torrents/add takes once per request, so torrents are grouped by them.
using BatchKey = std::tuple<std::string, std::string, std::string, bool>;  // savepath, category, tags, paused

std::string join_tags(const std::vector<std::string>& tags) {
    std::string joined;
    for (const auto& tag : tags) joined += (joined.empty() ? "" : ",") + tag;
    return joined;
}

bool settled_state(const std::string& state) {
    return state.rfind("checking", 0) != 0 && state != "allocating" && state != "metaDL" && state != "moving" &&
           state != "unknown";
}

}  // namespace

std::vector<std::string> QbtLab::add_torrents(const std::vector<TorrentSpec>& specs, bool skip_checking) {
    std::vector<std::string> hashes;
    std::map<BatchKey, std::vector<PreparedTorrent>> batches;
    std::set<std::string> categories;
    for (const auto& spec : specs) {
        TorrentFileSpec file;
        file.name = spec.name.empty() ? "torrent-" + std::to_string(torrents_made_ + 1) : spec.name;
        file.size_bytes = spec.size_bytes;
        file.tracker = spec.tracker;
        file.private_flag = spec.private_flag;
        file.content_seed = seed_base_ + torrents_made_++;
        // A name used before gets its own directory so two torrents never share a file.
        int uses = name_uses_[file.name]++;
        auto save_dir = uses == 0 ? data_dir() : data_dir() / ("dup" + std::to_string(uses));
        std::filesystem::create_directories(save_dir);
        MadeTorrent made = make_torrent(save_dir, file);
        std::ofstream(torrent_path(made.info_hash), std::ios::binary) << made.torrent_data;
        hashes.push_back(made.info_hash);
        if (!spec.category.empty()) categories.insert(spec.category);
        batches[{save_dir.string(), spec.category, join_tags(spec.tags), spec.paused}].push_back(
            {made.info_hash, std::move(made.torrent_data)});
    }

    for (const auto& category : categories) {
        LabHttpResult created = http_->post("torrents/createCategory", "category=" + LabHttp::escape(category) + "&savePath=");
        if (created.status != 200 && created.status != 409)
            throw std::runtime_error("QbtLab: createCategory '" + category + "' answered " +
                                     std::to_string(created.status));
    }
    for (const auto& [key, torrents] : batches) {
        const auto& [save_path, category, tags, paused] = key;
        for (size_t first = 0; first < torrents.size(); first += kTorrentsPerRequest) {
            std::vector<MultipartFile> files;
            for (size_t i = first; i < std::min(torrents.size(), first + kTorrentsPerRequest); ++i)
                files.push_back({"torrents", torrents[i].hash + ".torrent", torrents[i].data});
            std::vector<std::pair<std::string, std::string>> fields = {
                {"savepath", save_path},
                // 5.x renamed the field (and ignores `paused`: such a torrent would run).
                {webapi_version_.at_least(2, 11) ? "stopped" : "paused", paused ? "true" : "false"},
                {"skip_checking", skip_checking ? "true" : "false"}};
            if (!category.empty()) fields.emplace_back("category", category);
            if (!tags.empty()) fields.emplace_back("tags", tags);
            LabHttpResult added = http_->post_multipart("torrents/add", fields, files);
            if (added.status == 403 && http_->login(username_, password_))
                added = http_->post_multipart("torrents/add", fields, files);
            if (added.status != 200 || added.body != "Ok.")
                throw std::runtime_error("QbtLab: torrents/add answered " + std::to_string(added.status) + " '" +
                                         added.body.substr(0, 200) + "'");
        }
    }
    const double per_torrent = skip_checking ? 0.01 : 0.05;
    wait_until_listed(hashes, 30 + per_torrent * static_cast<double>(hashes.size()));
    return hashes;
}

void QbtLab::wait_until_listed(const std::vector<std::string>& hashes, double seconds) {
    const std::set<std::string> wanted(hashes.begin(), hashes.end());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    size_t ready = 0;
    while (true) {
        // The full list is cheaper than long hashes= queries once there are thousands.
        std::string body = get(wanted.size() <= 100 ? "torrents/info?hashes=" + [&] {
            std::string joined;
            for (const auto& h : wanted) joined += (joined.empty() ? "" : "|") + h;
            return joined;
        }() : std::string("torrents/info"));
        rapidjson::Document document;
        document.Parse(body.c_str());
        if (document.HasParseError() || !document.IsArray())
            throw std::runtime_error("QbtLab: torrents/info did not answer a JSON array: " + body.substr(0, 200));
        ready = 0;
        for (const auto& torrent : document.GetArray()) {
            if (!torrent.HasMember("hash") || !torrent.HasMember("state")) continue;
            if (wanted.count(torrent["hash"].GetString()) && settled_state(torrent["state"].GetString())) ++ready;
        }
        if (ready == wanted.size()) return;
        if (std::chrono::steady_clock::now() >= deadline)
            throw std::runtime_error("QbtLab: only " + std::to_string(ready) + " of " + std::to_string(wanted.size()) +
                                     " added torrents listed and settled after " +
                                     std::to_string(static_cast<int>(seconds)) + " s");
        std::this_thread::sleep_for(std::chrono::milliseconds(wanted.size() > 1000 ? 500 : 100));
    }
}

bool QbtLab::wait_for_tracker_rows(const std::vector<std::string>& hashes, const std::function<bool()>& settled,
                                   std::chrono::milliseconds timeout) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + timeout;
    auto next_announce = Clock::now() + std::chrono::seconds(10);
    std::string joined;
    for (const std::string& hash : hashes) joined += (joined.empty() ? "" : "|") + hash;
    while (Clock::now() < deadline) {
        if (settled()) return true;
        if (Clock::now() >= next_announce) {
            post("torrents/reannounce", "hashes=" + joined);
            next_announce += std::chrono::seconds(10);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return settled();
}

}  // namespace qbt::testing
