// `contains`, `not_contains`, `matches`.
#include "cases.hpp"

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

using qbt_test::CorePlugin;
using qbt_test::Value;

TEST(Contains, SubstringOfTheFieldText) {
    const Value any = Value::list({"x264", "HEVC"});
    qbt_test::expect_cases({
        {"contains", "1080p", "Movie.2020.1080p.x264", 1},
        {"contains", "1080P", "Movie.2020.1080p.x264", 0},  // case-sensitive
        {"contains", "2160p", "Movie.2020.1080p.x264", 0},
        {"contains", "", "anything", 1},                   // as Python's `"" in s`
        {"contains", any, "Show.S01.HEVC", 1},              // a list: any of them
        {"contains", any, "Show.S01.x265", 0},
        {"contains", Value::list({}), "x", 0},
        {"contains", "tracker.lan", "http://tracker.lan:6969/announce", 1},
        {"contains", "42", 1423, 1},                        // numbers as text
        {"contains", 42, 1423, 1},
        {"contains", ".5", 0.5, 1},
        {"contains", "1.0", 1.0, 1},                        // doubles print as Python does
        {"contains", "tru", true, 1},
        {"contains", "a", nullptr, 0},                      // no text, nothing contained
        {"contains", "a", Value::object({{"a", "a"}}), 0},
        {"not_contains", "sample", "Movie.sample.mkv", 0},
        {"not_contains", "sample", "Movie.mkv", 1},
        {"not_contains", any, "Show.x264", 0},
        {"not_contains", any, "Show.AV1", 1},
        {"not_contains", Value::list({}), "x", 1},
        {"not_contains", "a", nullptr, 1},
    });
}

TEST(Contains, RejectsUnusableValues) {
    for (const char* op : {"contains", "not_contains"}) {
        EXPECT_EQ(CorePlugin::get().compile(op, nullptr).rc, QBT_E_INVALID) << op;
        EXPECT_EQ(CorePlugin::get().compile(op, Value::list({"a", nullptr})).rc, QBT_E_INVALID) << op;
        EXPECT_EQ(CorePlugin::get().compile(op, Value::list({Value::list({"a"})})).rc, QBT_E_INVALID);
        EXPECT_EQ(CorePlugin::get().compile(op, Value::object({})).rc, QBT_E_INVALID) << op;
    }
}

TEST(Matches, SearchesWithPythonSyntax) {
    qbt_test::expect_cases({
        {"matches", "S\\d{2}E\\d{2}", "Show.S01E02.720p", 1},   // search, not full match
        {"matches", "^S\\d{2}", "Show.S01E02", 0},
        {"matches", "^Show", "Show.S01E02", 1},
        {"matches", "720p$", "Show.S01E02.720p", 1},
        {"matches", "sample", "Movie.SAMPLE.mkv", 0},
        {"matches", "(?i)sample", "Movie.SAMPLE.mkv", 1},
        {"matches", "(?P<year>(19|20)\\d{2})", "Film (1999)", 1},
        {"matches", "(?P<q>a)b(?P=q)", "xabax", 1},
        {"matches", "mkv\\Z", "file.mkv\n", 0},   // Python \Z: the very end, not before "\n"
        {"matches", "mkv\\Z", "file.mkv", 1},
        {"matches", "mkv$", "file.mkv\n", 1},
        {"matches", "^a{,2}$", "aa", 1},          // Python {,n} = {0,n}
        {"matches", "^a{,2}$", "aaa", 0},
        {"matches", "\\u00e9t\\u00e9", "été", 1},
        {"matches", "^\\w+$", "été", 1},          // \w is Unicode, as in Python 3
        {"matches", "(?i)ÉTÉ", "été", 1},
        {"matches", "[]a]", "]", 1},
        {"matches", "", "anything", 1},
        {"matches", "^1\\d{3}$", 1080, 1},        // numbers are searched as text
        {"matches", "true", true, 1},
        {"matches", ".", nullptr, 0},
        {"matches", "x", std::string("bad \xff\xfe utf8 x"), 1},
    });
}

TEST(Matches, InvalidPatternNamesTheProblemAndWhere) {
    auto bad = CorePlugin::get().compile("matches", "Show.(S01");
    EXPECT_EQ(bad.rc, QBT_E_INVALID);
    EXPECT_NE(bad.message.find("Show.(S01"), std::string::npos) << bad.message;
    EXPECT_NE(bad.message.find("missing closing parenthesis"), std::string::npos) << bad.message;
    EXPECT_NE(bad.message.find("offset 9"), std::string::npos) << bad.message;

    auto quantifier = CorePlugin::get().compile("matches", "a**b");
    EXPECT_EQ(quantifier.rc, QBT_E_INVALID);
    EXPECT_NE(quantifier.message.find("offset"), std::string::npos) << quantifier.message;

    auto number = CorePlugin::get().compile("matches", 1080);
    EXPECT_EQ(number.rc, QBT_E_INVALID);
    EXPECT_NE(number.message.find("expects a regular expression string"), std::string::npos);
    EXPECT_EQ(CorePlugin::get().compile("matches", Value::list({"a"})).rc, QBT_E_INVALID);
    EXPECT_EQ(CorePlugin::get().compile("matches", true).rc, QBT_E_INVALID);
}

TEST(Matches, CatastrophicPatternHitsTheLimitInsteadOfHanging) {
    const std::string subject = std::string(5000, 'a') + "!";
    for (const char* pattern : {"(a+)+$", "(a|aa)+$", "^(\\w+\\s?)*$"}) {
        const auto start = std::chrono::steady_clock::now();
        auto got = CorePlugin::get().evaluate("matches", pattern, subject);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        EXPECT_LT(seconds, 5.0) << pattern;
        EXPECT_EQ(got.rc, QBT_E_LIMIT) << pattern << ": " << got.message;
        EXPECT_NE(got.message.find("limit"), std::string::npos) << got.message;
    }
    // The same pattern still answers normally on input it handles.
    EXPECT_EQ(CorePlugin::get().evaluate("matches", "(a+)+$", "aaaa").rc, 1);
}

// One compiled rule matched from several threads at once: each thread has its own scratch.
TEST(Matches, CompiledPatternIsSafeToShareAcrossThreads) {
    const qbt_condition_operator* op = CorePlugin::get().find("matches");
    ASSERT_NE(op, nullptr);
    const Value pattern("(?i)s(\\d+)e(\\d+)");
    qbt_error err{};
    void* state = nullptr;
    ASSERT_EQ(op->compile(pattern.get(), &state, &err), QBT_OK);
    const Value hit("Show.S01E02"), miss("Show.Special");
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            const qbt_match_context ctx{sizeof(qbt_match_context), 0};
            qbt_error e{};
            for (int i = 0; i < 2000; ++i)
                if (op->match(state, hit.get(), &ctx, &e) != 1 || op->match(state, miss.get(), &ctx, &e) != 0)
                    ++wrong;
        });
    for (auto& t : threads) t.join();
    op->release(state);
    EXPECT_EQ(wrong.load(), 0);
}
