#include "engine/metadata_wait.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <string_view>
#include <variant>

namespace qbt::engine {

namespace {

bool member_is(const rapidjson::Value& info, const char* key, std::string_view text) {
    auto it = info.FindMember(key);
    return it != info.MemberEnd() && it->value.IsString() && text == it->value.GetString();
}

bool group_needs_metadata(const rules::Group& group) {
    return std::any_of(group.items.begin(), group.items.end(), [](const rules::GroupItem& item) {
        if (const auto* condition = std::get_if<rules::Condition>(&item)) return needs_metadata(condition->field);
        return group_needs_metadata(std::get<rules::Group>(item));
    });
}

}  // namespace

bool has_metadata(const TorrentRecord& torrent) {
    const rapidjson::Value& info = *torrent.info;
    auto flag = info.FindMember("has_metadata");
    if (flag != info.MemberEnd() && flag->value.IsBool()) return flag->value.GetBool();
    if (member_is(info, "state", "metaDL") || member_is(info, "state", "forcedMetaDL")) return false;
    auto size = info.FindMember("total_size");
    return !(size != info.MemberEnd() && size->value.IsInt64() && size->value.GetInt64() < 0);
}

bool needs_metadata(const rules::FieldPath& field) {
    if (field.space == "files" || field.space == "webseeds") return true;
    static constexpr std::array<std::string_view, 6> kInfo = {"size", "total_size", "content_path", "root_path",
                                                              "cross_seeds", "hardlinks"};
    static constexpr std::array<std::string_view, 7> kProperties = {
        "total_size", "piece_size", "pieces_num", "is_private", "comment", "created_by", "creation_date"};
    if (field.space == "info") return std::find(kInfo.begin(), kInfo.end(), field.key) != kInfo.end();
    if (field.space == "properties")
        return std::find(kProperties.begin(), kProperties.end(), field.key) != kProperties.end();
    return false;
}

bool rule_needs_metadata(const rules::Rule& rule) { return group_needs_metadata(rule.conditions); }

std::string metadata_note_json(const std::string& hash, const std::string& note,
                               const std::vector<std::string>& rules_not_run) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("missing"); w.Bool(true);
    w.Key("hash"); w.String(hash.c_str());
    w.Key("note"); w.String(note.c_str());
    w.Key("rules_not_run");
    w.StartArray();
    for (const std::string& name : rules_not_run) w.String(name.c_str());
    w.EndArray();
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace qbt::engine
