// `>`, `<`, `>=`, `<=`, `older_than`, `newer_than`, `larger_than`, `smaller_than`.
#include "cases.hpp"

#include <cmath>
#include <string>
#include <vector>

using qbt_test::Case;
using qbt_test::CorePlugin;
using qbt_test::Value;

namespace {
constexpr int64_t kNow = 1'700'000'000;
}

TEST(Comparison, NumericOnEitherKindOfNumber) {
    qbt_test::expect_cases({
        {">", 1.0, 1.5, 1},         {">", 1.0, 1.0, 0},       {">", 1, 2, 1},
        {">", 604800, 604801, 1},   {">", 604800, 604800, 0}, {">=", 1.0, 1, 1},
        {">=", 1, 0.999, 0},        {"<", 10, 9.5, 1},        {"<", 10, 10, 0},
        {"<=", 10, 10.0, 1},        {"<=", 10, 11, 0},        {"<", 0, -1, 1},
        {">", "1.0", 2, 1},         // `value: '${vars.min_ratio}'` yields "1.0"
        {">=", "2", 2.0, 1},
        {">", 1, "5", 1},           // a field that is wholly a number counts as one
        {">", Value(int64_t{9007199254740992}), Value(int64_t{9007199254740993}), 1},
    });
}

TEST(Comparison, NonNumericFieldNeverMatches) {
    for (const char* op : {">", "<", ">=", "<="})
        qbt_test::expect_cases({
            {op, 1, "abc", 0},
            {op, 1, "", 0},
            {op, 1, true, 0},
            {op, 1, nullptr, 0},
            {op, 1, Value::object({}), 0},
        });
}

TEST(Comparison, RejectsNonNumericValues) {
    for (const char* op : {">", "<", ">=", "<="}) {
        auto list = CorePlugin::get().compile(op, Value::list({1}));
        EXPECT_EQ(list.rc, QBT_E_INVALID) << op;
        EXPECT_NE(list.message.find("expects a number"), std::string::npos) << list.message;
        EXPECT_NE(list.message.find("a list"), std::string::npos) << list.message;
        auto text = CorePlugin::get().compile(op, "lots");
        EXPECT_EQ(text.rc, QBT_E_INVALID) << op;
        EXPECT_NE(text.message.find("'lots'"), std::string::npos) << text.message;
        EXPECT_EQ(CorePlugin::get().compile(op, true).rc, QBT_E_INVALID) << op;
        EXPECT_EQ(CorePlugin::get().compile(op, nullptr).rc, QBT_E_INVALID) << op;
    }
}

TEST(Age, EveryDurationForm) {
    const std::vector<std::pair<Value, int64_t>> durations = {
        {"30s", 30},          {"1 second", 1},       {"45 seconds", 45},   {"15m", 900},
        {"1 minute", 60},     {"5 minutes", 300},    {"12h", 43200},       {"1 hour", 3600},
        {"2 hours", 7200},    {"1.5 hours", 5400},   {"7d", 604800},       {"1 day", 86400},
        {"3 days", 259200},   {"2w", 1209600},       {"1 week", 604800},   {"1 month", 2592000},
        {"2 months", 5184000}, {"1 year", 31536000}, {"3600", 3600},       {3600, 3600},
        {90.0, 90},           {"0.5d", 43200},
    };
    std::vector<Case> cases;
    for (const auto& [text, seconds] : durations) {
        const Value just_older(kNow - seconds - 1), just_newer(kNow - seconds + 1);
        cases.push_back({"older_than", text, just_older, 1});
        cases.push_back({"older_than", text, just_newer, 0});
        cases.push_back({"newer_than", text, just_newer, 1});
        cases.push_back({"newer_than", text, just_older, 0});
    }
    qbt_test::expect_cases(cases, kNow);
}

