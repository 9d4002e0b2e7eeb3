// Builders for KeyDef entries, one per value kind (internal to key_table.cpp).
#pragma once

#include <cmath>
#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "config/key_table.hpp"
#include "config/value_parse.hpp"

namespace qbt::config::detail {

enum class NonEmpty { No, Yes };

// Where a key's struct lives: a section of Config (&Config::server), or a struct inside one
// (sub(&Config::engine, &EngineConfig::orphans) for engine.orphans.<key>).
template <class A, class S>
struct SubSection {
    A Config::*outer;
    S A::*inner;
};
template <class A, class S>
constexpr SubSection<A, S> sub(A Config::*outer, S A::*inner) {
    return {outer, inner};
}
template <class S>
S& at(Config& c, S Config::*section) {
    return c.*section;
}
template <class S>
const S& at(const Config& c, S Config::*section) {
    return c.*section;
}
template <class A, class S>
S& at(Config& c, SubSection<A, S> section) {
    return c.*section.outer.*section.inner;
}
template <class A, class S>
const S& at(const Config& c, SubSection<A, S> section) {
    return c.*section.outer.*section.inner;
}
enum class Zero { Allowed, Rejected };

// "" when the raw value is a single scalar, else the problem.
inline std::string scalar_problem(const RawSetting& raw) {
    switch (raw.shape) {
        case RawSetting::Shape::List: return "expected a single value, got a list";
        case RawSetting::Shape::Map: return "expected a single value, got a mapping";
        case RawSetting::Shape::Null: return "has no value";
        case RawSetting::Shape::Scalar: break;
    }
    return "";
}

inline std::string format_number(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

inline KeyDef with_aliases(KeyDef def, std::vector<std::string> aliases) {
    def.env_aliases = std::move(aliases);
    return def;
}

template <class Sec, class S>
KeyDef text_key(std::string key, Sec section, std::string S::*field,
                NonEmpty non_empty = NonEmpty::No) {
    return {std::move(key), {},
            [=](Config& c, const RawSetting& raw) -> std::string {
                // `key:` with nothing after it in YAML means an empty string.
                std::string value = raw.shape == RawSetting::Shape::Null ? "" : raw.text;
                if (raw.shape != RawSetting::Shape::Null) {
                    if (auto problem = scalar_problem(raw); !problem.empty()) return problem;
                }
                if (non_empty == NonEmpty::Yes && value.empty()) return "must not be empty";
                at(c, section).*field = std::move(value);
                return "";
            },
            [=](const Config& c) { return at(c, section).*field; }};
}

template <class Sec, class S, class T>
KeyDef int_key(std::string key, Sec section, T S::*field, int64_t min, int64_t max) {
    return {std::move(key), {},
            [=](Config& c, const RawSetting& raw) -> std::string {
                if (auto problem = scalar_problem(raw); !problem.empty()) return problem;
                auto value = parse_integer(raw.text);
                if (!value) return raw.shown() + " is not a whole number";
                if (*value < min || *value > max)
                    return raw.shown() + " is out of range " + std::to_string(min) + ".." +
                           std::to_string(max);
                at(c, section).*field = static_cast<T>(*value);
                return "";
            },
            [=](const Config& c) { return std::to_string(at(c, section).*field); }};
}

template <class Sec, class S>
KeyDef size_key(std::string key, Sec section, int64_t S::*field, int64_t min,
                int64_t max) {
    return {std::move(key), {},
            [=](Config& c, const RawSetting& raw) -> std::string {
                if (auto problem = scalar_problem(raw); !problem.empty()) return problem;
                auto bytes = parse_size_bytes(raw.text);
                if (!bytes) return raw.shown() + " is not a size (e.g. 65536, 64KiB, 1MB)";
                if (*bytes < static_cast<double>(min) || *bytes > static_cast<double>(max))
                    return raw.shown() + " is out of range " + std::to_string(min) + ".." +
                           std::to_string(max) + " bytes";
                at(c, section).*field = static_cast<int64_t>(std::llround(*bytes));
                return "";
            },
            [=](const Config& c) { return std::to_string(at(c, section).*field); }};
}

template <class Sec, class S>
KeyDef bool_key(std::string key, Sec section, bool S::*field) {
    return {std::move(key), {},
            [=](Config& c, const RawSetting& raw) -> std::string {
                if (auto problem = scalar_problem(raw); !problem.empty()) return problem;
                auto value = parse_bool(raw.text);
                if (!value) return raw.shown() + " is not a boolean (true/false/yes/no/on/off/1/0)";
                at(c, section).*field = *value;
                return "";
            },
            [=](const Config& c) { return std::string(at(c, section).*field ? "true" : "false"); }};
}

// Stored in seconds; T is int64_t (rounded) or double.
template <class Sec, class S, class T>
KeyDef duration_key(std::string key, Sec section, T S::*field, Zero zero) {
    return {std::move(key), {},
            [=](Config& c, const RawSetting& raw) -> std::string {
                if (auto problem = scalar_problem(raw); !problem.empty()) return problem;
                auto seconds = parse_duration_seconds(raw.text);
                if (!seconds) return raw.shown() + " is not a duration (e.g. 3600, 30s, 7d, 2w, 30 days)";
                if (zero == Zero::Rejected && *seconds <= 0) return "must be greater than zero";
                if constexpr (std::is_integral_v<T>)
                    at(c, section).*field = static_cast<T>(std::llround(*seconds));
                else
                    at(c, section).*field = *seconds;
                return "";
            },
            [=](const Config& c) {
                return format_number(static_cast<double>(at(c, section).*field)) + "s";
            }};
}

// One of fixed words, matched case-insensitively; `choices` maps the upper-cased accepted
// word to the stored value.
template <class Sec, class S>
KeyDef choice_key(std::string key, Sec section, std::string S::*field,
                  std::vector<std::pair<std::string, std::string>> choices) {
    return {std::move(key), {},
            [=](Config& c, const RawSetting& raw) -> std::string {
                if (auto problem = scalar_problem(raw); !problem.empty()) return problem;
                const std::string word = to_upper(trim(raw.text));
                std::string allowed;
                for (const auto& [accepted, stored] : choices) {
                    if (to_upper(accepted) == word) {
                        at(c, section).*field = stored;
                        return "";
                    }
                    allowed += (allowed.empty() ? "" : ", ") + accepted;
                }
                return raw.shown() + " is not one of " + allowed;
            },
            [=](const Config& c) { return at(c, section).*field; }};
}

// A YAML sequence, or text split on `separator` (env, CLI, or a YAML scalar; empty parts
// dropped): ':' for directory lists, ';' for lists of words that may hold ':'.
template <class Sec, class S>
KeyDef list_key(std::string key, Sec section, std::vector<std::string> S::*field, char separator = ':') {
    return {std::move(key), {},
            [=](Config& c, const RawSetting& raw) -> std::string {
                switch (raw.shape) {
                    case RawSetting::Shape::Map: return "expected a list, got a mapping";
                    case RawSetting::Shape::Null: at(c, section).*field = {}; return "";
                    case RawSetting::Shape::List: at(c, section).*field = raw.list; return "";
                    case RawSetting::Shape::Scalar: break;
                }
                at(c, section).*field = split_list(raw.text, separator);
                return "";
            },
            [=](const Config& c) {
                std::string joined;
                for (const auto& item : at(c, section).*field)
                    joined += (joined.empty() ? "" : std::string(1, separator)) + item;
                return joined;
            }};
}

// A map of path prefixes: a YAML mapping, or "a=b;c=d" (env, CLI). Both sides absolute;
// trailing '/' dropped; a prefix given twice is a problem.
template <class Sec, class S>
KeyDef path_map_key(std::string key, Sec section, std::map<std::string, std::string> S::*field) {
    return {std::move(key), {},
            [=](Config& c, const RawSetting& raw) -> std::string {
                std::vector<RawSetting::Entry> entries;
                switch (raw.shape) {
                    case RawSetting::Shape::List: return "expected a mapping of qBittorrent path: local path, got a list";
                    case RawSetting::Shape::Null: break;
                    case RawSetting::Shape::Map: entries = raw.map; break;
                    case RawSetting::Shape::Scalar:
                        for (const auto& part : split_list(raw.text, ';')) {
                            const auto eq = part.find('=');
                            if (eq == std::string::npos)
                                return "'" + part + "' is not qbittorrent_path=local_path (entries separated by ';')";
                            entries.push_back({trim(part.substr(0, eq)), trim(part.substr(eq + 1)), raw.source});
                        }
                }
                std::map<std::string, std::string> map;
                for (const auto& entry : entries) {
                    auto problem = path_map_entry_problem(entry.key, entry.value);
                    if (problem.empty() && map.count(normalize_prefix(entry.key)))
                        problem = "'" + entry.key + "' is given twice";
                    if (!problem.empty()) return problem + (entry.source == raw.source ? "" : " (at " + entry.source + ")");
                    map[normalize_prefix(entry.key)] = normalize_prefix(entry.value);
                }
                at(c, section).*field = std::move(map);
                return "";
            },
            [=](const Config& c) {
                std::string joined;
                for (const auto& [from, to] : at(c, section).*field) joined += (joined.empty() ? "" : ";") + from + "=" + to;
                return joined;
            }};
}

}  // namespace qbt::config::detail
