// Every action against a real qbittorrent-nox (4.5.2, and 5.1 as actions_real_qbt51): the
// change shows in torrents/info, effect() predicted it, and is_satisfied() answers 1 afterwards.
#include "real_fixture.hpp"

#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>

using ::testing::HasSubstr;

namespace qbt::testing {

TEST_F(ActionsReal, TagActionsChangeTagsInQbittorrentOrder) {
    const auto hashes = add("tags", 2, {"old"});
    auto add_tag = compile("add_tag", R"({"tags": ["b", "a10", "a9", "Zed"]})");
    Torrents before = fetch(hashes);
    run(*add_tag, hashes);
    EXPECT_EQ(tag_set(field_text(hashes[0], "tags")), tag_set("a9, a10, b, old, Zed"));
    expect_effect_is_real(*add_tag, before, hashes[1]);
    expect_satisfied(*add_tag, hashes);

    auto remove_tag = compile("remove_tag", R"({"tags": ["b", "old"]})");
    before = fetch(hashes);
    run(*remove_tag, hashes);
    EXPECT_EQ(tag_set(field_text(hashes[0], "tags")), tag_set("a9, a10, Zed"));
    expect_effect_is_real(*remove_tag, before, hashes[0]);
    expect_satisfied(*remove_tag, hashes);

    auto set_tags = compile("set_tags", R"({"tags": ["a9", "fresh tag"]})");
    before = fetch(hashes);
    run(*set_tags, hashes);
    EXPECT_EQ(tag_set(field_text(hashes[1], "tags")), tag_set("a9, fresh tag"));
    expect_effect_is_real(*set_tags, before, hashes[1]);
    expect_satisfied(*set_tags, hashes);

    auto clear = compile("set_tags", R"({"tags": []})");
    run(*clear, hashes);
    EXPECT_EQ(field_text(hashes[0], "tags"), "");
    expect_satisfied(*clear, hashes);
}

TEST_F(ActionsReal, SetCategoryCreatesAMissingCategory) {
    const auto hashes = add("category", 2);
    auto set = compile("set_category", R"({"category": "new cat/HD"})");
    EXPECT_EQ(lab().get("torrents/categories").find("new cat/HD"), std::string::npos);
    Torrents before = fetch(hashes);
    run(*set, hashes);
    EXPECT_EQ(field_text(hashes[0], "category"), "new cat/HD");
    EXPECT_EQ(field_text(hashes[1], "category"), "new cat/HD");
    EXPECT_NE(lab().get("torrents/categories").find("new cat/HD"), std::string::npos);
    expect_effect_is_real(*set, before, hashes[0]);
    expect_satisfied(*set, hashes);

    auto clear = compile("set_category", R"({"category": ""})");
    run(*clear, hashes);
    EXPECT_EQ(field_text(hashes[1], "category"), "");
    expect_satisfied(*clear, hashes);
}

TEST_F(ActionsReal, StopAndStartChangeTheRunState) {
    const auto hashes = add("runstate", 2);
    auto stop = compile("pause");
    Torrents before = fetch(hashes);
    EXPECT_EQ(stop->is_satisfied(before[0]), 0) << field_text(hashes[0], "state");
    run(*stop, hashes);
    ASSERT_TRUE(wait_until([&] { return is_stopped_state(field_text(hashes[0], "state")) &&
                                        is_stopped_state(field_text(hashes[1], "state")); }))
        << field_text(hashes[0], "state");
    expect_effect_is_real(*stop, before, hashes[0]);
    expect_satisfied(*stop, hashes);

    auto start = compile("start");
    before = fetch(hashes);
    EXPECT_EQ(start->is_satisfied(before[0]), 0);
    run(*start, hashes);
    ASSERT_TRUE(wait_until([&] { return !is_stopped_state(field_text(hashes[0], "state")) &&
                                        !is_stopped_state(field_text(hashes[1], "state")); }));
    ASSERT_TRUE(wait_until([&] { return field_text(hashes[0], "state") == "stalledUP"; }))
        << field_text(hashes[0], "state");
    expect_effect_is_real(*start, before, hashes[0]);
    expect_satisfied(*start, hashes);
}

TEST_F(ActionsReal, ForceStartSetsAndClearsTheFlag) {
    const auto hashes = add("force", 1);
    auto force = compile("force_start");
    Torrents before = fetch(hashes);
    run(*force, hashes);
    EXPECT_EQ(field_text(hashes[0], "force_start"), "true");
    ASSERT_TRUE(wait_until([&] { return field_text(hashes[0], "state") == "forcedUP"; }))
        << field_text(hashes[0], "state");
    expect_effect_is_real(*force, before, hashes[0]);
    expect_satisfied(*force, hashes);

    auto unforce = compile("force_start", R"({"value": false})");
    EXPECT_EQ(unforce->is_satisfied(fetch(hashes)[0]), 0);
    run(*unforce, hashes);
    EXPECT_EQ(field_text(hashes[0], "force_start"), "false");
    expect_satisfied(*unforce, hashes);
}

TEST_F(ActionsReal, SpeedLimitsAreSetAndUnlimitedReadsBackSatisfied) {
    const auto hashes = add("limits", 2);
    auto up = compile("set_upload_limit", R"({"limit": "1 MiB"})");
    auto down = compile("set_download_limit", R"({"limit": 512000})");
    Torrents before = fetch(hashes);
    run(*up, hashes);
    run(*down, hashes);
    EXPECT_EQ(field_text(hashes[0], "up_limit"), "1048576");
    EXPECT_EQ(field_text(hashes[1], "dl_limit"), "512000");
    expect_effect_is_real(*up, before, hashes[0]);
    expect_effect_is_real(*down, before, hashes[1]);
    expect_satisfied(*up, hashes);
    expect_satisfied(*down, hashes);

    auto unlimited = compile("set_upload_limit", R"({"limit": 0})");
    before = fetch(hashes);
    EXPECT_EQ(unlimited->is_satisfied(before[0]), 0);
    run(*unlimited, hashes);
    expect_effect_is_real(*unlimited, before, hashes[0]);
    const std::string reported = field_text(hashes[0], "up_limit");
    EXPECT_TRUE(reported == "0" || reported == "-1") << reported;
    expect_satisfied(*unlimited, hashes);
    expect_satisfied(*compile("set_upload_limit", R"({"limit": -1})"), hashes);
}

TEST_F(ActionsReal, ShareLimitsAreSet) {
    const auto hashes = add("share", 2);
    auto limits = compile("set_share_limits", R"({"ratio": 1.5, "seeding_time": 90})");
    Torrents before = fetch(hashes);
    run(*limits, hashes);
    EXPECT_DOUBLE_EQ(field_number(hashes[0], "ratio_limit"), 1.5);
    EXPECT_EQ(field_text(hashes[0], "seeding_time_limit"), "90");
    expect_effect_is_real(*limits, before, hashes[1]);
    expect_satisfied(*limits, hashes);

    // Fields the server does not know are left out of the call (which still succeeds):
    // inactive_seeding_time needs Web API 2.9.2 (4.6: sent to 5.1), action 2.12 (5.2).
    auto newer = compile("set_share_limits", R"({"ratio": -1, "inactive_seeding_time": 30, "action": "stop"})");
    before = fetch(hashes);
    run(*newer, hashes);
    EXPECT_DOUBLE_EQ(field_number(hashes[1], "ratio_limit"), -1);
    EXPECT_EQ(field_text(hashes[1], "seeding_time_limit"), "-2");
    if (lab().webapi_version().at_least(2, 9, 2))
        EXPECT_EQ(field_text(hashes[1], "inactive_seeding_time_limit"), "30");
    else
        EXPECT_EQ(field_text(hashes[1], "inactive_seeding_time_limit"), "<missing>");
    expect_effect_is_real(*newer, before, hashes[1]);
    expect_satisfied(*newer, hashes);
}

TEST_F(ActionsReal, RecheckFindsDamagedDataAndReannounceIsAccepted) {
    const auto hashes = add("recheck", 1);
    const auto file = lab().data_dir() / "recheck-0.bin";
    ASSERT_TRUE(std::filesystem::exists(file));
    {
        std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
        const std::string junk(4096, 'x');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));  // first piece now wrong
    }
    auto recheck = compile("recheck");
    EXPECT_EQ(recheck->action()->is_satisfied, nullptr);
    run(*recheck, hashes);
    ASSERT_TRUE(wait_until([&] { return field_number(hashes[0], "progress") < 1.0; }, 5))
        << "progress " << field_text(hashes[0], "progress") << " state " << field_text(hashes[0], "state");

    run(*compile("reannounce"), hashes);
}

