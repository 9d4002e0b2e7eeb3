// cleanup::plan_removal and freed_bytes: what stays because another torrent uses it,
// cross-seed groups (transitive, all or none), and the bytes a removal frees.
#include "cleanup/removal_plan.hpp"
#include "cleanup_fakes.hpp"

#include <gtest/gtest.h>

namespace qbt::testing {
namespace {

class RemovalPlanTest : public ::testing::Test {
protected:
    void SetUp() override {
        usage.add("a", "Show", "/d", {{"Show/e1.mkv", 100}, {"Show/a.nfo", 5}});
        usage.add("b", "Show", "/d", {{"Show/e1.mkv", 100}, {"Show/b.nfo", 7}});
        usage.add("c", "Other", "/d", {{"Other/x", 50}, {"Show/b.nfo", 7}});
        usage.add("solo", "Solo", "/d", {{"Solo.iso", 9}});
        usage.share("a", "b", "Show/e1.mkv");
        usage.share("b", "c", "Show/b.nfo");
    }
    FakeUsage usage;
};

TEST_F(RemovalPlanTest, SharedFilesAreKeptNamingTheOtherTorrent) {
    const auto plan = cleanup::plan_removal(usage, key("a"), true, false, {});
    ASSERT_EQ(plan.code, QBT_OK) << plan.refused;
    ASSERT_EQ(plan.torrents.size(), 1u);
    const auto& t = plan.torrents[0];
    ASSERT_EQ(t.kept.size(), 1u);
    EXPECT_EQ(t.kept[0].path, "/d/Show/e1.mkv");
    ASSERT_EQ(t.kept[0].shared_with.size(), 1u);
    EXPECT_EQ(t.kept[0].shared_with[0].hash, "b");
    ASSERT_EQ(t.remove.size(), 1u);
    EXPECT_EQ(t.remove[0].relative, "Show/a.nfo");
}

TEST_F(RemovalPlanTest, AGroupIsEveryTorrentReachableThroughSharedFiles) {
    const auto plan = cleanup::plan_removal(usage, key("a"), true, true, {});
    ASSERT_EQ(plan.code, QBT_OK) << plan.refused;
    ASSERT_EQ(plan.torrents.size(), 3u) << "a-b share e1.mkv, b-c share b.nfo";
    EXPECT_EQ(plan.torrents[0].key.hash, "a");
    EXPECT_EQ(plan.torrents[0].group_of, "");
    EXPECT_EQ(plan.torrents[1].group_of, "a");
    for (const auto& t : plan.torrents) EXPECT_TRUE(t.kept.empty()) << t.key.hash << ": the whole group goes";
}

TEST_F(RemovalPlanTest, OneUnjudgeableMemberRefusesTheWholeGroup) {
    usage.unknown.insert(key("c"));
    const auto plan = cleanup::plan_removal(usage, key("a"), true, true, {});
    EXPECT_EQ(plan.code, QBT_E_STATE);
    EXPECT_NE(plan.refused.find("cross-seed home/c cannot be judged"), std::string::npos) << plan.refused;
    EXPECT_TRUE(plan.torrents.empty());
    const auto alone = cleanup::plan_removal(usage, key("a"), true, false, {});
    EXPECT_EQ(alone.code, QBT_OK) << "without the group, c does not matter";
}

TEST_F(RemovalPlanTest, UnknownFilesOrAnIncompleteIndexRefuse) {
    usage.problem_text = "instance seedbox is unreachable";
    const auto plan = cleanup::plan_removal(usage, key("solo"), true, false, {});
    EXPECT_EQ(plan.code, QBT_E_STATE);
    EXPECT_NE(plan.refused.find("instance seedbox is unreachable"), std::string::npos) << plan.refused;
    const auto keep_files = cleanup::plan_removal(usage, key("solo"), false, false, {});
    EXPECT_EQ(keep_files.code, QBT_OK) << "the files stay: nothing to judge";
    const auto missing = cleanup::plan_removal(usage, key("nope"), true, false, {});
    EXPECT_EQ(missing.code, QBT_E_NOT_FOUND);
}

TEST_F(RemovalPlanTest, ATorrentAlreadyRemovedNoLongerKeepsAFile) {
    const auto plan = cleanup::plan_removal(usage, key("a"), true, false, {key("b")});
    ASSERT_EQ(plan.code, QBT_OK);
    EXPECT_TRUE(plan.torrents[0].kept.empty());
    EXPECT_EQ(plan.torrents[0].remove.size(), 2u);
}

TEST_F(RemovalPlanTest, FreedBytesCountAnInodeOnceAllItsLinksGo) {
    cleanup::RemovalPlan plan;
    cleanup::TorrentRemoval t;
    cleanup::UsedFile own{"own", "/d/own", 10, true, 1, 1, 100, {}};
    cleanup::UsedFile library{"lib", "/d/lib", 20, true, 2, 1, 200, {}};  // also linked from a library
    cleanup::UsedFile pair_a{"p", "/d/p1", 30, true, 2, 1, 300, {}};       // hard-linked cross-seed pair
    cleanup::UsedFile pair_b{"p", "/d/p2", 30, true, 2, 1, 300, {}};
    t.remove = {own, library, pair_a};
    plan.torrents.push_back(t);
    EXPECT_EQ(cleanup::freed_bytes(plan, std::nullopt), 10u) << "the library link and the pair's other link stay";
    plan.torrents[0].remove.push_back(pair_b);
    EXPECT_EQ(cleanup::freed_bytes(plan, std::nullopt), 40u) << "both links of the pair go: counted once";
    EXPECT_EQ(cleanup::freed_bytes(plan, 1), 0u) << "renamed into a bin on the same device frees nothing";
    EXPECT_EQ(cleanup::freed_bytes(plan, 2), 40u) << "a bin on another device: the data left this one";
}

}  // namespace
}  // namespace qbt::testing
