// The disk and tracker facts against real qbittorrent-nox instances (tests/harness): every
// info.cross_seeds / info.hardlinks value a job computes equals what stat() on the files
// says (computed here independently), across two instances sharing the disk; a missing save
// path is unknown, never a guess; trackers.unregistered is never an outage; app.free_space
// is the free space of qBittorrent's save path.
#include "engine/instance_engines.hpp"
#include "plugin/builtin_plugins.hpp"
#include "rules/rules_loader.hpp"
#include "test_harness.hpp"
#include "wait.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <chrono>
#include <map>
#include <set>

using namespace qbt;
using namespace qbt::testing;
using namespace std::chrono_literals;

namespace {

// One tag per value, so each torrent's tags say what the job computed.
const char* kFactRules = R"(
rules:
  - {name: hl-none, conditions: [{field: info.hardlinks, operator: ==, value: none}],
     actions: [{type: add_tag, params: {tags: [hl-none]}}]}
  - {name: hl-torrents, conditions: [{field: info.hardlinks, operator: ==, value: torrents}],
     actions: [{type: add_tag, params: {tags: [hl-torrents]}}]}
  - {name: hl-outside, conditions: [{field: info.hardlinks, operator: ==, value: outside}],
     actions: [{type: add_tag, params: {tags: [hl-outside]}}]}
  - {name: hl-not-none, conditions: [{field: info.hardlinks, operator: '!=', value: none}],
     actions: [{type: add_tag, params: {tags: [hl-not-none]}}]}
  - {name: xs-0, conditions: [{field: info.cross_seeds, operator: ==, value: 0}],
     actions: [{type: add_tag, params: {tags: [xs-0]}}]}
  - {name: xs-1, conditions: [{field: info.cross_seeds, operator: ==, value: 1}],
     actions: [{type: add_tag, params: {tags: [xs-1]}}]}
  - {name: xs-2, conditions: [{field: info.cross_seeds, operator: ==, value: 2}],
     actions: [{type: add_tag, params: {tags: [xs-2]}}]}
)";

struct Torrent {
    std::string instance;
    std::string hash;
    std::vector<std::filesystem::path> files;
};

struct Inode {
    bool present = false;
    uint64_t dev = 0, ino = 0, nlink = 0;
};

Inode inode(const std::filesystem::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return {};
    return {true, static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino), static_cast<uint64_t>(st.st_nlink)};
}

// What stat() says, independently of the code under test: "unknown" when a file is
// missing; links of an inode = the torrent paths (of all instances) that stat to it.
std::string expected_hardlinks(const Torrent& t, const std::vector<Torrent>& all) {
    bool linked = false;
    for (const auto& f : t.files) {
        Inode i = inode(f);
        if (!i.present) return "unknown";
        if (i.nlink == 1) continue;
        linked = true;
        std::set<std::string> torrent_paths;
        for (const auto& other : all)
            for (const auto& g : other.files) {
                Inode j = inode(g);
                if (j.present && j.dev == i.dev && j.ino == i.ino) torrent_paths.insert(g.lexically_normal().string());
            }
        if (torrent_paths.size() < i.nlink) return "outside";
    }
    return linked ? "torrents" : "none";
}

std::string expected_cross_seeds(const Torrent& t, const std::vector<Torrent>& all) {
    for (const auto& f : t.files)
        if (!inode(f).present) return "unknown";
    int sharing = 0;
    for (const auto& other : all) {
        if (other.instance == t.instance && other.hash == t.hash) continue;
        bool shares = false;
        for (const auto& f : t.files)
            for (const auto& g : other.files) {
                Inode a = inode(f), b = inode(g);
                shares = shares || f == g || (a.present && b.present && a.dev == b.dev && a.ino == b.ino);
            }
        sharing += shares ? 1 : 0;
    }
    return std::to_string(sharing);
}

