// The engine's disk and tracker facts against a fake Web API and real temporary files:
// info.cross_seeds / info.hardlinks computed lazily (only for torrents still candidates),
// the index covering every instance in scope, unknown values undecidable and counted,
// trackers.unregistered / trackers.down, app.free_space.
#include "engine/engine.hpp"
#include "engine_test_support.hpp"
#include "fake_web_api.hpp"
#include "temp_dir.hpp"
#include "test_plugins.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace qbt;
using namespace qbt::engine;
using namespace qbt::rules;
using namespace qbt::testing;

namespace {

class DiskEngine : public ::testing::Test {
protected:
    void SetUp() override { register_test_plugins(registry); }

    std::filesystem::path file(const std::string& relative) {
        const auto path = dir.path() / relative;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path) << "content of " << relative;
        return path;
    }

    // A torrent whose data is `content` (a file, or a directory for a multi-file torrent).
    static void torrent(FakeWebApi& api, int n, const std::string& content, const std::string& category = "tv") {
        const auto parent = std::filesystem::path(content).parent_path().string();
        api.add_torrent(R"({"hash":")" + fake_hash(n) + R"(","name":"t)" + std::to_string(n) +
                        R"(","state":"uploading","category":")" + category +
                        R"(","tags":"","total_size":10,"save_path":")" + parent + R"(","content_path":")" + content +
                        "\"}");
    }

    // Three torrents whose one tracker is unregistered, refusing connections, and working.
    void add_tracked_torrents() {
        for (int n : {1, 2, 3}) torrent(api, n, file("t" + std::to_string(n)).string());
        const char* kRow = R"([{"url":"http://127.0.0.1:1/announce","status":%d,"msg":"%s"}])";
        const std::pair<int, const char*> rows[] = {{4, "Unregistered torrent"}, {4, "Connection refused"}, {2, ""}};
        for (int n : {1, 2, 3}) {
            char body[160];
            std::snprintf(body, sizeof body, kRow, rows[n - 1].first, rows[n - 1].second);
            api.set("torrents/trackers", fake_hash(n), body);
        }
    }
    // Tagged by rules "gone" (trackers.unregistered) and "down" (trackers.down).
    void expect_gone_down_neither() {
        for (int n : {1, 2, 3}) {
            EXPECT_EQ(tagged(api, n, "gone"), n == 1) << n;
            EXPECT_EQ(tagged(api, n, "down"), n == 2) << n;
        }
    }

    void rules(std::vector<Rule> list) {
        auto set = std::make_shared<RuleSet>();
        set->source = "test";
        set->rules = std::move(list);
        rule_set = set;
    }

    rapidjson::Document run(FakeWebApi& on, JobRequest request = {}) {
        Engine engine([this] { return rule_set; }, on, registry, options);
        if (request.job_id.empty()) request.job_id = "job-1";
        JobOutcome outcome = engine.run(request);
        EXPECT_TRUE(outcome.ok) << outcome.error;
        rapidjson::Document doc;
        doc.Parse(outcome.result_json.c_str());
        return doc;
    }

    Rule tag_when(const std::string& field, const std::string& op, const std::string& value, const std::string& tag) {
        return rule(tag, all({cond(registry, field, op, value)}), {act(registry, "add_tag", R"({"tags":[")" + tag + R"("]})")});
    }

    static bool tagged(const FakeWebApi& api, int n, const std::string& tag) {
        return api.field(fake_hash(n), "tags").find(tag) != std::string::npos;
    }

    TempDir dir;
    plugin::Registry registry;
    FakeWebApi api;
    EngineOptions options{false, 50, [](const plugin::LoadedPlugin*) { return test_host_table(); }};
    std::shared_ptr<const RuleSet> rule_set;
};

