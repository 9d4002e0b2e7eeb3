// The executor against a fake Web API and in-process test operators/actions: which
// torrents match, which calls are made (and how few), and the exact job statistics.
#include "engine_fixture.hpp"


using namespace qbt;
using namespace qbt::engine;
using namespace qbt::rules;
using namespace qbt::testing;

namespace {

TEST_F(EngineUnit, ContextFiltering) {
    torrent(1);
    rules({rule("always", all({cond(registry, "info.name", "==", R"("t1")")}), {act(registry, "add_tag", R"({"tags":["a"]})")}),
           rule("weekly", all({cond(registry, "info.name", "==", R"("t1")")}), {act(registry, "add_tag", R"({"tags":["b"]})")},
                {.contexts = {"weekly"}}),
           rule("either", all({cond(registry, "info.name", "==", R"("t1")")}), {act(registry, "add_tag", R"({"tags":["c"]})")},
                {.contexts = {"daily", "weekly"}})});
    auto plain = run();
    ASSERT_EQ(plain["rules"].Size(), 1u);
    EXPECT_STREQ(plain["rules"][0]["name"].GetString(), "always");
    EXPECT_EQ(api.field(fake_hash(1), "tags"), R"("a")");

    auto weekly = run({.job_id = "j2", .context = "weekly"});
    EXPECT_EQ(weekly["rules"].Size(), 3u);
    EXPECT_EQ(api.field(fake_hash(1), "tags"), R"("a, b, c")");
    auto daily = run({.job_id = "j3", .context = "daily"});
    EXPECT_EQ(daily["rules"].Size(), 2u);  // "always" and "either"
}

TEST_F(EngineUnit, AllAnyNoneGroups) {
    torrent(1, R"("num_seeds":5)");
    torrent(2, R"("num_seeds":0,"category":"keep")");
    torrent(3, R"("num_seeds":9,"category":"keep")");
    Group conditions = all({cond(registry, "info.num_seeds", ">", "1"),
                            none({cond(registry, "info.category", "==", R"("keep")")})});
    Group alternatives = any({cond(registry, "info.name", "==", R"("t2")"), cond(registry, "info.num_seeds", ">", "8")});
    rules({rule("all-none", conditions, {act(registry, "add_tag", R"({"tags":["x"]})")}),
           rule("any", alternatives, {act(registry, "add_tag", R"({"tags":["y"]})")})});
    auto d = run();
    EXPECT_EQ(rule_stat(d, 0, "matched"), 1);  // t1 only: t3 is "keep"
    EXPECT_EQ(rule_stat(d, 1, "matched"), 2);  // t2 by name, t3 by seeds
    EXPECT_EQ(api.field(fake_hash(1), "tags"), R"("x")");
    EXPECT_EQ(api.field(fake_hash(2), "tags"), R"("y")");
    EXPECT_EQ(api.field(fake_hash(3), "tags"), R"("y")");
}

TEST_F(EngineUnit, CollectionsAnyEveryEmpty) {
    for (int n = 1; n <= 3; ++n) torrent(n);
    api.set("torrents/trackers", fake_hash(1), R"([{"url":"** [DHT] **","status":2},{"url":"http://127.0.0.1:9/a","status":2},{"url":"http://127.0.0.1:9/b","status":4}])");
    api.set("torrents/trackers", fake_hash(2), R"([{"url":"http://127.0.0.1:9/a","status":2}])");
    api.set("torrents/trackers", fake_hash(3), R"([{"url":"** [PeX] **","status":2}])");  // no real tracker
    rules({rule("any-b", all({cond(registry, "trackers.url", "contains", R"("/b")")}), {act(registry, "add_tag", R"({"tags":["has-b"]})")}),
           rule("every-not-a", all({cond(registry, "trackers.url", "not_contains", R"("/a")")}),
                {act(registry, "add_tag", R"({"tags":["no-a"]})")}),
           rule("status-4", all({cond(registry, "trackers.status", "==", "4")}), {act(registry, "add_tag", R"({"tags":["s4"]})")})});
    auto d = run();
    EXPECT_EQ(rule_stat(d, 0, "matched"), 1);
    EXPECT_EQ(api.field(fake_hash(1), "tags"), R"("has-b, s4")");
    EXPECT_EQ(rule_stat(d, 1, "matched"), 1);  // only the empty collection: every (no) item lacks "/a"
    EXPECT_EQ(api.field(fake_hash(3), "tags"), R"("no-a")");
    EXPECT_EQ(rule_stat(d, 2, "matched"), 1);  // DHT row (status 2) dropped; h1 has a status-4 tracker
    // trackers.status is needed, so no maindata shortcut: one call per torrent, once per job.
    EXPECT_EQ(api.count("torrents/trackers"), 3u);
    EXPECT_EQ(api.count("sync/maindata"), 0u);
}

TEST_F(EngineUnit, MissingAndNullFieldsMatchOnlyNegativeOperators) {
    torrent(1, R"("comment":null)");
    rules({rule("pos", all({cond(registry, "info.no_such_key", "==", "1")}), {act(registry, "add_tag", R"({"tags":["p"]})")}),
           rule("neg", all({cond(registry, "info.no_such_key", "!=", "1")}), {act(registry, "add_tag", R"({"tags":["n"]})")}),
           rule("null-pos", all({cond(registry, "info.comment", "contains", R"("")")}), {act(registry, "add_tag", R"({"tags":["q"]})")}),
           rule("null-neg", all({cond(registry, "properties.nothing", "not_contains", R"("x")")}),
                {act(registry, "add_tag", R"({"tags":["r"]})")})});
    auto d = run();
    EXPECT_EQ(rule_stat(d, 0, "matched"), 0);
    EXPECT_EQ(rule_stat(d, 1, "matched"), 1);
    EXPECT_EQ(rule_stat(d, 2, "matched"), 0);
    EXPECT_EQ(rule_stat(d, 3, "matched"), 1);
}

TEST_F(EngineUnit, FilesOfUnloadedMagnetMatchNothing) {
    torrent(1, R"("state":"metaDL")");
    torrent(2);
    api.set("torrents/files", fake_hash(1), "[]");
    api.set("torrents/files", fake_hash(2), R"([{"name":"movie.mkv","size":100}])");
    auto tag = [&](const char* t) { return std::vector<Action>{act(registry, "add_tag", std::string(R"({"tags":[")") + t + "\"]}")}; };
    rules({rule("pos", all({cond(registry, "files.name", "contains", R"(".mkv")")}), tag("pos")),
           rule("neg", all({cond(registry, "files.name", "not_contains", R"(".iso")")}), tag("neg")),
           rule("none", none({cond(registry, "files.name", "contains", R"(".iso")")}), tag("none"))});
    auto d = run();
    for (int r = 0; r < 3; ++r) EXPECT_EQ(rule_stat(d, r, "matched"), 1) << r;  // only the loaded torrent
    EXPECT_EQ(api.field(fake_hash(1), "tags"), R"("")");
    EXPECT_EQ(api.count("torrents/files"), 2u);  // fetched once per torrent for the three rules
    EXPECT_EQ(stat(d, "errors"), 0);
}

TEST_F(EngineUnit, LazyFetchOnlyForTorrentsThatCanStillMatch) {
    for (int n = 1; n <= 10; ++n) torrent(n, n <= 2 ? R"("category":"movies")" : "");
    api.set("torrents/files", fake_hash(1), R"([{"name":"a.mkv"}])");
    // The files condition is written first; the cheaper info condition still decides first.
    rules({rule("mkv", all({cond(registry, "files.name", "contains", R"(".mkv")"), cond(registry, "info.category", "==", R"("movies")")}),
                {act(registry, "add_tag", R"({"tags":["mkv"]})")}),
           rule("any-short-circuit", any({cond(registry, "properties.is_private", "==", "true"), cond(registry, "info.ratio", ">", "0.5")}),
                {act(registry, "add_tag", R"({"tags":["r"]})")})});
    auto d = run();
    EXPECT_EQ(rule_stat(d, 0, "matched"), 1);
    EXPECT_EQ(api.count("torrents/files"), 2u);          // the two "movies" torrents only
    EXPECT_EQ(api.count("torrents/properties"), 0u);     // info already made "any" true
    EXPECT_EQ(api.count("torrents/info"), 1u);
    EXPECT_EQ(d["api_calls"]["torrents/files"].GetInt(), 2);
}

TEST_F(EngineUnit, LazyFetchFetchesCheapestSpaceFirstAndGlobalsOnce) {
    for (int n = 1; n <= 4; ++n) torrent(n);
    api.set("torrents/properties", fake_hash(1), R"({"is_private":true})");
    api.set("torrents/properties", fake_hash(2), R"({"is_private":true})");
    api.set_global("transfer/info", R"({"connection_status":"connected"})");
    api.set("torrents/peers", fake_hash(1), "");  // unused: peers come from sync/torrentPeers
    api.set("sync/torrentPeers", fake_hash(1), R"({"peers":{"127.0.0.1:1":{"client":"x","progress":1}}})");
    rules({rule("r", all({cond(registry, "peers.client", "==", R"("x")"), cond(registry, "properties.is_private", "==", "true"),
                          cond(registry, "transfer.connection_status", "==", R"("connected")")}),
                {act(registry, "add_tag", R"({"tags":["p"]})")})});
    auto d = run();
    EXPECT_EQ(rule_stat(d, 0, "matched"), 1);
    EXPECT_EQ(api.count("torrents/properties"), 4u);
    EXPECT_EQ(api.count("transfer/info"), 1u);
    EXPECT_EQ(api.count("sync/torrentPeers"), 2u);  // only the two private torrents
}

TEST_F(EngineUnit, TrackerUrlFromOneMaindataCall) {
    for (int n = 1; n <= 6; ++n) torrent(n);
    for (int n = 1; n <= 6; ++n)
        api.set("torrents/trackers", fake_hash(n), n % 2 ? R"([{"url":"http://127.0.0.1:9/private/announce"}])"
                                                : R"([{"url":"http://127.0.0.1:9/public/announce"}])");
    rules({rule("private", all({cond(registry, "trackers.url", "contains", R"("/private/")")}),
                {act(registry, "add_tag", R"({"tags":["private"]})")})});
    auto d = run();
    EXPECT_EQ(rule_stat(d, 0, "matched"), 3);
    EXPECT_EQ(api.count("sync/maindata"), 1u);
    EXPECT_EQ(api.count("torrents/trackers"), 0u);

    // A hash job asks for that torrent's trackers only.
    api.clear_calls();
    auto single = run({.job_id = "j2", .hash = fake_hash(2)});
    EXPECT_EQ(rule_stat(single, 0, "matched"), 0);
    EXPECT_EQ(api.count("sync/maindata"), 0u);
    EXPECT_EQ(api.count("torrents/trackers"), 1u);
}

TEST_F(EngineUnit, OneWriteCallPerActionForTheWholeBatch) {
    for (int n = 1; n <= 5; ++n) torrent(n);
    rules({rule("tag-and-stop", all({cond(registry, "info.ratio", ">", "0.5")}),
                {act(registry, "add_tag", R"({"tags":["seen"]})"), act(registry, "pause")})});
    auto d = run();
    ASSERT_EQ(api.count("torrents/addTags"), 1u);
    EXPECT_EQ(split_hashes(form_value(api.calls_to("torrents/addTags")[0].form, "hashes")).size(), 5u);
    EXPECT_EQ(api.count("torrents/pause"), 1u);
    EXPECT_EQ(stat(d, "actions_executed"), 10);
    EXPECT_EQ(stat(d, "rules_matched"), 5);
}

TEST_F(EngineUnit, ActionsAlreadyInEffectAreSkippedAndASecondRunWritesNothing) {
    torrent(1, R"("tags":"done")");
    torrent(2, R"("state":"pausedUP")");
    torrent(3);
    rules({rule("r", all({cond(registry, "info.ratio", ">", "0.5")}),
                {act(registry, "add_tag", R"({"tags":["done"]})"), act(registry, "stop")})});
    auto d = run();
    EXPECT_EQ(stat(d, "actions_executed"), 4);  // tag t2 t3, stop t1 t3
    EXPECT_EQ(stat(d, "actions_skipped"), 2);
    api.clear_calls();
    auto again = run({.job_id = "j2"});
    EXPECT_EQ(stat(again, "actions_executed"), 0);
    EXPECT_EQ(stat(again, "actions_skipped"), 6);
    EXPECT_EQ(api.write_calls(), 0u);
}

TEST_F(EngineUnit, LaterRulesSeeEffectsIncludingReReadOnes) {
    torrent(1);
    torrent(2);
    rules({rule("tag", all({cond(registry, "info.name", "==", R"("t1")")}), {act(registry, "add_tag", R"({"tags":["new"]})")}),
           rule("sees-tag", all({cond(registry, "info.tags", "==", R"("new")")}),
                {act(registry, "set_category", R"({"category":"tagged"})")}),
           rule("sees-category", all({cond(registry, "info.category", "==", R"("tagged")")}), {act(registry, "stop")})});
    auto d = run();
    EXPECT_EQ(rule_stat(d, 1, "matched"), 1);
    EXPECT_EQ(rule_stat(d, 2, "matched"), 1);
    // set_category has no effect(): the host re-read just that torrent, with one call.
    EXPECT_EQ(api.count("torrents/info"), 2u);
    EXPECT_EQ(form_value(api.calls_to("torrents/info")[1].query, "hashes"), fake_hash(1));
}

TEST_F(EngineUnit, StopOnMatchIsPerTorrent) {
    torrent(1, R"("category":"a")");
    torrent(2);
    rules({rule("first", all({cond(registry, "info.category", "==", R"("a")")}), {act(registry, "add_tag", R"({"tags":["1"]})")},
                {.stop_on_match = true}),
           rule("second", all({cond(registry, "info.ratio", ">", "0.5")}), {act(registry, "add_tag", R"({"tags":["2"]})")})});
    auto d = run();
    EXPECT_EQ(rule_stat(d, 1, "matched"), 1);  // t2 only: t1 was claimed by "first"
    EXPECT_EQ(api.field(fake_hash(1), "tags"), R"("1")");
    EXPECT_EQ(api.field(fake_hash(2), "tags"), R"("2")");
    EXPECT_EQ(stat(d, "torrents_processed"), 2);
    EXPECT_EQ(stat(d, "rules_matched"), 2);
}

TEST_F(EngineUnit, DeletedTorrentsLeaveTheJobWithinTheCaps) {
    for (int n = 1; n <= 6; ++n) torrent(n);
    options.max_deletes_per_job = 3;
    rules({rule("delete-two", all({cond(registry, "info.name", "in", R"(["t1","t2","t3"])")}), {act(registry, "delete_torrent")},
                {.max_deletes = 2}),
           rule("delete-rest", all({cond(registry, "info.ratio", ">", "0.5")}), {act(registry, "delete_torrent")}),
           rule("after", all({cond(registry, "info.ratio", ">", "0.5")}), {act(registry, "add_tag", R"({"tags":["left"]})")})});
    auto d = run();
    EXPECT_EQ(rule_stat(d, 0, "actions_executed"), 2);
    EXPECT_EQ(rule_stat(d, 1, "matched"), 4);           // t3..t6 (t1 t2 are gone)
    EXPECT_EQ(rule_stat(d, 1, "actions_executed"), 1);  // job cap of 3
    EXPECT_EQ(rule_stat(d, 2, "matched"), 3);           // the three not deleted
    EXPECT_TRUE(d["deletes_capped"].GetBool());
    EXPECT_EQ(d["deletes_capped_count"].GetInt(), 4);   // 1 by the rule cap, 3 by the job cap
    EXPECT_NE(std::string(d["deletes_capped_message"].GetString()).find("max_deletes_per_job"), std::string::npos);
    EXPECT_EQ(stat(d, "actions_executed"), 6);
    EXPECT_EQ(stat(d, "errors"), 0);
    int left = 0;
    for (int n = 1; n <= 6; ++n) left += api.has_torrent(fake_hash(n));
    EXPECT_EQ(left, 3);
}

TEST_F(EngineUnit, DryRunPlansWithoutWritingAndLaterRulesSeeThePlan) {
    torrent(1, R"("tags":"x")");
    torrent(2);
    rules({rule("tag", all({cond(registry, "info.ratio", ">", "0.5")}), {act(registry, "add_tag", R"({"tags":["x"]})")}),
           rule("tagged", all({cond(registry, "info.tags", "==", R"("x")")}), {act(registry, "stop")}),
           rule("delete", all({cond(registry, "info.name", "==", R"("t1")")}), {act(registry, "delete_torrent")}),
           rule("after-delete", all({cond(registry, "info.name", "==", R"("t1")")}), {act(registry, "stop")})});
    auto d = run({.job_id = "dry", .dry_run = true});
    EXPECT_EQ(api.write_calls(), 0u);
    EXPECT_TRUE(d["dry_run"].GetBool());
    ASSERT_EQ(d["planned"].Size(), 4u);  // tag t2, stop t1 t2, delete t1
    EXPECT_STREQ(d["planned"][0]["hash"].GetString(), fake_hash(2).c_str());
    EXPECT_STREQ(d["planned"][0]["action"].GetString(), "add_tag");
    EXPECT_STREQ(d["planned"][0]["params"]["tags"][0].GetString(), "x");
    EXPECT_STREQ(d["planned"][0]["name"].GetString(), "t2");
    EXPECT_EQ(rule_stat(d, 1, "matched"), 2);   // t2's planned tag is visible
    EXPECT_EQ(rule_stat(d, 3, "matched"), 0);   // t1's planned deletion took it out
    EXPECT_EQ(stat(d, "actions_executed"), 0);
    EXPECT_EQ(stat(d, "actions_skipped"), 5);   // 1 already tagged + 4 planned
}

TEST_F(EngineUnit, HashJobs) {
    torrent(1);
    std::string hybrid = fake_hash(2) + "0123456789abcdef01234567";  // 64 hex; API hash = first 40
    torrent(2);
    rules({rule("r", all({cond(registry, "info.ratio", ">", "0.5")}), {act(registry, "add_tag", R"({"tags":["x"]})")})});
    std::string upper = fake_hash(1);
    for (char& c : upper) c = static_cast<char>(std::toupper(c));
    auto one = run({.job_id = "j1", .hash = upper});
    EXPECT_EQ(stat(one, "total_torrents"), 1);
    EXPECT_EQ(stat(one, "actions_executed"), 1);
    auto v2 = run({.job_id = "j2", .hash = hybrid});
    EXPECT_EQ(stat(v2, "total_torrents"), 1);
    EXPECT_EQ(api.field(fake_hash(2), "tags"), R"("x")");

    run({.job_id = "j3", .hash = fake_hash(99)}, false);
    EXPECT_NE(outcome.error.find("no torrent with hash"), std::string::npos) << outcome.error;
    run({.job_id = "j4", .hash = "not-a-hash"}, false);
    EXPECT_NE(outcome.error.find("40 or 64"), std::string::npos) << outcome.error;
}

TEST_F(EngineUnit, ErrorsAreCountedExactly) {
    for (int n = 1; n <= 4; ++n) torrent(n);
    for (int n = 1; n <= 4; ++n) api.set("torrents/files", fake_hash(n), R"([{"name":"a.mkv"}])");
    api.fail("torrents/files", fake_hash(2));
    rules({rule("broken", all({cond(registry, "info.ratio", ">", "0.5")}), {act(registry, "broken")}),
           rule("operator-error", all({cond(registry, "info.name", "fail", R"("x")")}), {act(registry, "stop")}),
           rule("fetch-error", none({cond(registry, "files.name", "contains", R"(".iso")")}), {act(registry, "add_tag", R"({"tags":["ok"]})")})});
    auto d = run();
    EXPECT_EQ(rule_stat(d, 0, "actions_executed"), 2);
    EXPECT_EQ(rule_stat(d, 0, "errors"), 2);     // every other torrent failed
    EXPECT_EQ(rule_stat(d, 1, "matched"), 0);
    EXPECT_EQ(rule_stat(d, 1, "errors"), 4);     // one per torrent
    EXPECT_EQ(rule_stat(d, 2, "matched"), 3);    // the failed fetch never matches, even under none
    EXPECT_EQ(rule_stat(d, 2, "errors"), 1);
    EXPECT_EQ(stat(d, "errors"), 7);
    EXPECT_EQ(stat(d, "total_torrents"), 4);
    EXPECT_EQ(stat(d, "torrents_processed"), 4);
    EXPECT_EQ(stat(d, "rules_matched"), 7);
    EXPECT_EQ(stat(d, "actions_executed"), 5);
}

TEST_F(EngineUnit, NoRulesOrUnreachableIsNotOk) {
    torrent(1);
    run({}, false);
    EXPECT_NE(outcome.error.find("no rules"), std::string::npos);
}

}  // namespace
