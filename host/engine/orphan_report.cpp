#include "engine/orphan_job.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace qbt::engine {

std::string OrphanJobReport::to_json() const {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    auto strings = [&](const char* key, const std::vector<std::string>& items) {
        w.Key(key);
        w.StartArray();
        for (const auto& item : items) w.String(item.c_str());
        w.EndArray();
    };
    w.StartObject();
    w.Key("context");
    w.String("orphans");
    w.Key("dry_run");
    w.Bool(dry_run);
    w.Key("total_torrents");
    w.Uint64(torrents);
    w.Key("action");
    w.String(action.c_str());
    if (!action_skipped.empty()) {
        w.Key("action_skipped");
        w.String(action_skipped.c_str());
    }
    w.Key("orphan_count");
    w.Uint64(scan.orphan_count);
    w.Key("orphan_bytes");
    w.Uint64(scan.orphan_bytes);
    w.Key("orphans");
    w.StartArray();
    for (const auto& orphan : scan.orphans) {
        w.StartObject();
        w.Key("path");
        w.String(orphan.path.c_str());
        w.Key("size");
        w.Uint64(orphan.size);
        w.Key("age");
        w.Int64(orphan.age_seconds);
        w.EndObject();
    }
    w.EndArray();
    w.Key("removed");
    w.Int(removed);
    w.Key("not_removed");
    w.StartArray();
    for (const auto& [path, why] : not_removed) {
        w.StartObject();
        w.Key("path");
        w.String(path.c_str());
        w.Key("reason");
        w.String(why.c_str());
        w.EndObject();
    }
    w.EndArray();
    w.Key("errors");
    w.Int(static_cast<int>(not_removed.size()));
    w.Key("scan");
    w.StartObject();
    strings("roots", scan.roots);
    w.Key("files");
    w.Uint64(scan.files_seen);
    w.Key("in_use");
    w.Uint64(scan.in_use);
    w.Key("too_young");
    w.Uint64(scan.too_young);
    w.Key("excluded");
    w.Uint64(scan.excluded);
    std::vector<std::string> problems = root_problems;
    problems.insert(problems.end(), scan.problems.begin(), scan.problems.end());
    strings("problems", problems);
    w.EndObject();
    if (!disk_json.empty()) {
        w.Key("disk");
        w.RawValue(disk_json.c_str(), disk_json.size(), rapidjson::kObjectType);
    }
    w.EndObject();
    return buffer.GetString();
}

}  // namespace qbt::engine
