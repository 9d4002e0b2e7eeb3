// Parsing of the duration and size strings used in rules and config (header-only).
//
// Durations: "N second(s)|minute(s)|hour(s)|day(s)|week(s)|month(s)|year(s)" (month = 30
// days, year = 365 days), short forms "30s", "15m", "12h", "7d", "2w", "1y", or a bare
// number of seconds. Sizes: SI kB/MB/GB/TB/PB (1000^n), IEC KiB/MiB/GiB/TiB/PiB (1024^n),
// "B" bytes, lower-case "b" bits (/8; kb, Kb, Mb... are kilo/mega-bits), fractions allowed,
// a bare number is bytes.
#pragma once

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace qbt::sdk {

namespace detail {
inline std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}
// Split "1.5 GB" into 1.5 and "GB"; nullopt when there is no leading number.
inline std::optional<std::pair<double, std::string>> split_number(std::string_view text) {
    text = trim(text);
    std::string buf(text);
    const char* begin = buf.c_str();
    char* end = nullptr;
    if (buf.empty() || !(std::isdigit(static_cast<unsigned char>(buf[0])) || buf[0] == '.'))
        return std::nullopt;
    double number = std::strtod(begin, &end);
    if (end == begin || !std::isfinite(number)) return std::nullopt;
    return std::make_pair(number, std::string(trim(std::string_view(end))));
}
inline std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
}  // namespace detail

// Seconds, or nullopt when the text is not a duration.
inline std::optional<double> parse_duration(std::string_view text) {
    auto parsed = detail::split_number(text);
    if (!parsed) return std::nullopt;
    auto [number, unit_raw] = *parsed;
    std::string unit = detail::lower(unit_raw);
    if (unit.size() > 1 && unit.back() == 's' && unit != "s") unit.pop_back();  // plural
    double factor = 0;
    if (unit.empty() || unit == "s" || unit == "sec" || unit == "second") factor = 1;
    else if (unit == "m" || unit == "min" || unit == "minute") factor = 60;
    else if (unit == "h" || unit == "hr" || unit == "hour") factor = 3600;
    else if (unit == "d" || unit == "day") factor = 86400;
    else if (unit == "w" || unit == "week") factor = 7 * 86400.0;
    else if (unit == "mo" || unit == "month") factor = 30 * 86400.0;
    else if (unit == "y" || unit == "year") factor = 365 * 86400.0;
    else return std::nullopt;
    return number * factor;
}

// Bytes, or nullopt when the text is not a size.
inline std::optional<double> parse_size(std::string_view text) {
    auto parsed = detail::split_number(text);
    if (!parsed) return std::nullopt;
    auto [number, unit] = *parsed;
    if (unit.empty() || unit == "B") return number;
    if (unit == "b") return number / 8;
    static constexpr const char prefixes[] = "kmgtp";
    const char p = static_cast<char>(std::tolower(static_cast<unsigned char>(unit[0])));
    const char* found = nullptr;
    for (const char* q = prefixes; *q; ++q)
        if (*q == p) found = q;
    if (!found) return std::nullopt;
    const int power = static_cast<int>(found - prefixes) + 1;
    std::string rest = unit.substr(1);
    double base = 1000;
    if (!rest.empty() && (rest[0] == 'i' || rest[0] == 'I')) {
        base = 1024;
        rest = rest.substr(1);
    }
    double bytes_per_unit;
    if (rest == "B") bytes_per_unit = 1;
    else if (rest == "b") bytes_per_unit = 1.0 / 8;
    else return std::nullopt;
    return number * std::pow(base, power) * bytes_per_unit;
}

}  // namespace qbt::sdk
