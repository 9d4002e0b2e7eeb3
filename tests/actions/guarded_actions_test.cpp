// delete_torrent and set_location go through the host's guarded services (ABI 1.2
// remove_torrents / move_torrents) with the right options, plan in dry runs, and pass the
// guard's per-torrent refusals on; set_location's placeholders.
#include "unit_fixture.hpp"

#include <gmock/gmock.h>

using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace qbt::testing {

TEST_F(ActionsUnit, DeleteTorrentAsksTheGuardWithItsOptions) {
    Torrents t;
    t.add(hash(1), "{}").add(hash(2), "{}");
    struct Case {
        const char* params;
        bool delete_files, include_cross_seeds;
        qbt_recycle_mode recycle;
    };
    const Case cases[] = {
        {"{}", true, false, QBT_RECYCLE_DEFAULT},
        {R"({"keep_files": true})", false, false, QBT_RECYCLE_DEFAULT},
        {R"({"delete_files": false})", false, false, QBT_RECYCLE_DEFAULT},
        {R"({"include_cross_seeds": true})", true, true, QBT_RECYCLE_DEFAULT},
        {R"({"recycle": false})", true, false, QBT_RECYCLE_NEVER},
    };
    for (const Case& c : cases) {
        host.reset();
        auto r = run(*compile("delete_torrent", c.params), t);
        ASSERT_EQ(r.rc, QBT_OK) << c.params << " " << r.error;
        EXPECT_TRUE(host.calls.empty()) << "no raw qBittorrent call: the host removes";
        ASSERT_EQ(host.removals.size(), 1u);
        EXPECT_THAT(host.removals[0].hashes, ElementsAre(hash(1), hash(2)));
        EXPECT_EQ(host.removals[0].delete_files, c.delete_files) << c.params;
        EXPECT_EQ(host.removals[0].include_cross_seeds, c.include_cross_seeds) << c.params;
        EXPECT_EQ(host.removals[0].recycle, c.recycle) << c.params;
        EXPECT_FALSE(host.removals[0].dry_run);
    }
    const qbt_action* a = action("delete_torrent");
    EXPECT_EQ(a->flags & QBT_ACTION_PLANS_IN_DRY_RUN, QBT_ACTION_PLANS_IN_DRY_RUN);
    EXPECT_THAT(compile_error("delete_torrent", R"({"recycle": "maybe"})"), HasSubstr("param 'recycle'"));
    EXPECT_THAT(compile_error("delete_torrent", R"({"cross_seeds": true})"),
                HasSubstr("valid params: delete_files, keep_files, include_cross_seeds, recycle"));
}

TEST_F(ActionsUnit, GuardRefusalsArePerTorrentAndDryRunsPassThrough) {
    Torrents t;
    t.add(hash(1), "{}").add(hash(2), "{}");
    host.guard_result = [&](const std::string& h) { return h == hash(2) ? QBT_E_STATE : QBT_OK; };
    auto compiled = compile("delete_torrent");
    auto r = compiled->execute(host.table(), host.client(), t.span(), /*dry_run=*/true);
    ASSERT_EQ(r.rc, QBT_OK);
    EXPECT_THAT(r.results, ElementsAre(QBT_OK, QBT_E_STATE));
    ASSERT_EQ(host.removals.size(), 1u);
    EXPECT_TRUE(host.removals[0].dry_run);
    host.unreachable = true;
    EXPECT_EQ(run(*compiled, t).rc, QBT_E_UNAVAILABLE) << "a whole failure fails the batch";
}

TEST_F(ActionsUnit, SetLocationFillsItsPlaceholdersPerTorrent) {
    Torrents t;
    t.add(hash(1), R"({"name":"Show S01","category":"tv/hd","tags":"a, b c","save_path":"/data/old"})")
        .add(hash(2), R"({"name":"Film","category":"","tags":"","save_path":"/media/x/Film/"})")
        .add(hash(3), R"({"name":"..","category":"","tags":"","save_path":"/data"})");
    auto move = compile("set_location", R"({"location": "/media/{category}/{name}"})");
    auto r = run(*move, t);
    ASSERT_EQ(r.rc, QBT_OK) << r.error;
    ASSERT_EQ(host.moves.size(), 1u);
    EXPECT_THAT(host.moves[0].locations, ElementsAre("/media/tv/hd/Show S01", "/media/Film", ""))
        << "an empty category leaves no empty folder; '..' gives no path (the host refuses it)";
    EXPECT_EQ(move->is_satisfied(t[0]), 0);
    EXPECT_EQ(move->is_satisfied(t[1]), 0);
    EXPECT_EQ(effect(*move, R"({"name":"A","category":"c","tags":"","save_path":"/x"})"), R"({"save_path":"/media/c/A"})");

    auto by_tags = compile("set_location", R"({"location": "/data/{tags}"})");
    host.reset();
    run(*by_tags, t);
    EXPECT_EQ(host.moves[0].locations[0], "/data/a,b c");
    EXPECT_EQ(by_tags->is_satisfied(t[2]), 1) << "no tags: /data/ is where it is";
    auto here = compile("set_location", R"({"location": "/media/x/{name}"})");
    EXPECT_EQ(here->is_satisfied(t[1]), 1) << "a trailing '/' is the same save path";

    EXPECT_THAT(compile_error("set_location", R"({"location": "/data/{label}"})"),
                HasSubstr("'{label}': the placeholders are {category}, {tags} and {name}"));
    EXPECT_THAT(compile_error("set_location", "{}"), HasSubstr("param 'location' is required"));
    EXPECT_EQ(action("set_location")->flags, QBT_ACTION_PLANS_IN_DRY_RUN);
}

}  // namespace qbt::testing
