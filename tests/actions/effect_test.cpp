// effect(): the info fields an action changes, as later rules of the job see them.
#include "unit_fixture.hpp"

namespace qbt::testing {

TEST_F(ActionsUnit, StopEffectNamesThePausedStateOfTheServer) {
    auto stop = compile("stop");
    Torrents one;
    one.add(hash(1), R"({"state":"uploading","progress":1})");
    host.version = {2, 8, 19};
    run(*stop, one);  // the plugin learns the server's naming from execute()
    EXPECT_EQ(effect(*stop, R"({"state":"uploading","progress":1})"), R"({"state":"pausedUP"})");
    EXPECT_EQ(effect(*stop, R"({"state":"downloading","progress":0.5})"), R"({"state":"pausedDL"})");
    host.version = {2, 11, 2};
    run(*stop, one);
    EXPECT_EQ(effect(*stop, R"({"state":"stalledUP","progress":1})"), R"({"state":"stoppedUP"})");
    EXPECT_EQ(effect(*stop, R"({"state":"metaDL","progress":0})"), R"({"state":"stoppedDL"})");
    EXPECT_EQ(effect(*stop, R"({"state":"error","progress":1})"), "{}") << "error keeps precedence";
    EXPECT_EQ(effect(*stop, R"({"state":"missingFiles","progress":1})"), "{}");
    host.version = {2, 8, 19};
    run(*stop, one);
}

TEST_F(ActionsUnit, StartAndForceStartEffects) {
    auto start = compile("start");
    EXPECT_EQ(effect(*start, R"({"state":"pausedUP","progress":1})"), R"({"state":"stalledUP"})");
    EXPECT_EQ(effect(*start, R"({"state":"stoppedDL","progress":0.2})"), R"({"state":"stalledDL"})");
    EXPECT_EQ(effect(*start, R"({"state":"error","progress":0.2})"), "{}");
    auto force = compile("force_start");
    EXPECT_EQ(effect(*force, R"({"state":"pausedUP","progress":1,"force_start":false})"),
              R"({"force_start":true,"state":"forcedUP"})");
    EXPECT_EQ(effect(*force, R"({"state":"downloading","progress":0.1,"force_start":false})"),
              R"({"force_start":true,"state":"forcedDL"})");
    auto unforce = compile("force_start", R"({"value": false})");
    EXPECT_EQ(effect(*unforce, R"({"state":"forcedUP","progress":1,"force_start":true})"),
              R"({"force_start":false,"state":"stalledUP"})");
    EXPECT_EQ(effect(*unforce, R"({"state":"checkingUP","progress":1,"force_start":true})"),
              R"({"force_start":false})");
}

TEST_F(ActionsUnit, RecheckReannounceDeleteEffects) {
    EXPECT_EQ(effect(*compile("recheck"), R"({"state":"pausedUP","progress":1})"), R"({"state":"checkingUP"})");
    EXPECT_EQ(effect(*compile("recheck"), R"({"state":"stalledDL","progress":0.3})"), R"({"state":"checkingDL"})");
    EXPECT_EQ(effect(*compile("reannounce"), R"({"state":"stalledUP"})"), "{}");
    EXPECT_EQ(effect(*compile("delete_torrent"), R"({"state":"stalledUP"})"), "{}");
}

TEST_F(ActionsUnit, TagEffectsKeepQbittorrentsFormatAndOrder) {
    auto add = compile("add_tag", R"({"tags": ["a9", "C", "b"]})");
    EXPECT_EQ(effect(*add, R"({"tags":"a10, b"})"), R"({"tags":"a9, a10, b, C"})");
    EXPECT_EQ(effect(*add, R"({"tags":""})"), R"({"tags":"a9, b, C"})");
    auto remove = compile("remove_tag", R"({"tags": ["b", "zz"]})");
    EXPECT_EQ(effect(*remove, R"({"tags":"a, b, c"})"), R"({"tags":"a, c"})");
    EXPECT_EQ(effect(*remove, R"({"tags":"b"})"), R"({"tags":""})");
    auto set = compile("set_tags", R"({"tags": ["x2", "X1", "x10"]})");
    EXPECT_EQ(effect(*set, R"({"tags":"old"})"), R"({"tags":"X1, x2, x10"})");
    EXPECT_EQ(effect(*compile("add_tag", R"({"tags": ["A", "a"]})"), R"({"tags":""})"), R"({"tags":"a, A"})")
        << "case ties: lower case first";
    EXPECT_EQ(effect(*compile("add_tag", R"({"tags": "quo\"te"})"), R"({"tags":""})"), R"({"tags":"quo\"te"})");
}

TEST_F(ActionsUnit, CategoryLimitAndShareLimitEffects) {
    EXPECT_EQ(effect(*compile("set_category", R"({"category": "tv"})"), R"({"category":"movies"})"),
              R"({"category":"tv"})");
    EXPECT_EQ(effect(*compile("set_category", R"({"category": ""})"), R"({"category":"movies"})"),
              R"({"category":""})");
    EXPECT_EQ(effect(*compile("set_upload_limit", R"({"limit": "2 KiB"})"), "{}"), R"({"up_limit":2048})");
    EXPECT_EQ(effect(*compile("set_download_limit", R"({"limit": 0})"), "{}"), R"({"dl_limit":0})") << "as qBittorrent reports it";
    auto limits = compile("set_share_limits", R"({"ratio": 1.5, "seeding_time": "1 day"})");
    EXPECT_EQ(effect(*limits, R"({"ratio_limit":-2,"seeding_time_limit":-2})"),
              R"({"ratio_limit":1.5,"seeding_time_limit":1440})");
    EXPECT_EQ(effect(*limits, R"({"ratio_limit":-2,"seeding_time_limit":-2,"inactive_seeding_time_limit":9,"share_limit_action":"Stop"})"),
              R"({"ratio_limit":1.5,"seeding_time_limit":1440,"inactive_seeding_time_limit":-2,"share_limit_action":"Default"})");
}

}  // namespace qbt::testing
