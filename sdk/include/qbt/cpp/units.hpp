// Parsing of the duration and size strings used in rules and config (header-only).
//
// Durations: "N second(s)|minute(s)|hour(s)|day(s)|week(s)|month(s)|year(s)" (month = 30
// days, year = 365 days), short forms "30s", "15m", "12h", "7d", "2w", "1y", or a bare
// number of seconds. Sizes: SI kB/MB/GB/TB/PB (1000^n), IEC KiB/MiB/GiB/TiB/PiB (1024^n),
// "B" bytes, lower-case "b" bits (/8; kb, Kb, Mb... are kilo/mega-bits), fractions allowed,
// a bare number is bytes.
#pragma once

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace qbt::sdk {

namespace detail {
inline std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}
// Split "1.5 GB" into 1.5 and "GB"; nullopt when there is no leading number.
// std::from_chars, unlike strtod, ignores the C locale (a host that calls setlocale()
// must not turn "1.5" into 1) and accepts no hex ("0x10") or "inf"/"nan".
inline std::optional<std::pair<double, std::string>> split_number(std::string_view text) {
    text = trim(text);
    if (text.empty() || !(std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '.'))
        return std::nullopt;
    double number = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec != std::errc() || !std::isfinite(number)) return std::nullopt;
    return std::make_pair(number, std::string(trim(text.substr(end - text.data()))));
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
    const std::string unit = detail::lower(unit_raw);
    // Only word units take a plural "s": "ms" must not read as "m" (minutes).
    static constexpr std::pair<const char*, double> units[] = {
        {"", 1}, {"s", 1}, {"sec", 1}, {"second", 1},
        {"m", 60}, {"min", 60}, {"minute", 60},
        {"h", 3600}, {"hr", 3600}, {"hour", 3600},
        {"d", 86400}, {"day", 86400},
        {"w", 7 * 86400.0}, {"week", 7 * 86400.0},
        {"mo", 30 * 86400.0}, {"month", 30 * 86400.0},
        {"y", 365 * 86400.0}, {"yr", 365 * 86400.0}, {"year", 365 * 86400.0}};
    double factor = 0;
    for (const auto& [name, seconds] : units) {
        const std::string_view n(name);
        const bool plural = n.size() > 1 && unit.size() == n.size() + 1 && unit.back() == 's' &&
                            std::string_view(unit).substr(0, n.size()) == n;
        if (unit == n || plural) factor = seconds;
    }
    if (factor == 0) return std::nullopt;
    if (!std::isfinite(number * factor)) return std::nullopt;
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
    const double bytes = number * std::pow(base, power) * bytes_per_unit;
    if (!std::isfinite(bytes)) return std::nullopt;
    return bytes;
}

}  // namespace qbt::sdk
