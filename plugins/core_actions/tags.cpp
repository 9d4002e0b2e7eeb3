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

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// <0, 0, >0 like strcmp; digit runs compare by value, letters ignoring ASCII case.
int natural_compare(std::string_view a, std::string_view b, bool case_sensitive) {
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (is_digit(a[i]) && is_digit(b[j])) {
            size_t ei = i, ej = j;
            while (ei < a.size() && is_digit(a[ei])) ++ei;
            while (ej < b.size() && is_digit(b[ej])) ++ej;
            std::string_view na = a.substr(i, ei - i), nb = b.substr(j, ej - j);
            while (na.size() > 1 && na.front() == '0') na.remove_prefix(1);
            while (nb.size() > 1 && nb.front() == '0') nb.remove_prefix(1);
            if (na.size() != nb.size()) return na.size() < nb.size() ? -1 : 1;
            if (int c = na.compare(nb); c != 0) return c;
            i = ei;
            j = ej;
            continue;
        }
        const unsigned char ca = static_cast<unsigned char>(a[i]);
        const unsigned char cb = static_cast<unsigned char>(b[j]);
        const int fa = std::tolower(ca), fb = std::tolower(cb);
        if (fa != fb) return fa < fb ? -1 : 1;
        if (case_sensitive && ca != cb) return std::islower(ca) ? -1 : 1;  // lower case first
        ++i;
        ++j;
    }
    if (i < a.size()) return 1;
    if (j < b.size()) return -1;
    return 0;
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

bool tag_less(std::string_view left, std::string_view right) {
    if (int c = natural_compare(left, right, false); c != 0) return c < 0;
    if (int c = natural_compare(left, right, true); c != 0) return c < 0;
    return left < right;
}

std::string format_tags(std::vector<std::string> tags) {
    std::sort(tags.begin(), tags.end(), [](const auto& a, const auto& b) { return tag_less(a, b); });
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    std::string out;
    for (const auto& tag : tags) {
        if (!out.empty()) out += ", ";
        out += tag;
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