// The hl-* / xs-* tag the job gave, or "unknown" when none.
std::string tag_with(const std::string& tags, const std::string& prefix, const std::vector<std::string>& values) {
    std::string found = "unknown";
    for (const auto& value : values)
        if (tags.find(prefix + value) != std::string::npos) found = found == "unknown" ? value : "several";
    return found;
}

class DiskFactsReal : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        plugins = plugin::load_builtin_plugins().release();
        a = QbtLab::start().release();
        b = QbtLab::start().release();
    }
    static void TearDownTestSuite() {
        delete b;
        delete a;
        delete plugins;
    }

    static std::shared_ptr<const rules::RuleSet> load(const std::string& yaml) {
        rules::LoadResult loaded = rules::load_rules_text(yaml, "rules.yml", plugins->registry());
        for (const auto& e : loaded.errors) ADD_FAILURE() << e.to_string();
        return loaded.rules;
    }

    // A job on instance "a" with both labs configured (b shares the disk).
    static rapidjson::Document run(const std::shared_ptr<const rules::RuleSet>& rules, bool with_b = true) {
        std::vector<config::QbittorrentInstance> instances = {{"a", a->client_config(), "test"}};
        if (with_b) instances.push_back({"b", b->client_config(), "test"});
        engine::EngineOptions options{false, 50, [](const plugin::LoadedPlugin* p) { return plugins->host_table_for(p); }};
        engine::InstanceEngines engines(instances, [rules] { return rules; }, plugins->registry(), options);
        engine::JobOutcome outcome = engines.run({.job_id = "disk-real", .instance = "a"});
        EXPECT_TRUE(outcome.ok) << outcome.error;
        std::cout << "result: " << outcome.result_json << "\n";
        rapidjson::Document doc;
        doc.Parse(outcome.result_json.c_str());
        return doc;
    }

    static std::string tags_of(QbtLab& lab, const std::string& hash) {
        rapidjson::Document info;
        info.Parse(lab.info_json(hash).c_str());
        return info.IsArray() && info.Size() == 1 ? info[0]["tags"].GetString() : "";
    }

    static plugin::PluginHost* plugins;
    static QbtLab* a;
    static QbtLab* b;
};
plugin::PluginHost* DiskFactsReal::plugins = nullptr;
QbtLab* DiskFactsReal::a = nullptr;
QbtLab* DiskFactsReal::b = nullptr;

