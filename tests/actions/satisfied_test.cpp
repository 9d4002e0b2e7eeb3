// is_satisfied(): "already in effect" per action, with 4.x and 5.x state names.
#include "unit_fixture.hpp"

namespace qbt::testing {

namespace {
std::string state(const char* s, double progress = 1) {
    return std::string(R"({"state":")") + s + R"(","progress":)" + std::to_string(progress) + "}";
}
}  // namespace

TEST_F(ActionsUnit, StopIsSatisfiedOnlyOnPausedOrStoppedStates) {
    auto stop = compile("stop");
    for (const char* s : {"pausedUP", "pausedDL", "stoppedUP", "stoppedDL"}) EXPECT_EQ(satisfied(*stop, state(s)), 1) << s;
    for (const char* s : {"uploading", "stalledUP", "stalledDL", "forcedUP", "queuedUP", "downloading", "metaDL",
                          "checkingUP", "error", "missingFiles", "moving", "unknown"})
        EXPECT_EQ(satisfied(*stop, state(s)), 0) << s;
    EXPECT_EQ(satisfied(*stop, "{}"), 0) << "no state: send the stop";
}

TEST_F(ActionsUnit, StartIsSatisfiedOnlyOnSurelyRunningStates) {
    auto start = compile("resume");
    for (const char* s : {"uploading", "stalledUP", "forcedUP", "queuedUP", "downloading", "stalledDL", "queuedDL",
                          "forcedDL", "metaDL", "forcedMetaDL", "allocating"})
        EXPECT_EQ(satisfied(*start, state(s)), 1) << s;
    for (const char* s : {"pausedUP", "pausedDL", "stoppedUP", "stoppedDL", "checkingUP", "checkingDL",
                          "checkingResumeData", "error", "missingFiles", "moving", "unknown"})
        EXPECT_EQ(satisfied(*start, state(s)), 0) << s;
}

TEST_F(ActionsUnit, ForceStartComparesTheFlag) {
    auto on = compile("force_start");
    auto off = compile("force_start", R"({"value": false})");
    EXPECT_EQ(satisfied(*on, R"({"force_start":true})"), 1);
    EXPECT_EQ(satisfied(*on, R"({"force_start":false})"), 0);
    EXPECT_EQ(satisfied(*off, R"({"force_start":false})"), 1);
    EXPECT_EQ(satisfied(*off, R"({"force_start":true})"), 0);
    EXPECT_EQ(satisfied(*on, "{}"), 0);
}

TEST_F(ActionsUnit, TagActionsCompareTheTagSet) {
    auto add = compile("add_tag", R"({"tags": ["a", "b"]})");
    EXPECT_EQ(satisfied(*add, R"({"tags":"a, b, c"})"), 1);
    EXPECT_EQ(satisfied(*add, R"({"tags":"a"})"), 0);
    EXPECT_EQ(satisfied(*add, R"({"tags":"A, B"})"), 0) << "tags are case-sensitive";
    EXPECT_EQ(satisfied(*add, R"({"tags":["a", "b"]})"), 1) << "an already split list works too";
    auto remove = compile("remove_tag", R"({"tags": "x"})");
    EXPECT_EQ(satisfied(*remove, R"({"tags":"a, b"})"), 1);
    EXPECT_EQ(satisfied(*remove, R"({"tags":""})"), 1);
    EXPECT_EQ(satisfied(*remove, R"({"tags":"a, x"})"), 0);
    auto set = compile("set_tags", R"({"tags": ["b", "a"]})");
    EXPECT_EQ(satisfied(*set, R"({"tags":"a, b"})"), 1);
    EXPECT_EQ(satisfied(*set, R"({"tags":"a"})"), 0);
    EXPECT_EQ(satisfied(*set, R"({"tags":"a, b, c"})"), 0);
    auto clear = compile("set_tags", R"({"tags": []})");
    EXPECT_EQ(satisfied(*clear, R"({"tags":""})"), 1);
    EXPECT_EQ(satisfied(*clear, R"({"tags":"a"})"), 0);
}

TEST_F(ActionsUnit, CategoryComparesExactly) {
    auto movies = compile("set_category", R"({"category": "movies"})");
    auto none = compile("set_category", R"({"category": ""})");
    EXPECT_EQ(satisfied(*movies, R"({"category":"movies"})"), 1);
    EXPECT_EQ(satisfied(*movies, R"({"category":"Movies"})"), 0);
    EXPECT_EQ(satisfied(*movies, R"({"category":""})"), 0);
    EXPECT_EQ(satisfied(*none, R"({"category":""})"), 1);
    EXPECT_EQ(satisfied(*none, R"({"category":"movies"})"), 0);
}

TEST_F(ActionsUnit, LimitsTreatZeroAndMinusOneAsUnlimited) {
    auto unlimited = compile("set_upload_limit", R"({"limit": -1})");
    auto zero = compile("set_download_limit", R"({"limit": 0})");
    auto mib = compile("set_upload_limit", R"({"limit": "1 MiB"})");
    EXPECT_EQ(satisfied(*unlimited, R"({"up_limit":0})"), 1);
    EXPECT_EQ(satisfied(*unlimited, R"({"up_limit":-1})"), 1);
    EXPECT_EQ(satisfied(*unlimited, R"({"up_limit":1000})"), 0);
    EXPECT_EQ(satisfied(*unlimited, R"({"dl_limit":0})"), 0) << "the download field does not count";
    EXPECT_EQ(satisfied(*zero, R"({"dl_limit":-1})"), 1);
    EXPECT_EQ(satisfied(*mib, R"({"up_limit":1048576})"), 1);
    EXPECT_EQ(satisfied(*mib, R"({"up_limit":1000000})"), 0);
}

TEST_F(ActionsUnit, ShareLimitsCompareTheFieldsTheServerReports) {
    auto limits = compile("set_share_limits", R"({"ratio": 2, "seeding_time": 60})");
    EXPECT_EQ(satisfied(*limits, R"({"ratio_limit":2,"seeding_time_limit":60})"), 1);  // 4.5.2 shape
    EXPECT_EQ(satisfied(*limits, R"({"ratio_limit":2.0,"seeding_time_limit":60,"inactive_seeding_time_limit":-2})"), 1);
    EXPECT_EQ(satisfied(*limits, R"({"ratio_limit":2,"seeding_time_limit":60,"inactive_seeding_time_limit":5})"), 0);
    EXPECT_EQ(satisfied(*limits, R"({"ratio_limit":1.5,"seeding_time_limit":60})"), 0);
    EXPECT_EQ(satisfied(*limits, R"({"ratio_limit":2,"seeding_time_limit":-2})"), 0);
    EXPECT_EQ(satisfied(*limits, R"({"ratio_limit":2})"), 0);
    auto with_action = compile("set_share_limits", R"({"action": "stop"})");
    EXPECT_EQ(satisfied(*with_action, R"({"ratio_limit":-2,"seeding_time_limit":-2,"share_limit_action":"Stop"})"), 1);
    EXPECT_EQ(satisfied(*with_action, R"({"ratio_limit":-2,"seeding_time_limit":-2,"share_limit_action":"Default"})"), 0);
    EXPECT_EQ(satisfied(*with_action, R"({"ratio_limit":-2,"seeding_time_limit":-2})"), 1)
        << "a server without per-torrent actions cannot differ";
}

TEST_F(ActionsUnit, RecheckReannounceDeleteAreNeverSatisfied) {
    for (const char* name : {"recheck", "reannounce", "delete_torrent"}) {
        auto a = compile(name);
        const int answer = satisfied(*a, state("pausedUP"));
        EXPECT_TRUE(answer == -100 || answer == 0) << name << " answered " << answer;
    }
}

}  // namespace qbt::testing