TEST_F(DiskEngine, HardlinksOnlyForCandidatesAndTheIndexOnlyWhenNeeded) {
    const auto lone = file("dl/lone.iso");
    const auto imported = file("dl/movie.mkv");
    std::filesystem::create_directories(dir.path() / "library");
    std::filesystem::create_hard_link(imported, dir.path() / "library" / "Movie.mkv");
    torrent(api, 1, lone.string());
    torrent(api, 2, imported.string());
    torrent(api, 3, file("dl/other.iso").string(), "movies");
    // The cheaper condition excludes everything: no index, no stat, no disk counts.
    rules({rule("none", all({cond(registry, "info.category", "==", R"("books")"),
                             cond(registry, "info.hardlinks", "==", R"("none")")}),
                {act(registry, "add_tag", R"({"tags":["x"]})")})});
    auto skipped = run(api);
    EXPECT_FALSE(skipped.HasMember("disk"));
    EXPECT_EQ(api.count("torrents/files"), 0u);

    rules({rule("noHL tv", all({cond(registry, "info.hardlinks", "==", R"("none")"),
                                cond(registry, "info.category", "==", R"("tv")")}),
                {act(registry, "add_tag", R"({"tags":["nohl"]})")}),
           tag_when("info.hardlinks", "==", R"("outside")", "library")});
    auto result = run(api);
    EXPECT_TRUE(tagged(api, 1, "nohl"));
    EXPECT_FALSE(tagged(api, 2, "nohl"));
    EXPECT_TRUE(tagged(api, 2, "library"));
    EXPECT_FALSE(tagged(api, 3, "nohl"));
    ASSERT_TRUE(result.HasMember("disk"));
    // The index covers all three torrents (one content_path stat each), built once for both rules.
    EXPECT_EQ(result["disk"]["stat_calls"].GetUint64(), 3u);
    EXPECT_EQ(result["disk"]["file_list_calls"].GetUint64(), 0u);
    EXPECT_EQ(result["disk"]["torrents"].GetUint64(), 3u);
    EXPECT_TRUE(result["disk"]["complete"].GetBool());
    EXPECT_FALSE(result.HasMember("unknown_values"));
}

TEST_F(DiskEngine, CrossSeedsAcrossInstancesThroughPathMapsAndFileLists) {
    // Instance a: a season as a multi-file torrent. Instance b sees the same files under
    // /downloads (its path map) with a torrent of its own: a cross-seed.
    const auto season = dir.path() / "a" / "Show.S01";
    file("a/Show.S01/e01.mkv");
    file("a/Show.S01/e02.mkv");
    torrent(api, 1, season.string());
    api.set("torrents/files", fake_hash(1),
            R"([{"name":"Show.S01/e01.mkv","size":20,"priority":1},{"name":"Show.S01/e02.mkv","size":20,"priority":1}])");
    torrent(api, 2, file("a/alone.iso").string());
    FakeWebApi other;
    other.add_torrent(R"({"hash":")" + fake_hash(9) + R"(","name":"xseed","state":"stalledUP","total_size":40,)"
                      R"("save_path":"/downloads/","content_path":"/downloads/Show.S01/e02.mkv"})");
    auto scope = std::make_shared<DiskScope>();
    scope->push_back({"a", &api, {}, true});
    scope->push_back({"b", &other, disk::PathMap(std::map<std::string, std::string>{{"/downloads", (dir.path() / "a").string()}}), true});
    options.disk_scope = scope;
    rules({tag_when("info.cross_seeds", ">", "0", "shared"), tag_when("info.cross_seeds", "==", "0", "alone")});
    JobRequest request;
    request.instance = "a";
    auto result = run(api, request);
    EXPECT_TRUE(tagged(api, 1, "shared"));
    EXPECT_TRUE(tagged(api, 2, "alone"));
    EXPECT_FALSE(tagged(api, 2, "shared"));
    EXPECT_EQ(result["disk"]["file_list_calls"].GetUint64(), 1u);  // only the season; b's file is a regular file
    EXPECT_EQ(result["disk"]["torrents"].GetUint64(), 3u);
    EXPECT_EQ(other.count("torrents/info"), 1u);
    // shares_disk: false leaves b out: the season has no cross-seed any more.
    scope->back().shares_disk = false;
    rules({tag_when("info.cross_seeds", "==", "0", "now-alone")});
    run(api, request);
    EXPECT_TRUE(tagged(api, 1, "now-alone"));
    EXPECT_EQ(other.count("torrents/info"), 1u);
}

