// What differs between qBittorrent versions, against the fake Web API: tracker rows in the
// one torrents/info call from Web API 2.11.4 (per torrent below), rules written with either
// version's state names, and effects spelled like the running server (state names, tag order).
#include "engine/effect_spelling.hpp"
#include "engine/state_names.hpp"
#include "engine_fixture.hpp"

using namespace qbt;
using namespace qbt::engine;
using namespace qbt::testing;

namespace {

constexpr webapi::ApiVersion kQbt452{2, 8, 19};
constexpr webapi::ApiVersion kQbt510beta{2, 11, 3};
constexpr webapi::ApiVersion kQbt510{2, 11, 4};

class EngineVersions : public EngineUnit {
protected:
    // Three torrents; t1's tracker says the torrent is gone, t2's works, t3 has DHT only.
    void trackers_fixture() {
        for (int n = 1; n <= 3; ++n) torrent(n);
        api.set("torrents/trackers", fake_hash(1),
                R"([{"url":"** [DHT] **","msg":""},{"url":"http://127.0.0.1:9/a","msg":"Unregistered torrent"}])");
        api.set("torrents/trackers", fake_hash(2), R"([{"url":"http://127.0.0.1:9/b","msg":""}])");
        api.set("torrents/trackers", fake_hash(3), R"([{"url":"** [DHT] **","msg":"Unregistered"}])");
        rules({rule("gone", all({cond(registry, "trackers.msg", "contains", R"("nregistered")")}),
                    {act(registry, "add_tag", R"({"tags":["unregistered"]})")})});
    }
    std::string info_query(size_t call = 0) { return api.calls_to("torrents/info").at(call).query; }
};

TEST_F(EngineVersions, FromWebApi2_11_4TrackerRowsComeWithTheOneInfoCall) {
    api.set_api_version(kQbt510);
    trackers_fixture();
    auto d = run();
    EXPECT_EQ(rule_stat(d, 0, "matched"), 1);
    EXPECT_EQ(api.field(fake_hash(1), "tags"), R"("unregistered")");
    EXPECT_EQ(api.count("torrents/info"), 1u);
    EXPECT_EQ(form_value(info_query(), "includeTrackers"), "true");
    EXPECT_EQ(api.count("torrents/trackers"), 0u);
    EXPECT_EQ(api.count("sync/maindata"), 0u);
    EXPECT_EQ(d["api_calls"]["torrents/info"].GetInt(), 1);

    // A hash job: that torrent with its trackers, still one call.
    api.clear_calls();
    auto single = run({.job_id = "j2", .context = std::nullopt, .hash = fake_hash(2)});
    EXPECT_EQ(rule_stat(single, 0, "matched"), 0);
    EXPECT_EQ(api.count("torrents/info"), 1u);
    EXPECT_EQ(form_value(info_query(), "hashes"), fake_hash(2));
    EXPECT_EQ(form_value(info_query(), "includeTrackers"), "true");
    EXPECT_EQ(api.count("torrents/trackers"), 0u);
}

TEST_F(EngineVersions, BelowWebApi2_11_4TrackerRowsCostOneCallPerTorrent) {
    api.set_api_version(kQbt510beta);  // 5.1.0beta1: stop/start names, no includeTrackers
    trackers_fixture();
    auto d = run();
    EXPECT_EQ(rule_stat(d, 0, "matched"), 1);  // the DHT row of t3 is no tracker here either
    EXPECT_EQ(form_value(info_query(), "includeTrackers"), "");
    EXPECT_EQ(api.count("torrents/trackers"), 3u);
}

TEST_F(EngineVersions, RulesThatReadNoTrackerFieldDoNotAskForTrackerRows) {
    api.set_api_version(kQbt510);
    for (int n = 1; n <= 3; ++n) torrent(n);
    rules({rule("named", all({cond(registry, "info.name", "==", R"("t2")")}), {act(registry, "add_tag", R"({"tags":["x"]})")})});
    run();
    EXPECT_EQ(form_value(info_query(), "includeTrackers"), "");
}

TEST_F(EngineVersions, StoreKeepsTrackerRowsOutOfInfoWithoutPseudoRows) {
    TorrentStore store;
    store.load(R"([{"hash":"aa","name":"x","trackers":[{"url":"** [PeX] **"},{"url":"http://127.0.0.1:9/a","msg":"m"}]},
                   {"hash":"bb","name":"y"}])");
    ASSERT_EQ(store.size(), 2u);
    EXPECT_FALSE(store.at(0).info->HasMember("trackers"));  // plugins see the same info on every version
    ASSERT_TRUE(store.at(0).trackers.IsArray());
    ASSERT_EQ(store.at(0).trackers.Size(), 1u);
    EXPECT_STREQ(store.at(0).trackers[0]["msg"].GetString(), "m");
    EXPECT_TRUE(store.at(1).trackers.IsNull());  // not carried: fetched per torrent if a rule needs it
}

// A rule written with 4.x names matches the same torrents on 5.x and the other way round;
// negative operators stay the negation of the positive ones.
TEST_F(EngineVersions, StateNamesOfEitherVersionMatchTheSameTorrents) {
    const char* states[] = {"pausedUP", "stoppedUP", "pausedDL", "stoppedDL", "uploading"};
    for (int n = 1; n <= 5; ++n) torrent(n, std::string(R"("state":")") + states[n - 1] + "\"");
    auto tagged = [&](const char* op, const char* value) {
        rules({rule("r", all({cond(registry, "info.state", op, value)}), {act(registry, "add_tag", R"({"tags":["hit"]})")})});
        auto d = run({.job_id = std::string("j-") + op, .context = std::nullopt, .hash = std::nullopt, .dry_run = true});
        std::vector<std::string> hits;
        for (const auto& p : d["planned"].GetArray()) hits.emplace_back(p["name"].GetString());
        return hits;
    };
    using V = std::vector<std::string>;
    EXPECT_EQ(tagged("==", R"("pausedUP")"), (V{"t1", "t2"}));
    EXPECT_EQ(tagged("==", R"("stoppedUP")"), (V{"t1", "t2"}));
    EXPECT_EQ(tagged("!=", R"("pausedUP")"), (V{"t3", "t4", "t5"}));
    EXPECT_EQ(tagged("!=", R"("stoppedUP")"), (V{"t3", "t4", "t5"}));
    EXPECT_EQ(tagged("in", R"(["pausedDL","error"])"), (V{"t3", "t4"}));
    EXPECT_EQ(tagged("contains", R"("paused")"), (V{"t1", "t2", "t3", "t4"}));
    EXPECT_EQ(tagged("not_contains", R"("stopped")"), (V{"t5"}));
    EXPECT_EQ(tagged("==", R"("uploading")"), (V{"t5"}));
}

TEST(StateNames, EachStoppedStateHasOneNamePerVersion) {
    EXPECT_EQ(other_state_name("pausedUP"), "stoppedUP");
    EXPECT_EQ(other_state_name("stoppedDL"), "pausedDL");
    EXPECT_EQ(other_state_name("stalledUP"), std::nullopt);
    EXPECT_EQ(state_name_for("pausedDL", kQbt510), "stoppedDL");
    EXPECT_EQ(state_name_for("stoppedUP", kQbt452), "pausedUP");
    EXPECT_EQ(state_name_for("checkingUP", kQbt510), "checkingUP");
}

class EffectSpellingTest : public ::testing::Test {
protected:
    std::string spell(const std::string& effect, const std::string& listed_tags = "") {
        store.load(R"([{"hash":"aa","tags":")" + listed_tags + R"("}])");
        EffectSpelling spelling(store, api);
        rapidjson::Document fields;
        fields.Parse(effect.c_str());
        spelling.apply(fields, fields.GetAllocator());
        rapidjson::StringBuffer out;
        rapidjson::Writer<rapidjson::StringBuffer> writer(out);
        fields.Accept(writer);
        return out.GetString();
    }
    TorrentStore store;
    FakeWebApi api;
};

TEST_F(EffectSpellingTest, StateIsSpelledLikeTheServer) {
    api.set_api_version(kQbt510);
    EXPECT_EQ(spell(R"({"state":"pausedUP"})"), R"({"state":"stoppedUP"})");
    api.set_api_version(kQbt452);
    EXPECT_EQ(spell(R"({"state":"stoppedDL"})"), R"({"state":"pausedDL"})");
    EXPECT_EQ(spell(R"({"state":"stalledUP"})"), R"({"state":"stalledUP"})");
}

TEST_F(EffectSpellingTest, TagsFollowTheOrderTheServerShowsElseItsVersion) {
    const std::string effect = R"({"tags":"Zed, a9, a10, b"})";
    api.set_api_version(kQbt452);
    EXPECT_EQ(spell(effect), R"({"tags":"a9, a10, b, Zed"})");
    api.set_api_version(kQbt510);
    EXPECT_EQ(spell(effect), R"({"tags":"a10, a9, b, Zed"})");
    // Evidence in the job's own answer wins over the version (a 5.x in a real locale).
    EXPECT_EQ(spell(effect, "x2, x10"), R"({"tags":"a9, a10, b, Zed"})");
    api.set_api_version(kQbt452);
    EXPECT_EQ(spell(effect, "x10, x2"), R"({"tags":"a10, a9, b, Zed"})");
    EXPECT_EQ(spell(effect, "b, c"), R"({"tags":"a9, a10, b, Zed"})");  // no evidence: the version's
}

}  // namespace
