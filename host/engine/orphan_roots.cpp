#include "engine/orphan_roots.hpp"

#include "disk/path_map.hpp"

#include <rapidjson/document.h>

namespace qbt::engine {
namespace {

// A JSON object answer of `endpoint`, or a problem.
bool fetch_object(webapi::WebApi& api, const std::string& endpoint, rapidjson::Document& doc, std::string& problem) {
    try {
        webapi::Response response = api.request({"GET", endpoint, "", ""});
        if (response.status != 200) {
            problem = endpoint + " answered HTTP " + std::to_string(response.status);
            return false;
        }
        doc.Parse(response.body.data(), response.body.size());
    } catch (const webapi::WebApiError& e) {
        problem = endpoint + ": " + e.what();
        return false;
    }
    if (doc.HasParseError() || !doc.IsObject()) {
        problem = endpoint + " did not answer a JSON object";
        return false;
    }
    return true;
}

std::string text(const rapidjson::Value& object, const char* key) {
    auto it = object.FindMember(key);
    return it != object.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

// qBittorrent's own roots of one instance: default save path, incomplete path, categories.
void instance_roots(const DiskInstance& instance, std::vector<std::string>& qbt_paths, std::vector<std::string>& problems) {
    rapidjson::Document prefs, categories;
    std::string problem, default_path;
    if (fetch_object(*instance.api, "app/preferences", prefs, problem)) {
        default_path = text(prefs, "save_path");
        qbt_paths.push_back(default_path);
        auto enabled = prefs.FindMember("temp_path_enabled");
        if (enabled != prefs.MemberEnd() && enabled->value.IsBool() && enabled->value.GetBool())
            qbt_paths.push_back(text(prefs, "temp_path"));
    } else {
        problems.push_back("instance '" + instance.name + "': " + problem);
    }
    if (fetch_object(*instance.api, "torrents/categories", categories, problem)) {
        for (auto& category : categories.GetObject()) {
            if (!category.value.IsObject()) continue;
            const std::string path = text(category.value, "savePath");
            // A relative category path is below the default save path.
            if (!path.empty()) qbt_paths.push_back(path.front() == '/' || default_path.empty() ? path : default_path + "/" + path);
        }
    } else {
        problems.push_back("instance '" + instance.name + "': " + problem);
    }
}

}  // namespace

std::vector<std::string> orphan_roots(JobDiskIndex& disk, std::vector<std::string>& problems) {
    std::vector<std::string> roots;
    for (const DiskInstance& instance : disk.scope()) {
        if (!instance.shares_disk) continue;
        std::vector<std::string> qbt_paths;
        instance_roots(instance, qbt_paths, problems);
        for (const auto& [key, torrent] : disk.torrents())
            if (key.instance == instance.name) {
                qbt_paths.push_back(torrent.save_path);
                qbt_paths.push_back(torrent.download_path);
            }
        for (const auto& path : qbt_paths) {
            if (path.empty()) continue;  // a category without its own path uses the default
            const std::string local = instance.paths.to_local(path);
            if (local == "/") {
                problems.push_back("instance '" + instance.name + "': save path " + path + " is the root folder; not scanned");
                continue;
            }
            roots.push_back(local);
        }
    }
    return roots;  // scan_orphans drops duplicates and nested roots
}

}  // namespace qbt::engine