TEST_F(DiskEngine, UnknownDiskFactsAreUndecidableAndCounted) {
    torrent(api, 1, (dir.path() / "gone" / "missing.iso").string());
    api.set("torrents/files", fake_hash(1), R"([{"name":"missing.iso","size":10,"priority":1}])");
    api.add_torrent(R"({"hash":")" + fake_hash(2) + R"(","name":"magnet","state":"metaDL","category":"tv","tags":"",)"
                    R"("save_path":"/nowhere","content_path":"/nowhere/magnet"})");
    torrent(api, 3, file("ok.iso").string());
    // Neither a positive nor a negative operator selects a torrent whose value is unknown.
    rules({tag_when("info.hardlinks", "==", R"("none")", "pos"), tag_when("info.hardlinks", "!=", R"("outside")", "neg")});
    auto result = run(api);
    for (int n : {1, 2}) {
        EXPECT_FALSE(tagged(api, n, "pos")) << n;
        EXPECT_FALSE(tagged(api, n, "neg")) << n;
    }
    EXPECT_TRUE(tagged(api, 3, "pos"));
    EXPECT_TRUE(tagged(api, 3, "neg"));
    ASSERT_TRUE(result.HasMember("unknown_values"));
    const auto& hardlinks = result["unknown_values"]["info.hardlinks"];
    EXPECT_EQ(hardlinks["count"].GetInt(), 2);
    EXPECT_EQ(hardlinks["reasons"]["file missing"].GetInt(), 1);
    EXPECT_EQ(hardlinks["reasons"]["metadata not loaded"].GetInt(), 1);
}

TEST_F(DiskEngine, AnUnreachableInstanceMakesCrossSeedsUnknownForEveryone) {
    torrent(api, 1, file("a.iso").string());
    FakeWebApi down;
    options.disk_scope = scope_with_unreachable(api, down);
    rules({tag_when("info.cross_seeds", "==", "0", "alone"), tag_when("info.hardlinks", "==", R"("none")", "nohl")});
    auto result = run(api);
    EXPECT_FALSE(tagged(api, 1, "alone"));
    EXPECT_TRUE(tagged(api, 1, "nohl"));  // one link: needs no other instance
    EXPECT_EQ(result["unknown_values"]["info.cross_seeds"]["reasons"]["file-usage index incomplete"].GetInt(), 1);
    EXPECT_FALSE(result["disk"]["complete"].GetBool());
    EXPECT_NE(std::string(result["disk"]["problems"][0].GetString()).find("instance 'b' could not be read"),
              std::string::npos);
}

TEST_F(DiskEngine, AHashJobIndexesTheWholeInstance) {
    const auto shared = file("same.iso");
    torrent(api, 1, shared.string());
    torrent(api, 2, shared.string());
    rules({tag_when("info.cross_seeds", "==", "1", "xseed")});
    JobRequest request;
    request.hash = fake_hash(1);
    auto result = run(api, request);
    EXPECT_TRUE(tagged(api, 1, "xseed"));
    EXPECT_FALSE(tagged(api, 2, "xseed"));  // not in this job
    EXPECT_EQ(result["disk"]["torrents"].GetUint64(), 2u);
}

TEST_F(DiskEngine, TrackerFactsAndFreeSpace) {
    add_tracked_torrents();
    api.set_global("sync/maindata", R"({"rid":1,"server_state":{"free_space_on_disk":1073741824,"dl_info_speed":0}})");
    rules({tag_when("trackers.unregistered", "==", "true", "gone"), tag_when("trackers.down", "==", "true", "down"),
           tag_when("app.free_space", ">", "1000000000", "roomy")});
    auto result = run(api);
    expect_gone_down_neither();
    for (int n : {1, 2, 3}) EXPECT_TRUE(tagged(api, n, "roomy")) << n;
    EXPECT_EQ(api.count("sync/maindata"), 1u);
    EXPECT_FALSE(result.HasMember("disk"));
}

// Web API 2.11.4+ (qBittorrent 5.1): the rows come with torrents/info?includeTrackers=true,
// never through torrents/trackers, and read the same.
TEST_F(DiskEngine, TrackerFactsFromTheOneCallRows) {
    api.set_api_version({2, 11, 4});
    add_tracked_torrents();
    rules({tag_when("trackers.unregistered", "==", "true", "gone"), tag_when("trackers.down", "==", "true", "down")});
    run(api);
    expect_gone_down_neither();
    EXPECT_EQ(api.count("torrents/trackers"), 0u);
}

}  // namespace