TEST(Age, UnsetTimestampsMatchNeither) {
    std::vector<Case> cases;
    for (const char* op : {"older_than", "newer_than"})
        for (const Value& ts : {Value(0), Value(-1), Value(-86400.0), Value("0"), Value("never")})
            cases.push_back({op, "1 day", ts, 0});
    cases.push_back({"newer_than", "1 day", Value(kNow + 100), 1});  // in the future: age < 0
    cases.push_back({"older_than", "1 day", Value(std::to_string(kNow - 90000)), 1});
    cases.push_back({"older_than", "1 day", Value(double(kNow - 90000)), 1});
    qbt_test::expect_cases(cases, kNow);
}

TEST(Age, BadDurationNamesTheTextAndTheForms) {
    for (const Value& bad : {Value("7 fortnights"), Value("soon"), Value("5 ms"), Value("-1 day"),
                             Value(""), Value(true), Value(-5), Value::list({"1d"})}) {
        auto got = CorePlugin::get().compile("older_than", bad);
        EXPECT_EQ(got.rc, QBT_E_INVALID) << qbt_test::show(bad.get());
        EXPECT_NE(got.message.find("not a duration"), std::string::npos) << got.message;
        EXPECT_NE(got.message.find("12h"), std::string::npos) << got.message;
    }
    auto named = CorePlugin::get().compile("newer_than", "7 fortnights");
    EXPECT_NE(named.message.find("'7 fortnights'"), std::string::npos) << named.message;
    EXPECT_NE(named.message.find("newer_than"), std::string::npos) << named.message;
}

TEST(Size, EveryUnitForm) {
    const std::vector<std::pair<Value, double>> sizes = {
        {"100", 100},         {100, 100},                   {"100 B", 100},
        {"1 kB", 1000},       {"1.5 kB", 1500},             {"1 KB", 1000},
        {"2 MB", 2e6},        {"1.5 GB", 1.5e9},            {"2 TB", 2e12},
        {"1 KiB", 1024},      {"1 MiB", 1048576},           {"1.5 GiB", 1610612736},
        {"1 TiB", 1099511627776.0}, {"700MiB", 734003200},  {"8 b", 1},
        {"12 b", 1.5},        {"1 kb", 125},                {"1 Kb", 125},
        {"100 Mb", 12.5e6},   {"1 Gb", 1.25e8},             {"1 Kib", 128},
        {"0.5 MB", 500000},   {1e6, 1e6},
    };
    std::vector<Case> cases;
    for (const auto& [text, bytes] : sizes) {
        const Value above(std::floor(bytes) + 1), below(std::ceil(bytes) - 1),
            exact(static_cast<int64_t>(bytes));
        cases.push_back({"larger_than", text, above, 1});
        cases.push_back({"larger_than", text, below, 0});
        cases.push_back({"smaller_than", text, below, 1});
        cases.push_back({"smaller_than", text, above, 0});
        if (bytes == std::floor(bytes)) {  // strictly: the exact size is neither
            cases.push_back({"larger_than", text, exact, 0});
            cases.push_back({"smaller_than", text, exact, 0});
        }
    }
    qbt_test::expect_cases(cases);
}

TEST(Size, NonSizesAndNegativeCountsMatchNeither) {
    qbt_test::expect_cases({
        {"smaller_than", "1 GB", -1, 0},     // qBittorrent's "unknown/unlimited"
        {"larger_than", "0", -1, 0},
        {"smaller_than", "1 GB", "big", 0},
        {"smaller_than", "1 GB", true, 0},
        {"smaller_than", "1 GB", "1000", 1},  // wholly-numeric text counts
        {"larger_than", "0", 1, 1},
    });
}

TEST(Size, BadSizeIsInvalid) {
    for (const Value& bad : {Value("1 XB"), Value("big"), Value("1 k"), Value("1 GBs"),
                             Value("-5 MB"), Value("0x10"), Value(""), Value(-1), Value(false),
                             Value::list({"1 GB"})}) {
        auto got = CorePlugin::get().compile("larger_than", bad);
        EXPECT_EQ(got.rc, QBT_E_INVALID) << qbt_test::show(bad.get());
        EXPECT_NE(got.message.find("not a size"), std::string::npos) << got.message;
        EXPECT_NE(got.message.find("KiB"), std::string::npos) << got.message;
    }
}
