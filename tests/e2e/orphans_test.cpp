// The `orphans` job end to end (issue 15): two real qbittorrent-nox instances sharing the
// disk, the real `qbt-rules --serve` with engine.orphans.action delete, a dry run over HTTP
// and a real run from the CLI (--context orphans --wait). Every file any torrent uses stays
// (cross-seeded, hard-linked under another name, another instance's), the torrents still
// check to 100 %; exactly the orphans go; young and excluded files stay.
#include "e2e_support.hpp"
#include "qbt_lab.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <thread>

namespace fs = std::filesystem;
using namespace std::chrono_literals;
namespace qt = qbt::testing;

namespace qbt::e2e {
namespace {

fs::path write(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

std::set<std::string> orphan_paths(const rapidjson::Value& result) {
    std::set<std::string> out;
    if (result.HasMember("orphans") && result["orphans"].IsArray())
        for (const auto& orphan : result["orphans"].GetArray()) out.insert(orphan["path"].GetString());
    return out;
}

// Rechecks and waits until qBittorrent has hashed the data again; the progress then.
double rechecked_progress(qt::QbtLab& lab, const std::string& hash) {
    lab.post("torrents/recheck", "hashes=" + hash);
    double progress = -1;
    std::this_thread::sleep_for(500ms);
    wait_until([&] {
        const auto info = parse(lab.info_json(hash));
        if (!info.IsArray() || info.Size() != 1) return false;
        const std::string state = info[0]["state"].GetString();
        progress = info[0]["progress"].GetDouble();
        return state.rfind("checking", 0) != 0 && state != "allocating";
    }, 30s);
    return progress;
}

TEST(Orphans, AScanLeavesEveryFileATorrentUses) {
    auto a = qt::QbtLab::start();
    auto b = qt::QbtLab::start();
    // Torrents: a cross-seed pair, a torrent whose file also has a second name (hard link),
    // and a file only instance b's torrent uses (in a's save path).
    const auto pair = a->add_cross_seed_pair({"Show.S01", {{"e01.mkv", 40000}, {"e02.mkv", 30000}}});
    const auto movies = a->make_data_dir("movies");
    const qt::TorrentLayout movie{"Movie.mkv", {}, 30000}, shared{"shared.iso", {}, 20000};
    const auto movie_files = a->write_data(movies, movie);
    const auto renamed = movies / "Movie (2020).mkv";
    fs::create_hard_link(movie_files[0], renamed);
    const auto shared_files = a->write_data(a->data_dir(), shared);
    const auto a_hashes = a->add_existing({{movies, movie, {}, "", {}, false}});
    b->share_dir(a->data_dir());
    const auto b_hashes = b->add_existing({{a->data_dir(), shared, {}, "", {}, false}});
    // Orphans: a sample left in the season folder, a whole old release, junk in a save path.
    const auto sample = write(pair.save_dir / "Show.S01" / "sample.mkv", "sample");
    const auto old_release = write(a->data_dir() / "Old.Release" / "old.iso", "old release");
    const auto junk = write(movies / "junk.txt", "junk");
    const auto nfo = write(a->data_dir() / "info.nfo", "excluded by a glob");
    const auto partial = write(a->data_dir() / "Incoming.mkv.!qB", "qBittorrent's incomplete file");
    std::this_thread::sleep_for(3s);  // the grace below is 2 s
    const auto fresh = write(a->data_dir() / "just-arrived.mkv", "too young");

    qt::TempDir dir("qbt-e2e-orphans-");
    std::ofstream(dir.path() / "rules.yml") << "rules:\n  - {name: noop, conditions: [{field: info.size, operator: '<', value: 0}],"
                                               " actions: [{type: add_tag, params: {tags: [never]}}]}\n";
    Server server(dir.path(), {{"QBT_RULES_QBITTORRENT_INSTANCES", "a,b"},
                               {"QBT_RULES_QBITTORRENT_A_HOST", a->url()},
                               {"QBT_RULES_QBITTORRENT_A_PASSWORD", a->password()},
                               {"QBT_RULES_QBITTORRENT_B_HOST", b->url()},
                               {"QBT_RULES_QBITTORRENT_B_PASSWORD", b->password()},
                               {"QBT_RULES_ENGINE_ORPHANS_ACTION", "delete"},
                               {"QBT_RULES_ENGINE_ORPHANS_GRACE", "2s"},
                               {"QBT_RULES_ENGINE_ORPHANS_EXCLUDE", "*.nfo"}});
    ASSERT_TRUE(server.start()) << server.log_tail();
    const std::set<std::string> expected = {sample.string(), old_release.string(), junk.string()};

    {  // A dry run over HTTP lists exactly the orphans and removes nothing.
        SCOPED_TRACE("dry run");
        auto job = server.wait_job(server.execute("context=orphans&instance=a&dry_run=true"));
        ASSERT_STREQ(job["status"].GetString(), "completed") << server.log_tail();
        const auto& result = job["result"];
        EXPECT_EQ(orphan_paths(result), expected);
        EXPECT_EQ(result["orphan_count"].GetUint64(), 3u);
        EXPECT_NE(std::string(result["action_skipped"].GetString()).find("dry run"), std::string::npos);
        EXPECT_EQ(result["scan"]["too_young"].GetUint64(), 1u);
        EXPECT_EQ(result["scan"]["excluded"].GetUint64(), 2u);  // *.nfo and *.!qB
        EXPECT_EQ(result["total_torrents"].GetUint64(), 4u);    // both instances
        for (const auto& path : expected) EXPECT_TRUE(fs::exists(path)) << path;
    }
    {  // The CLI queues the real run and follows it.
        SCOPED_TRACE("cli");
        const auto run = run_program({exe_path(), "--context", "orphans", "--instance", "a", "--wait"},
                                     dir.path() / "client.log", 60);
        EXPECT_EQ(run.exit_code, 0) << run.output;
        const auto brace = run.output.find('{');
        ASSERT_NE(brace, std::string::npos) << run.output;
        const auto result = parse(run.output.substr(brace, run.output.rfind('}') - brace + 1));
        EXPECT_EQ(result["removed"].GetInt(), 3) << run.output;
        EXPECT_EQ(orphan_paths(result), expected);
    }
    for (const auto& path : expected) EXPECT_FALSE(fs::exists(path)) << path << " is an orphan";
    for (const auto& path : {fresh, nfo, partial, renamed}) EXPECT_TRUE(fs::exists(path)) << path;
    std::vector<fs::path> used = pair.files;
    used.insert(used.end(), movie_files.begin(), movie_files.end());
    used.insert(used.end(), shared_files.begin(), shared_files.end());
    for (const auto& path : used) EXPECT_TRUE(fs::exists(path)) << path << " is a torrent's file";
    EXPECT_EQ(rechecked_progress(*a, pair.first), 1.0);
    EXPECT_EQ(rechecked_progress(*a, pair.second), 1.0);
    EXPECT_EQ(rechecked_progress(*a, a_hashes[0]), 1.0);
    EXPECT_EQ(rechecked_progress(*b, b_hashes[0]), 1.0);
    // The audit names each removed file.
    const auto audit = parse(server.get("/api/jobs?context=orphans&limit=1").body);
    ASSERT_TRUE(audit.HasMember("jobs") && audit["jobs"].Size() == 1u);
    const auto actions = parse(server.get(std::string("/api/jobs/") + audit["jobs"][0]["job_id"].GetString() + "/actions").body);
    ASSERT_TRUE(actions.HasMember("actions")) << server.log_tail();
    std::set<std::string> audited;
    for (const auto& entry : actions["actions"].GetArray())
        if (std::string(entry["outcome"].GetString()) == "ok") audited.insert(entry["name"].GetString());
    EXPECT_EQ(audited, expected);
}

}  // namespace
}  // namespace qbt::e2e
