// sdk/include/qbt/cpp/units.hpp directly: parse_duration and parse_size.
#include <qbt/cpp/units.hpp>

#include <gtest/gtest.h>

#include <clocale>
#include <string>
#include <utility>
#include <vector>

using qbt::sdk::parse_duration;
using qbt::sdk::parse_size;

TEST(Units, Durations) {
    const std::vector<std::pair<std::string, double>> good = {
        {"0", 0},           {"3600", 3600},       {"1.5", 1.5},         {"30s", 30},
        {"1 s", 1},         {"1 sec", 1},         {"2 secs", 2},        {"1 second", 1},
        {"2 seconds", 2},   {"15m", 900},         {"1 min", 60},        {"3 mins", 180},
        {"1 minute", 60},   {"2 Minutes", 120},   {"12h", 43200},       {"1 hr", 3600},
        {"2 hrs", 7200},    {"1 hour", 3600},     {"2 HOURS", 7200},    {"7d", 604800},
        {"1 day", 86400},   {"3 days", 259200},   {"2w", 1209600},      {"1 week", 604800},
        {"2 weeks", 1209600}, {"1mo", 2592000},   {"1 month", 2592000}, {"2 months", 5184000},
        {"1y", 31536000},   {"1 yr", 31536000},   {"1 year", 31536000}, {"2 years", 63072000},
        {" 1.5 hours ", 5400}, {".5d", 43200},    {"1e3", 1000},
    };
    for (const auto& [text, seconds] : good) {
        auto got = parse_duration(text);
        ASSERT_TRUE(got.has_value()) << "'" << text << "'";
        EXPECT_DOUBLE_EQ(*got, seconds) << "'" << text << "'";
    }
    for (const char* bad : {"", " ", "abc", "day", "1 fortnight", "5ms", "5 ms", "1 hs", "1 ds",
                            "1 ss", "-1 day", "+1 day", "0x10", "1e999", "inf", "nan", "1 day ago",
                            "1 d a y", "1,5 h"})
        EXPECT_FALSE(parse_duration(bad).has_value()) << "'" << bad << "'";
}

TEST(Units, Sizes) {
    const std::vector<std::pair<std::string, double>> good = {
        {"0", 0},             {"100", 100},          {"100 B", 100},         {"100B", 100},
        {"8 b", 1},           {"1 b", 0.125},        {"1 kB", 1e3},          {"1 KB", 1e3},
        {"1 MB", 1e6},        {"1 GB", 1e9},         {"1 TB", 1e12},         {"1 PB", 1e15},
        {"1.5 GB", 1.5e9},    {"1 KiB", 1024},       {"1 MiB", 1048576},     {"1 GiB", 1073741824},
        {"1 TiB", 1099511627776.0}, {"0.5 KiB", 512}, {"1 kb", 125},         {"1 Kb", 125},
        {"1 Mb", 125000},     {"1 Gb", 1.25e8},      {"1 Kib", 128},         {"1 Mib", 131072},
        {" 2 MB ", 2e6},      {"1mB", 1e6},
    };
    for (const auto& [text, bytes] : good) {
        auto got = parse_size(text);
        ASSERT_TRUE(got.has_value()) << "'" << text << "'";
        EXPECT_DOUBLE_EQ(*got, bytes) << "'" << text << "'";
    }
    for (const char* bad : {"", "GB", "1 XB", "1 k", "1 Ki", "1 GBs", "1 bytes", "1 iB", "-1 GB",
                            "0x10", "1e999 TB", "1e308 PB", "inf", "1 kB extra", "1,5 GB"})
        EXPECT_FALSE(parse_size(bad).has_value()) << "'" << bad << "'";
}

// A host that sets a locale with a decimal comma must not change what "1.5" means.
TEST(Units, IndependentOfTheCLocale) {
    const char* previous = std::setlocale(LC_NUMERIC, nullptr);
    const std::string saved = previous ? previous : "C";
    if (!std::setlocale(LC_NUMERIC, "de_DE.UTF-8") && !std::setlocale(LC_NUMERIC, "fr_FR.UTF-8"))
        GTEST_SKIP() << "no decimal-comma locale installed";
    EXPECT_EQ(parse_size("1.5 kB"), 1500.0);
    EXPECT_EQ(parse_duration("1.5 h"), 5400.0);
    std::setlocale(LC_NUMERIC, saved.c_str());
}
