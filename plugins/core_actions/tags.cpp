#include "tags.hpp"

#include <algorithm>
#include <cctype>

namespace qbt::core_actions {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

}  // namespace

std::vector<std::string> tags_of(sdk::ValueView info_tags) {
    std::vector<std::string> out;
    if (info_tags.is_array()) {
        for (size_t i = 0; i < info_tags.size(); ++i)
            if (info_tags.item(i).is_string()) out.emplace_back(trim(info_tags.item(i).as_string()));
        return out;
    }
    if (!info_tags.is_string()) return out;
    std::string_view text = info_tags.as_string();
    while (!text.empty()) {
        const size_t comma = text.find(',');
        const std::string_view tag = trim(text.substr(0, comma));
        if (!tag.empty()) out.emplace_back(tag);
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

bool contains_tag(const std::vector<std::string>& tags, std::string_view tag) {
    return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

std::vector<std::string> tags_param(const Params& params, bool allow_empty_list) {
    auto raw = params.string_list("tags");
    if (!raw) params.fail("tags", "is required (a list of tags or one tag)");
    if (raw->empty() && !allow_empty_list) params.fail("tags", "must name at least one tag");
    std::vector<std::string> tags;
    for (const auto& item : *raw) {
        const std::string tag(trim(item));
        if (tag.empty()) params.fail("tags", "contains an empty tag");
        if (tag.find(',') != std::string::npos)
            params.fail("tags", "tag \"" + tag + "\" contains a comma (qBittorrent separates tags with commas)");
        if (!contains_tag(tags, tag)) tags.push_back(tag);
    }
    return tags;
}

}  // namespace qbt::core_actions
