// Parsing of scalar config values from text; nullopt when the text does not parse.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qbt::config::detail {

std::string trim(std::string_view text);
std::string to_upper(std::string text);

// true/false/yes/no/on/off/1/0, case-insensitive.
std::optional<bool> parse_bool(std::string_view text);
// A whole decimal integer (surrounding blanks allowed).
std::optional<int64_t> parse_integer(std::string_view text);
// A whole finite decimal number.
std::optional<double> parse_number(std::string_view text);
// "7d", "2w", "30 days", "3600" -> seconds (sdk parse_duration); negative rejected.
std::optional<double> parse_duration_seconds(std::string_view text);
// "65536", "64KiB", "1 MB" -> bytes (sdk parse_size).
std::optional<double> parse_size_bytes(std::string_view text);
// "a:b::c" -> {"a","b","c"} (empty parts dropped).
std::vector<std::string> split_colon_list(std::string_view text);
// The same with another separator; parts trimmed of blanks.
std::vector<std::string> split_list(std::string_view text, char separator);

// A path_map entry: "" when both sides are absolute paths, else the problem.
std::string path_map_entry_problem(const std::string& from, const std::string& to);
// "/data/" -> "/data", "/" stays "/" (prefixes compare by whole components).
std::string normalize_prefix(std::string path);

}  // namespace qbt::config::detail
