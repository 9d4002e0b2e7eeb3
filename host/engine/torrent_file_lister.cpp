#include "engine/torrent_file_lister.hpp"

#include <rapidjson/document.h>

namespace qbt::engine {
namespace {

constexpr const char* kNoMetadata = "metadata not loaded";

disk::TorrentInput unknown(disk::TorrentInput input, std::string reason, bool may_have_files) {
    input.unknown_reason = std::move(reason);
    input.may_have_files = may_have_files;
    return input;
}

// Fills `input` from a torrents/files answer, or says why it cannot.
void read_file_list(disk::TorrentInput& input, const webapi::Response& response, const std::string& storage) {
    if (response.status != 200) {
        const std::string why = response.status == 0 ? response.body : "HTTP " + std::to_string(response.status);
        input = unknown(std::move(input), "file list failed: " + why, true);
        return;
    }
    rapidjson::Document doc;
    doc.Parse(response.body.data(), response.body.size());
    if (doc.HasParseError() || !doc.IsArray()) {
        input = unknown(std::move(input), "file list failed: not a JSON array", true);
        return;
    }
    if (doc.Empty()) {  // qBittorrent lists no files until it has the metadata
        input = unknown(std::move(input), kNoMetadata, false);
        return;
    }
    for (const auto& file : doc.GetArray()) {
        auto name = file.FindMember("name");
        if (!file.IsObject() || name == file.MemberEnd() || !name->value.IsString()) {
            input = unknown(std::move(input), "file list failed: a file without a name", true);
            return;
        }
        disk::TorrentFileInput entry;
        entry.path = storage + "/" + std::string(name->value.GetString(), name->value.GetStringLength());
        auto size = file.FindMember("size");
        if (size != file.MemberEnd() && size->value.IsUint64()) entry.size = size->value.GetUint64();
        auto priority = file.FindMember("priority");
        entry.wanted = priority == file.MemberEnd() || !priority->value.IsInt() || priority->value.GetInt() != 0;
        input.files.push_back(std::move(entry));
    }
}

}  // namespace

FileListing list_torrent_files(const std::string& instance, const std::vector<TorrentPaths>& torrents,
                               const disk::PathMap& paths, webapi::WebApi& api, disk::StatCounter& stats) {
    FileListing listing;
    listing.torrents.reserve(torrents.size());
    std::vector<webapi::Request> requests;
    std::vector<size_t> waiting;  // listing index per request
    for (const TorrentPaths& torrent : torrents) {
        disk::TorrentInput input{{instance, torrent.hash}, torrent.name, {}, "", false};
        if (torrent.state == "metaDL") {
            listing.torrents.push_back(unknown(std::move(input), kNoMetadata, false));
            continue;
        }
        if (!torrent.content_path.empty()) {
            const std::string local = paths.to_local(torrent.content_path);
            disk::FileStat stat = stats.stat(local);
            if (stat.present() && stat.regular) {  // a single-file torrent: no call needed
                input.files.push_back({local, torrent.total_size, true, stat});
                listing.torrents.push_back(std::move(input));
                continue;
            }
        }
        requests.push_back({"GET", "torrents/files", "hash=" + torrent.hash, ""});
        waiting.push_back(listing.torrents.size());
        listing.torrents.push_back(std::move(input));
    }
    if (requests.empty()) return listing;
    listing.file_list_calls = requests.size();
    std::vector<bool> answered(requests.size());
    try {
        api.request_each(requests, [&](size_t i, webapi::Response response) {
            if (i >= waiting.size() || answered[i]) return;
            answered[i] = true;
            const TorrentPaths& torrent = torrents[waiting[i]];
            read_file_list(listing.torrents[waiting[i]], response, paths.to_local(torrent.storage_path()));
        });
    } catch (const webapi::WebApiError& e) {  // login failed: none of the lists arrived
        for (size_t i = 0; i < waiting.size(); ++i)
            if (!answered[i]) {
                answered[i] = true;
                listing.torrents[waiting[i]] = unknown(std::move(listing.torrents[waiting[i]]),
                                                       std::string("file list failed: ") + e.what(), true);
            }
    }
    for (size_t i = 0; i < waiting.size(); ++i)
        if (!answered[i]) listing.torrents[waiting[i]] = unknown(std::move(listing.torrents[waiting[i]]), "file list failed: no answer", true);
    return listing;
}

}  // namespace qbt::engine
