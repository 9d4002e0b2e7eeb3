// The order in which qBittorrent lists a torrent's tags ("a, b" in torrents/info), for
// plugins and the host that write or compare tag lists (header-only).
//
// qBittorrent keeps tags in a TagSet ordered by Utils::Compare::NaturalCompare: case-
// insensitive first, then case-sensitive. What that compare does depends on the Qt build:
//   Natural   - numbers by value ("a9" < "a10"), letters case-folded, ties lower case first.
//               4.x (Qt 5) builds, and Qt 6 builds running in a real locale (ICU collator).
//   CodePoint - Qt 6's QCollator in the C/POSIX locale ignores numeric mode: case-folded code
//               points ("a10" < "a9"), ties upper case first. Measured on Debian 13's 5.1.0.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace qbt::sdk {

enum class TagOrder { Natural, CodePoint };

namespace detail {
inline bool tag_digit(char c) { return c >= '0' && c <= '9'; }
inline int tag_fold(char c) { return std::tolower(static_cast<unsigned char>(c)); }

// <0, 0, >0 like strcmp; digit runs compare by value, letters ignoring ASCII case.
inline int natural_compare(std::string_view a, std::string_view b, bool case_sensitive) {
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (tag_digit(a[i]) && tag_digit(b[j])) {
            size_t ei = i, ej = j;
            while (ei < a.size() && tag_digit(a[ei])) ++ei;
            while (ej < b.size() && tag_digit(b[ej])) ++ej;
            std::string_view na = a.substr(i, ei - i), nb = b.substr(j, ej - j);
            while (na.size() > 1 && na.front() == '0') na.remove_prefix(1);
            while (nb.size() > 1 && nb.front() == '0') nb.remove_prefix(1);
            if (na.size() != nb.size()) return na.size() < nb.size() ? -1 : 1;
            if (int c = na.compare(nb); c != 0) return c;
            i = ei;
            j = ej;
            continue;
        }
        const unsigned char ca = static_cast<unsigned char>(a[i]), cb = static_cast<unsigned char>(b[j]);
        if (tag_fold(a[i]) != tag_fold(b[j])) return tag_fold(a[i]) < tag_fold(b[j]) ? -1 : 1;
        if (case_sensitive && ca != cb) return std::islower(ca) ? -1 : 1;  // lower case first
        ++i;
        ++j;
    }
    if (i < a.size()) return 1;
    if (j < b.size()) return -1;
    return 0;
}

inline int code_point_compare(std::string_view a, std::string_view b) {
    for (size_t i = 0; i < a.size() && i < b.size(); ++i)
        if (tag_fold(a[i]) != tag_fold(b[i])) return tag_fold(a[i]) < tag_fold(b[i]) ? -1 : 1;
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    return a.compare(b);  // same letters: plain bytes, upper case first
}
}  // namespace detail

inline bool tag_less(std::string_view left, std::string_view right, TagOrder order = TagOrder::Natural) {
    if (order == TagOrder::CodePoint) return detail::code_point_compare(left, right) < 0;
    if (int c = detail::natural_compare(left, right, false); c != 0) return c < 0;
    if (int c = detail::natural_compare(left, right, true); c != 0) return c < 0;
    return left < right;
}

// Sorted in `order`, without duplicates, joined with ", " as torrents/info writes them.
inline std::string format_tags(std::vector<std::string> tags, TagOrder order = TagOrder::Natural) {
    std::sort(tags.begin(), tags.end(), [order](const auto& a, const auto& b) { return tag_less(a, b, order); });
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    std::string out;
    for (const auto& tag : tags) out += (out.empty() ? "" : ", ") + tag;
    return out;
}

}  // namespace qbt::sdk