TEST_F(DiskFactsReal, EveryDiskFactEqualsWhatStatSays) {
    std::vector<Torrent> all;
    // A cross-seed pair over a season (multi-file: torrents/files calls).
    const CrossSeedPair pair = a->add_cross_seed_pair({"Show.S01", {{"e01.mkv", 40000}, {"e02.mkv", 50000}}});
    all.push_back({"a", pair.first, pair.files});
    all.push_back({"a", pair.second, pair.files});
    // A movie imported into a media library by a hard link: "outside".
    const auto movies = a->make_data_dir("movies");
    const TorrentLayout movie{"Movie.2020.mkv", {}, 30000};
    const auto movie_files = a->write_data(movies, movie);
    hard_link_into(movie_files, a->make_data_dir("library"));
    // A repack whose file is a hard link of another torrent's: "torrents", cross-seeds 1.
    const auto first_dir = a->make_data_dir("release");
    const auto second_dir = a->make_data_dir("repack");
    const TorrentLayout episode{"Episode.mkv", {}, 25000};
    const auto episode_files = a->write_data(first_dir, episode);
    std::filesystem::create_hard_link(episode_files[0], second_dir / "Episode.mkv");
    // A lone file, and one instance b seeds too (the same path).
    const auto plain = a->make_data_dir("plain");
    const TorrentLayout lone{"lone.iso", {}, 20000}, shared{"shared.iso", {}, 20000};
    const auto lone_files = a->write_data(plain, lone);
    const auto shared_files = a->write_data(plain, shared);
    const auto hashes = a->add_existing({{movies, movie, {}, "", {}, false},
                                         {first_dir, episode, {"http://127.0.0.1:9/x/announce", "x", false}, "", {}, false},
                                         {second_dir, episode, {"http://127.0.0.1:9/y/announce", "y", false}, "", {}, false},
                                         {plain, lone, {}, "", {}, false},
                                         {plain, shared, {"http://127.0.0.1:9/a/announce", "a", false}, "", {}, false}});
    all.push_back({"a", hashes[0], movie_files});
    all.push_back({"a", hashes[1], episode_files});
    all.push_back({"a", hashes[2], {second_dir / "Episode.mkv"}});
    all.push_back({"a", hashes[3], lone_files});
    all.push_back({"a", hashes[4], shared_files});
    b->share_dir(plain);
    const auto on_b = b->add_existing({{plain, shared, {"http://127.0.0.1:9/b/announce", "b", false}, "", {}, false}});
    all.push_back({"b", on_b[0], shared_files});
    // A torrent whose save path is gone: its facts are unknown.
    const auto [missing, missing_dir] = a->add_with_missing_save_path({"Gone.iso", {}, 10000});
    all.push_back({"a", missing, {missing_dir / "Gone.iso"}});

    auto result = run(load(kFactRules));
    for (const Torrent& t : all) {
        if (t.instance != "a") continue;
        const std::string tags = tags_of(*a, t.hash);
        EXPECT_EQ(tag_with(tags, "hl-", {"none", "torrents", "outside"}), expected_hardlinks(t, all))
            << t.hash << " tags '" << tags << "'";
        EXPECT_EQ(tag_with(tags, "xs-", {"0", "1", "2"}), expected_cross_seeds(t, all)) << t.hash << " tags '" << tags << "'";
    }
    // The values were not all the same (the comparison above could not pass by accident).
    EXPECT_EQ(expected_hardlinks(all[2], all), "outside");
    EXPECT_EQ(expected_hardlinks(all[3], all), "torrents");
    EXPECT_EQ(expected_cross_seeds(all[0], all), "1");
    EXPECT_EQ(expected_cross_seeds(all[7], all), "1");  // shared.iso: seeded by instance b
    EXPECT_EQ(expected_hardlinks(all.back(), all), "unknown");
    // Unknown is undecidable: not even the negative operator selected the missing torrent.
    EXPECT_EQ(tags_of(*a, missing).find("hl-not-none"), std::string::npos);
    ASSERT_TRUE(result.HasMember("unknown_values"));
    EXPECT_EQ(result["unknown_values"]["info.hardlinks"]["reasons"]["file missing"].GetInt(), 1);
    EXPECT_EQ(result["unknown_values"]["info.cross_seeds"]["reasons"]["file missing"].GetInt(), 1);
    // Counts: torrents/files for the two season torrents and the missing one (its
    // content_path is not a regular file); one stat per content_path (9 torrents), one per
    // file not known from that stat (2 season files, the missing file), and the two parent
    // directories of the repack's inode (seen at two paths).
    const auto& disk = result["disk"];
    EXPECT_EQ(disk["torrents"].GetUint64(), 9u);
    EXPECT_EQ(disk["file_list_calls"].GetUint64(), 3u);
    EXPECT_EQ(disk["stat_calls"].GetUint64(), 9u + 3u + 2u);
    EXPECT_TRUE(disk["complete"].GetBool());

    // Without instance b in the configuration, shared.iso has no cross-seed any more.
    a->post("torrents/removeTags", "hashes=" + hashes[4] + "&tags=xs-0,xs-1,xs-2");
    run(load(kFactRules), /*with_b=*/false);
    EXPECT_EQ(tag_with(tags_of(*a, hashes[4]), "xs-", {"0", "1", "2"}), "0");
}