// delete_torrent removes through the host's file guard (remove_torrents, ABI 1.2), which
// every job of the server installs; a call without one (this fixture's bare host services)
// is refused and removes nothing, with or without files. Deletes through the guard are
// proved on disk against the real server by e2e_cleanup.
TEST_F(ActionsReal, DeleteWithoutTheHostsFileGuardIsRefusedAndRemovesNothing) {
    const auto hashes = add("delete-files", 1);
    const auto file = lab().data_dir() / "delete-files-0.bin";
    ASSERT_TRUE(std::filesystem::exists(file));
    for (const char* params : {"{}", R"({"keep_files": true})"}) {
        Torrents t = fetch(hashes);
        const auto r = compile("delete_torrent", params)->execute(services_->table(), plugin::to_client(&handle_), t.span());
        EXPECT_NE(r.rc, QBT_OK) << params;
        EXPECT_THAT(r.error, HasSubstr("no file guard")) << params;
    }
    EXPECT_TRUE(info(hashes[0]).IsObject()) << "still in qBittorrent";
    EXPECT_TRUE(std::filesystem::exists(file));
}

TEST_F(ActionsReal, TwoHundredFiftyTorrentsTakeTwoCalls) {
    const auto hashes = add("bulk", 250);
    const auto calls_before = api().call_counts();
    auto tag = compile("add_tag", R"({"tags": "bulk"})");
    run(*tag, hashes);
    const auto calls_after = api().call_counts();
    auto count = [](const std::map<std::string, uint64_t>& m) {
        auto it = m.find("torrents/addTags");
        return it == m.end() ? 0 : it->second;
    };
    EXPECT_EQ(count(calls_after) - count(calls_before), 2u);
    expect_satisfied(*tag, hashes);
}

}  // namespace qbt::testing
