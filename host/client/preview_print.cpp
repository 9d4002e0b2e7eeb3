#include "client/preview_print.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <set>
#include <sstream>

namespace qbt::client {
namespace {

std::string text(const rapidjson::Value& object, const char* key, const char* fallback = "") {
    if (!object.IsObject()) return fallback;
    auto it = object.FindMember(key);
    return it != object.MemberEnd() && it->value.IsString() ? it->value.GetString() : fallback;
}

int64_t number(const rapidjson::Value& object, const char* key) {
    if (!object.IsObject()) return 0;
    auto it = object.FindMember(key);
    return it != object.MemberEnd() && it->value.IsInt64() ? it->value.GetInt64() : 0;
}

std::string compact(const rapidjson::Value& value) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    value.Accept(writer);
    return buffer.GetString();
}

const rapidjson::Value& array(const rapidjson::Value& object, const char* key) {
    static const rapidjson::Value empty(rapidjson::kArrayType);
    if (!object.IsObject()) return empty;
    auto it = object.FindMember(key);
    return it != object.MemberEnd() && it->value.IsArray() ? it->value : empty;
}

}  // namespace

std::string preview_table(const rapidjson::Value& preview) {
    std::ostringstream out;
    static const rapidjson::Value no_stats(rapidjson::kObjectType);
    const rapidjson::Value& stats =
        preview.IsObject() && preview.HasMember("stats") ? preview["stats"] : no_stats;
    out << "Preview (dry-run; nothing was changed)  context: " << text(preview, "context", "-")
        << "  hash: " << text(preview, "hash", "-") << "  rules: " << text(preview, "rules_source", "?") << "\n";
    out << number(stats, "total_torrents") << " torrent(s), " << number(stats, "torrents_matched")
        << " matched, " << number(stats, "actions_planned") << " action(s) planned, "
        << number(stats, "actions_in_place") << " already in place, " << number(stats, "errors") << " error(s)\n";
    if (std::string capped = text(stats, "deletes_capped_message"); !capped.empty()) out << "! " << capped << "\n";
    for (const auto& warning : array(preview, "warnings").GetArray()) out << "warning: " << text(warning, "text") << "\n";

    for (const auto& rule : array(preview, "rules").GetArray()) {
        out << "\nRule \"" << text(rule, "name") << "\": " << number(rule, "matched_count") << " matched, "
            << number(rule, "planned_count") << " planned\n";
        std::set<std::string> planned_hashes;
        for (const auto& p : array(rule, "planned").GetArray()) {
            planned_hashes.insert(text(p, "hash"));
            out << "  " << text(p, "action");
            if (p.HasMember("params") && p["params"].IsObject() && p["params"].MemberCount() > 0)
                out << " " << compact(p["params"]);
            out << "  ->  " << text(p, "name") << "  [" << text(p, "hash").substr(0, 8) << "]\n";
        }
        for (const auto& m : array(rule, "matched").GetArray())
            if (!planned_hashes.count(text(m, "hash")))
                out << "  (already in place)  " << text(m, "name") << "  [" << text(m, "hash").substr(0, 8) << "]\n";
        if (rule.IsObject() && rule.HasMember("truncated") && rule["truncated"].IsBool() && rule["truncated"].GetBool())
            out << "  (list shortened by the server)\n";
    }
    return out.str();
}

}  // namespace qbt::client
