#include "config/value_parse.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include <qbt/cpp/units.hpp>

namespace qbt::config::detail {

std::string trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return std::string(text);
}

std::string to_upper(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

std::optional<bool> parse_bool(std::string_view text) {
    const std::string word = to_upper(trim(text));
    if (word == "TRUE" || word == "YES" || word == "ON" || word == "1") return true;
    if (word == "FALSE" || word == "NO" || word == "OFF" || word == "0") return false;
    return std::nullopt;
}

std::optional<int64_t> parse_integer(std::string_view text) {
    std::string s = trim(text);
    if (!s.empty() && s.front() == '+') s.erase(0, 1);
    int64_t value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return value;
}

std::optional<double> parse_number(std::string_view text) {
    const std::string s = trim(text);
    double value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::optional<double> parse_duration_seconds(std::string_view text) {
    auto seconds = qbt::sdk::parse_duration(text);
    if (!seconds || !std::isfinite(*seconds) || *seconds < 0) return std::nullopt;
    return seconds;
}

std::optional<double> parse_size_bytes(std::string_view text) {
    auto bytes = qbt::sdk::parse_size(text);
    if (!bytes || !std::isfinite(*bytes) || *bytes < 0) return std::nullopt;
    return bytes;
}

std::vector<std::string> split_colon_list(std::string_view text) { return split_list(text, ':'); }

std::vector<std::string> split_list(std::string_view text, char separator) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(separator, start);
        if (end == std::string_view::npos) end = text.size();
        std::string part = trim(text.substr(start, end - start));
        if (!part.empty()) parts.push_back(std::move(part));
        start = end + 1;
    }
    return parts;
}

std::string path_map_entry_problem(const std::string& from, const std::string& to) {
    if (from.empty() || from.front() != '/')
        return "qBittorrent path '" + from + "' must be absolute (start with '/')";
    if (to.empty() || to.front() != '/') return "local path '" + to + "' (for '" + from + "') must be absolute";
    return "";
}

std::string normalize_prefix(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return path;
}

}  // namespace qbt::config::detail