TEST_F(DiskFactsReal, UnregisteredIsNeverAnOutage) {
    LabTracker tracker;
    const auto dir = a->make_data_dir("tracked");
    std::vector<ExistingTorrent> torrents;
    for (const char* name : {"gone.bin", "busy.bin", "fine.bin"}) {
        const TorrentLayout layout{name, {}, 20000};
        a->write_data(dir, layout);
        torrents.push_back({dir, layout, {tracker.announce_url(), "", false}, "", {}, false});
    }
    const TorrentLayout refused{"refused.bin", {}, 20000};
    a->write_data(dir, refused);
    torrents.push_back({dir, refused, {refused_tracker_url(), "", false}, "", {}, false});
    tracker.reply_for_hash(torrent_from_disk(dir, torrents[0].layout, torrents[0].meta).info_hash,
                           TrackerReply::failure("Unregistered torrent"));
    tracker.reply_for_hash(torrent_from_disk(dir, torrents[1].layout, torrents[1].meta).info_hash,
                           TrackerReply::http_error(503));
    const auto hashes = a->add_existing(torrents);
    auto status_of = [&](const std::string& hash) {
        rapidjson::Document rows;
        rows.Parse(a->get("torrents/trackers?hash=" + hash).c_str());
        for (auto& row : rows.GetArray())
            if (std::string(row["url"].GetString()).rfind("** [", 0) != 0) return row["status"].GetInt();
        return -1;
    };
    ASSERT_TRUE(a->wait_for_tracker_rows(hashes, [&] {
        return status_of(hashes[0]) == 4 && status_of(hashes[1]) == 4 && status_of(hashes[2]) == 2 &&
               status_of(hashes[3]) == 4;
    })) << a->get("torrents/trackers?hash=" + hashes[0]);
    auto rules = load(R"(
rules:
  - {name: gone, conditions: [{field: trackers.unregistered, operator: ==, value: true}],
     actions: [{type: add_tag, params: {tags: [tracker-gone]}}]}
  - {name: down, conditions: [{field: trackers.down, operator: ==, value: true}],
     actions: [{type: add_tag, params: {tags: [tracker-down]}}]}
)");
    run(rules, false);
    auto tagged = [&](int i, const char* tag) { return tags_of(*a, hashes[i]).find(tag) != std::string::npos; };
    EXPECT_TRUE(tagged(0, "tracker-gone"));
    EXPECT_FALSE(tagged(0, "tracker-down"));
    for (int i : {1, 3}) {  // HTTP 503 and a refused connection: down, never unregistered
        EXPECT_TRUE(tagged(i, "tracker-down")) << i;
        EXPECT_FALSE(tagged(i, "tracker-gone")) << i;
    }
    EXPECT_FALSE(tagged(2, "tracker-gone"));
    EXPECT_FALSE(tagged(2, "tracker-down"));
}

TEST_F(DiskFactsReal, FreeSpaceIsTheSavePathsFreeSpace) {
    struct statvfs vfs {};
    ASSERT_EQ(::statvfs(a->data_dir().c_str(), &vfs), 0);
    const double free_bytes = static_cast<double>(vfs.f_bavail) * static_cast<double>(vfs.f_frsize);
    const auto hashes = a->add_torrents({{.name = "free-space-probe.bin"}});
    auto rules = load("rules:\n"
                      "  - {name: roomy, conditions: [{field: app.free_space, operator: '>', value: " +
                      std::to_string(static_cast<int64_t>(free_bytes * 0.9)) +
                      "}], actions: [{type: add_tag, params: {tags: [roomy]}}]}\n"
                      "  - {name: huge, conditions: [{field: app.free_space, operator: '>', value: " +
                      std::to_string(static_cast<int64_t>(free_bytes * 1.1)) +
                      "}], actions: [{type: add_tag, params: {tags: [huge]}}]}\n");
    auto result = run(rules, false);
    const std::string tags = tags_of(*a, hashes[0]);
    EXPECT_NE(tags.find("roomy"), std::string::npos) << tags;
    EXPECT_EQ(tags.find("huge"), std::string::npos) << tags;
    EXPECT_EQ(result["api_calls"]["sync/maindata"].GetInt(), 1);
}

}  // namespace
