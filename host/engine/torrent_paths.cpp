#include "engine/torrent_paths.hpp"

#include "disk/path_map.hpp"
#include "engine/torrent_store.hpp"

#include <stdexcept>

namespace qbt::engine {
namespace {

std::string text(const rapidjson::Value& info, const char* key) {
    auto it = info.FindMember(key);
    return it != info.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength())
                                                          : std::string();
}

}  // namespace

const std::string& TorrentPaths::storage_path() const {
    if (!download_path.empty() && disk::has_path_prefix(disk::normalize_path(content_path), disk::normalize_path(download_path)))
        return download_path;
    return save_path;
}

TorrentPaths torrent_paths(const rapidjson::Value& info) {
    TorrentPaths paths;
    if (!info.IsObject()) return paths;
    paths.hash = lower(text(info, "hash"));
    paths.name = text(info, "name");
    paths.save_path = text(info, "save_path");
    paths.download_path = text(info, "download_path");
    paths.content_path = text(info, "content_path");
    paths.state = text(info, "state");
    paths.category = text(info, "category");
    paths.tags = text(info, "tags");
    auto size = info.FindMember("total_size");
    if (size != info.MemberEnd() && size->value.IsInt64() && size->value.GetInt64() > 0)
        paths.total_size = static_cast<uint64_t>(size->value.GetInt64());
    return paths;
}

std::vector<TorrentPaths> torrent_paths_of(const std::string& body) {
    rapidjson::Document doc;
    doc.Parse(body.data(), body.size());
    if (doc.HasParseError() || !doc.IsArray()) throw std::runtime_error("torrents/info did not answer a JSON array");
    std::vector<TorrentPaths> out;
    out.reserve(doc.Size());
    for (const auto& info : doc.GetArray()) {
        TorrentPaths paths = torrent_paths(info);
        if (!paths.hash.empty()) out.push_back(std::move(paths));
    }
    return out;
}

}  // namespace qbt::engine
