// The timestamps of job documents (queue_backend.h): ISO 8601 UTC with microseconds,
// "2024-01-15T10:30:00.123456Z", which sort lexically in time order. Shared by the host
// and queue backends (a backend scores or compares them; header-only, libc only).
#pragma once

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace qbt::sdk {

inline std::string iso_from_unix_micros(int64_t micros) {
    int64_t seconds = micros / 1000000;
    int64_t fraction = micros % 1000000;
    if (fraction < 0) {
        fraction += 1000000;
        --seconds;
    }
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char out[64];
    std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(fraction));
    return out;
}

// "2024-01-15T10:30:00.123456Z", also without the fraction or the Z -> unix microseconds;
// nullopt for anything else (fields out of range, trailing text, another time zone).
inline std::optional<int64_t> unix_micros_from_iso(std::string_view iso) {
    const std::string text(iso);
    int year, month, day, hour, minute, second, consumed = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute, &second,
                    &consumed) != 6 ||
        month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    int64_t micros = static_cast<int64_t>(timegm(&tm)) * 1000000;
    size_t pos = static_cast<size_t>(consumed);
    if (pos < text.size() && text[pos] == '.') {
        int64_t scale = 100000;
        for (++pos; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos) {
            micros += (text[pos] - '0') * scale;
            scale /= 10;
        }
    }
    if (pos < text.size() && text[pos] == 'Z') ++pos;
    if (pos != text.size()) return std::nullopt;
    return micros;
}

}  // namespace qbt::sdk
