#include "engine/job_disk_index.hpp"

#include "engine/torrent_file_lister.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace qbt::engine {
namespace {

const disk::PathMap kIdentity;

std::vector<TorrentPaths> fetch_torrents(webapi::WebApi& api) {
    webapi::Response response = api.request({"GET", "torrents/info", "", ""});
    if (response.status != 200) throw std::runtime_error("torrents/info answered HTTP " + std::to_string(response.status));
    return torrent_paths_of(response.body);
}

}  // namespace

JobDiskIndex::JobDiskIndex(const DiskScope* scope, std::string instance, webapi::WebApi& api,
                           const TorrentStore& store, bool store_has_all)
    : scope_(scope), instance_(std::move(instance)), api_(api), store_(store), store_has_all_(store_has_all) {
    bool found = false;
    if (scope_)
        for (const DiskInstance& entry : *scope_)
            if (entry.name == instance_) {
                found = true;
                shares_disk_ = entry.shares_disk;
            }
    if (!found) {  // an engine on its own: just this instance, paths as qBittorrent reports them
        if (scope_) own_scope_ = *scope_;
        own_scope_.push_back({instance_, &api_, {}, true});
        scope_ = &own_scope_;
    }
}

const disk::PathMap& JobDiskIndex::paths_of(const std::string& instance) const {
    for (const DiskInstance& entry : *scope_)
        if (entry.name == instance) return entry.paths;
    return kIdentity;
}

std::vector<TorrentPaths> JobDiskIndex::own_torrents() {
    if (!store_has_all_) return fetch_torrents(api_);
    std::vector<TorrentPaths> out;
    out.reserve(store_.size());
    for (size_t i = 0; i < store_.size(); ++i)
        if (store_.at(i).alive && store_.at(i).info) out.push_back(torrent_paths(*store_.at(i).info));
    return out;
}

void JobDiskIndex::build() {
    const auto start = std::chrono::steady_clock::now();
    index_ = std::make_unique<disk::FileUsageIndex>();
    for (const DiskInstance& entry : *scope_) {
        if (!entry.shares_disk) continue;
        std::vector<TorrentPaths> torrents;
        try {
            torrents = entry.name == instance_ ? own_torrents() : fetch_torrents(*entry.api);
        } catch (const std::exception& e) {
            index_->add_problem("instance '" + entry.name + "' could not be read: " + e.what());
            continue;
        }
        FileListing listing = list_torrent_files(entry.name, torrents, entry.paths, *entry.api, stats_);
        file_list_calls_ += listing.file_list_calls;
        for (auto& input : listing.torrents) index_->add_torrent(std::move(input));
        for (auto& paths : torrents) {
            disk::TorrentKey key{entry.name, paths.hash};
            torrents_.emplace(std::move(key), std::move(paths));
        }
    }
    index_->finish(stats_);
    ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    spdlog::info("file-usage index: {} torrents, {} files, {} stat calls, {} file lists, {:.0f} ms{}",
                 index_->torrent_count(), index_->file_count(), stats_.calls(), file_list_calls_, ms_,
                 index_->complete() ? "" : " (incomplete: " + index_->problems().front() + ")");
}

const disk::FileUsageIndex& JobDiskIndex::index() {
    if (!index_) build();
    return *index_;
}

const TorrentPaths* JobDiskIndex::torrent(const disk::TorrentKey& key) {
    index();
    auto it = torrents_.find(key);
    return it == torrents_.end() ? nullptr : &it->second;
}

DiskFactsRow JobDiskIndex::facts(const std::string& hash) {
    if (!shares_disk_) {
        const std::string why = "instance '" + instance_ + "' does not share this server's disk (qbittorrent.shares_disk)";
        return {{std::nullopt, why}, {std::nullopt, why}};
    }
    const disk::TorrentKey key{instance_, lower(hash)};
    const disk::FileUsageIndex& built = index();
    return {disk::cross_seeds(built, key), disk::hardlinks(built, key)};
}

std::string JobDiskIndex::stats_json() const {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("stat_calls");
    w.Uint64(stats_.calls());
    w.Key("file_list_calls");
    w.Uint64(file_list_calls_);
    w.Key("ms");
    w.Int64(static_cast<int64_t>(ms_ + 0.5));
    if (index_) {
        w.Key("torrents");
        w.Uint64(index_->torrent_count());
        w.Key("files");
        w.Uint64(index_->file_count());
        w.Key("complete");
        w.Bool(index_->complete());
        w.Key("problems");
        w.StartArray();
        for (const auto& problem : index_->problems()) w.String(problem.c_str());
        w.EndArray();
    }
    w.EndObject();
    return buffer.GetString();
}

}  // namespace qbt::engine
