#include "engine/instance_engines.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace qbt::engine {

InstanceEngines::InstanceEngines(const std::vector<config::QbittorrentInstance>& instances, RulesProvider rules,
                                 const plugin::Registry& registry, const EngineOptions& options) {
    entries_.reserve(instances.size());
    for (const auto& instance : instances)
        entries_.push_back({instance.name, std::make_unique<webapi::CurlWebApi>(instance.connection), nullptr});
    // Every engine's file-usage index covers every instance that shares this disk.
    auto scope = std::make_shared<DiskScope>();
    for (size_t i = 0; i < instances.size(); ++i)
        scope->push_back({instances[i].name, entries_[i].api.get(), disk::PathMap(instances[i].connection.path_map),
                          instances[i].connection.shares_disk});
    EngineOptions shared = options;
    shared.disk_scope = scope;
    for (auto& entry : entries_) entry.engine = std::make_unique<Engine>(rules, *entry.api, registry, shared);
}

InstanceEngines::Entry* InstanceEngines::find(const std::string& instance) {
    for (auto& entry : entries_)
        if (entry.name == instance) return &entry;
    return nullptr;
}

JobOutcome InstanceEngines::run(const JobRequest& request) {
    Entry* entry = find(request.instance);
    if (!entry) {
        std::string known;
        for (const auto& e : entries_) known += (known.empty() ? "" : ", ") + e.name;
        return {false, "", "the job is for qBittorrent instance '" + request.instance +
                               "', which is not configured here (configured: " + known + ")"};
    }
    return entry->engine->run(request);
}

Engine* InstanceEngines::engine(const std::string& instance) {
    Entry* entry = find(instance);
    return entry ? entry->engine.get() : nullptr;
}

webapi::CurlWebApi* InstanceEngines::api(const std::string& instance) {
    Entry* entry = find(instance);
    return entry ? entry->api.get() : nullptr;
}

std::vector<std::string> InstanceEngines::names() const {
    std::vector<std::string> out;
    for (const auto& entry : entries_) out.push_back(entry.name);
    return out;
}

std::string InstanceEngines::versions_json() const {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    for (const auto& entry : entries_) {
        const std::optional<webapi::ServerVersion> known = entry.api->known_version();
        w.Key(entry.name.c_str());
        w.StartObject();
        w.Key("version");
        if (known && !known->qbittorrent.empty()) w.String(known->qbittorrent.c_str());
        else w.Null();
        w.Key("webapi_version");
        if (known) w.String(known->webapi.text().c_str());
        else w.Null();
        w.EndObject();
    }
    w.EndObject();
    return buffer.GetString();
}

void InstanceEngines::for_each_api(const std::function<void(const std::string&, webapi::CurlWebApi&)>& fn) {
    for (auto& entry : entries_) fn(entry.name, *entry.api);
}

}  // namespace qbt::engine
