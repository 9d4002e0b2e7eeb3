// Builders for KeyDef entries, one per value kind (internal to key_table.cpp).
#pragma once

#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "config/key_table.hpp"
#include "config/value_parse.hpp"

namespace qbt::config::detail {

enum class NonEmpty { No, Yes };
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

template <class S>
KeyDef text_key(std::string key, S Config::*section, std::string S::*field,
                NonEmpty non_empty = NonEmpty::No) {
    return {std::move(key), {},
            [=](Config& c, const RawSetting& raw) -> std::string {
                // `key:` with nothing after it in YAML means an empty string.
                std::string value = raw.shape == RawSetting::Shape::Null ? "" : raw.text;
                if (raw.shape != RawSetting::Shape::Null) {
                    if (auto problem = scalar_problem(raw); !problem.empty()) return problem;
                }
                if (non_empty == NonEmpty::Yes && value.empty()) return "must not be empty";
                c.*section.*field = std::move(value);
                return "";
            },
            [=](const Config& c) { return c.*section.*field; }};
}

template <class S, class T>
KeyDef int_key(std::string key, S Config::*section, T S::*field, int64_t min, int64_t max) {
    return {std::move(key), {},
            [=](Config& c, const RawSetting& raw) -> std::string {
                if (auto problem = scalar_problem(raw); !problem.empty()) return problem;
                auto value = parse_integer(raw.text);
                if (!value) return raw.shown() + " is not a whole number";
                if (*value < min || *value > max)
                    return raw.shown() + " is out of range " + std::to_string(min) + ".." +
                           std::to_string(max);
                c.*section.*field = static_cast<T>(*value);
                return "";
            },
            [=](const Config& c) { return std::to_string(c.*section.*field); }};
}

template <class S>
KeyDef size_key(std::string key, S Config::*section, int64_t S::*field, int64_t min,
                int64_t max) {
    return {std::move(key), {},
            [=](Config& c, const RawSetting& raw) -> std::string {
                if (auto problem = scalar_problem(raw); !problem.empty()) return problem;
                auto bytes = parse_size_bytes(raw.text);
                if (!bytes) return raw.shown() + " is not a size (e.g. 65536, 64KiB, 1MB)";
                if (*bytes < static_cast<double>(min) || *bytes > static_cast<double>(max))
                    return raw.shown() + " is out of range " + std::to_string(min) + ".." +
                           std::to_string(max) + " bytes";
                c.*section.*field = static_cast<int64_t>(std::llround(*bytes));
                return "";
            },
            [=](const Config& c) { return std::to_string(c.*section.*field); }};
}

template <class S>
KeyDef bool_key(std::string key, S Config::*section, bool S::*field) {
    return {std::move(key), {},
            [=](Config& c, const RawSetting& raw) -> std::string {
                if (auto problem = scalar_problem(raw); !problem.empty()) return problem;
                auto value = parse_bool(raw.text);
                if (!value) return raw.shown() + " is not a boolean (true/false/yes/no/on/off/1/0)";
                c.*section.*field = *value;
                return "";
            },
            [=](const Config& c) { return std::string(c.*section.*field ? "true" : "false"); }};
}

// Stored in seconds; T is int64_t (rounded) or double.
template <class S, class T>
KeyDef duration_key(std::string key, S Config::*section, T S::*field, Zero zero) {
    return {std::move(key), {},
            [=](Config& c, const RawSetting& raw) -> std::string {
                if (auto problem = scalar_problem(raw); !problem.empty()) return problem;
                auto seconds = parse_duration_seconds(raw.text);
                if (!seconds) return raw.shown() + " is not a duration (e.g. 3600, 30s, 7d, 2w, 30 days)";
                if (zero == Zero::Rejected && *seconds <= 0) return "must be greater than zero";
                if constexpr (std::is_integral_v<T>)
                    c.*section.*field = static_cast<T>(std::llround(*seconds));
                else
                    c.*section.*field = *seconds;
                return "";
            },
            [=](const Config& c) {
                return format_number(static_cast<double>(c.*section.*field)) + "s";
            }};
}

// One of fixed words, matched case-insensitively; `choices` maps the upper-cased accepted
// word to the stored value.
template <class S>
KeyDef choice_key(std::string key, S Config::*section, std::string S::*field,
                  std::vector<std::pair<std::string, std::string>> choices) {
    return {std::move(key), {},
            [=](Config& c, const RawSetting& raw) -> std::string {
                if (auto problem = scalar_problem(raw); !problem.empty()) return problem;
                const std::string word = to_upper(trim(raw.text));
                std::string allowed;
                for (const auto& [accepted, stored] : choices) {
                    if (to_upper(accepted) == word) {
                        c.*section.*field = stored;
                        return "";
                    }
                    allowed += (allowed.empty() ? "" : ", ") + accepted;
                }
                return raw.shown() + " is not one of " + allowed;
            },
            [=](const Config& c) { return c.*section.*field; }};
}

// A YAML sequence, or text split on ':' (env, CLI, or a YAML scalar).
template <class S>
KeyDef list_key(std::string key, S Config::*section, std::vector<std::string> S::*field) {
    return {std::move(key), {},
            [=](Config& c, const RawSetting& raw) -> std::string {
                switch (raw.shape) {
                    case RawSetting::Shape::Map: return "expected a list, got a mapping";
                    case RawSetting::Shape::Null: c.*section.*field = {}; return "";
                    case RawSetting::Shape::List: c.*section.*field = raw.list; return "";
                    case RawSetting::Shape::Scalar: break;
                }
                c.*section.*field = split_colon_list(raw.text);
                return "";
            },
            [=](const Config& c) {
                std::string joined;
                for (const auto& item : c.*section.*field)
                    joined += (joined.empty() ? "" : ":") + item;
                return joined;
            }};
}

}  // namespace qbt::config::detail
