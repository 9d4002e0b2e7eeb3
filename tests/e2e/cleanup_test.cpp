// Issue 15 end to end: `qbt-rules --serve` deletes and moves torrents of a real
// qbittorrent-nox, and every outcome is checked on disk afterwards: the other torrent of a
// cross-seed pair keeps every file and rechecks to 100 %, unshared files go, a library
// hard link stays, the recycle bin's round trip, cross-seed groups all or none under the
// caps, set_location, until: {free_space}, dry runs, and a 1.1 plugin's raw delete.
#include "cleanup_rules.hpp"
#include "cleanup_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

namespace fs = std::filesystem;
using namespace std::chrono_literals;
namespace qt = qbt::testing;

namespace qbt::e2e {
namespace {

const qt::TorrentLayout kShow{"Show.S01", {{"e01.mkv", 300000}, {"e02.mkv", 200000}, {"extras/cover.jpg", 5000}}};

class Cleanup : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<qt::TempDir>("qbt-cleanup-e2e-");
        lab_ = qt::QbtLab::start();
        write_rules("1 PB");
        fs::create_directories(dir_->path() / "plugins");
        fs::copy_file(RAW_DELETE_PLUGIN, dir_->path() / "plugins" / "raw_delete.so");
        server_ = std::make_unique<Server>(dir_->path(), lab_env(*lab_, {
            {"QBT_RULES_ENGINE_RECYCLE_BIN_DIR", bin_dir().string()},
            {"QBT_RULES_PLUGINS_DIRS", (dir_->path() / "plugins").string()},
            {"QBT_RULES_PLUGINS_PROBE", "false"},
            {"QBT_RULES_ENGINE_ORPHANS_ACTION", "recycle"},
            {"QBT_RULES_ENGINE_ORPHANS_GRACE", "0"}}));
        ASSERT_TRUE(server_->start()) << server_->log_tail();
    }
    static void TearDownTestSuite() {
        server_.reset();
        lab_.reset();
        dir_.reset();
    }

    static fs::path bin_dir() { return dir_->path() / "recycle-bin"; }
    static fs::path moved_dir() { return lab_->data_dir() / "moved"; }
    static void write_rules(const std::string& target) {
        std::string text = kCleanupRules;
        text.replace(text.find("%MOVED%"), 7, moved_dir().string());
        text.replace(text.find("%TARGET%"), 8, target);
        std::ofstream(dir_->path() / "rules.yml") << text;
    }
    // Torrents over fresh files of `layout` in their own folder, tagged `tag`.
    static std::vector<std::string> add(const qt::TorrentLayout& layout, const std::string& tag, const std::string& category = "") {
        const fs::path dir = lab_->make_data_dir("c");
        lab_->write_data(dir, layout);
        return lab_->add_existing({{dir, layout, {}, category, {tag}, false}});
    }
    static fs::path data_of(const std::string& hash) { return text_field(torrent_info(*lab_, hash), "save_path"); }
    // The job result's `cleanup` object; a failure (and an empty object) when it has none.
    static const rapidjson::Value& cleanup_of(const rapidjson::Document& job) {
        static const rapidjson::Value empty(rapidjson::kObjectType);
        if (job.HasMember("result") && job["result"].IsObject() && job["result"].HasMember("cleanup") &&
            job["result"]["cleanup"].IsObject())
            return job["result"]["cleanup"];
        ADD_FAILURE() << "the job result has no cleanup: " << server_->get("/api/jobs/" +
                                                                      std::string(job["job_id"].GetString())).body;
        return empty;
    }

    static inline std::unique_ptr<qt::TempDir> dir_;
    static inline std::unique_ptr<qt::QbtLab> lab_;
    static inline std::unique_ptr<Server> server_;
};

TEST_F(Cleanup, TheOtherTorrentOfACrossSeedPairKeepsEveryFileAndSeedsAtFullProgress) {
    const qt::CrossSeedPair pair = lab_->add_cross_seed_pair(kShow);
    std::vector<std::string> before;
    for (const auto& f : pair.files) before.push_back(file_bytes(f));
    lab_->post("torrents/addTags", "hashes=" + pair.first + "&tags=pair-delete");

    const auto job = run_job(*server_, "context=pair");
    EXPECT_FALSE(listed(*lab_, pair.first));
    ASSERT_TRUE(listed(*lab_, pair.second));
    for (size_t i = 0; i < pair.files.size(); ++i)
        EXPECT_EQ(file_bytes(pair.files[i]), before[i]) << pair.files[i] << " is shared: it must stay as it was";
    const auto& removed = cleanup_of(job)["torrents"][0];
    EXPECT_STREQ(removed["outcome"].GetString(), "done");
    ASSERT_EQ(removed["kept"].Size(), 3u);
    EXPECT_STREQ(removed["kept"][0]["shared_with"][0]["hash"].GetString(), pair.second.c_str());
    const auto audit = parse(server_->get("/api/jobs/" + std::string(job["job_id"].GetString()) + "/actions").body);
    EXPECT_EQ(audit["actions"][0]["details"]["kept"].Size(), 3u) << "the audit says what was kept and for whom";

    const auto after = recheck(*lab_, pair.second);
    EXPECT_DOUBLE_EQ(after["progress"].GetDouble(), 1.0);
    EXPECT_TRUE(is_seeding(text_field(after, "state"))) << text_field(after, "state");
}

TEST_F(Cleanup, ADryRunPlansTheSameAndChangesNothing) {
    const qt::CrossSeedPair pair = lab_->add_cross_seed_pair(kShow);
    lab_->post("torrents/addTags", "hashes=" + pair.first + "&tags=pair-delete");
    const auto job = run_job(*server_, "context=dry&dry_run=true");
    EXPECT_TRUE(listed(*lab_, pair.first));
    for (const auto& f : pair.files) EXPECT_TRUE(fs::exists(f));
    const auto& planned = job["result"]["planned"];
    ASSERT_EQ(planned.Size(), 1u);
    EXPECT_STREQ(planned[0]["hash"].GetString(), pair.first.c_str());
    EXPECT_EQ(planned[0]["details"]["kept"].Size(), 3u);
    EXPECT_STREQ(planned[0]["details"]["outcome"].GetString(), "planned");
    lab_->post("torrents/removeTags", "hashes=" + pair.first + "&tags=pair-delete");
}

TEST_F(Cleanup, UnsharedFilesGoAndALibraryHardLinkStays) {
    const fs::path dir = lab_->make_data_dir("lib");
    const auto files = lab_->write_data(dir, kShow);
    const fs::path library = dir_->path() / "library";
    const auto links = qt::hard_link_into({files[0]}, library);
    const std::string episode = file_bytes(files[0]);
    const auto hash = lab_->add_existing({{dir, kShow, {}, "", {"library-delete"}, false}})[0];

    const auto job = run_job(*server_, "context=library");
    EXPECT_FALSE(listed(*lab_, hash));
    for (const auto& f : files) EXPECT_FALSE(fs::exists(f)) << f << " was the torrent's own";
    EXPECT_FALSE(fs::exists(dir / kShow.name)) << "its emptied folder goes too";
    EXPECT_EQ(file_bytes(links[0]), episode) << "the library's link is untouched";
    EXPECT_EQ(fs::hard_link_count(links[0]), 1u);
    EXPECT_EQ(cleanup_of(job)["torrents"][0]["kept"].Size(), 0u);
}

TEST_F(Cleanup, TheRecycleBinRoundTripGivesBackASeedingTorrentWithTheSameHash) {
    const auto hash = add(kShow, "recycle-me", "tv")[0];
    lab_->post("torrents/addTags", "hashes=" + hash + "&tags=keep%20me");
    const fs::path save = data_of(hash);
    const std::string episode = file_bytes(save / "Show.S01" / "e01.mkv");

    const auto job = run_job(*server_, "context=recycle");
    EXPECT_FALSE(listed(*lab_, hash));
    EXPECT_FALSE(fs::exists(save / "Show.S01"));
    const auto bin = parse(server_->get("/api/recycle-bin").body);
    ASSERT_EQ(bin["entries"].Size(), 1u) << server_->get("/api/recycle-bin").body;
    EXPECT_STREQ(bin["entries"][0]["hash"].GetString(), hash.c_str());
    EXPECT_EQ(bin["entries"][0]["files"].GetInt(), 3);
    EXPECT_EQ(bin["entries"][0]["bytes"].GetInt(), 505000);
    const fs::path entry = bin_dir() / bin["entries"][0]["entry"].GetString();
    EXPECT_EQ(file_bytes(entry / "data" / "Show.S01" / "e01.mkv"), episode);
    EXPECT_TRUE(fs::exists(entry / (hash + ".torrent")));
    EXPECT_FALSE(cleanup_of(job)["torrents"][0]["recycled_to"].GetString() == std::string());

    const auto restore = run_program({exe_path(), "--restore", hash, "--wait"}, dir_->path() / "restore.log", 90);
    ASSERT_EQ(restore.exit_code, 0) << restore.output << server_->log_tail();
    const auto info = torrent_info(*lab_, hash);
    ASSERT_TRUE(info.IsObject()) << "restored with the same hash";
    EXPECT_EQ(fs::path(text_field(info, "save_path")), save);
    EXPECT_EQ(text_field(info, "category"), "tv");
    EXPECT_NE(text_field(info, "tags").find("keep me"), std::string::npos) << text_field(info, "tags");
    EXPECT_EQ(file_bytes(save / "Show.S01" / "e01.mkv"), episode);
    EXPECT_EQ(parse(server_->get("/api/recycle-bin").body)["entries"].Size(), 0u);
    const auto checked = recheck(*lab_, hash);
    EXPECT_DOUBLE_EQ(checked["progress"].GetDouble(), 1.0);
    EXPECT_TRUE(is_seeding(text_field(checked, "state"))) << text_field(checked, "state");
    // A second restore has nothing to restore.
    EXPECT_EQ(server_->get("/api/recycle-bin").code, 200);
    EXPECT_EQ(run_program({exe_path(), "--restore", hash}, dir_->path() / "restore2.log", 30).exit_code, 3);
}

TEST_F(Cleanup, ACrossSeedGroupGoesWholeOrNotAtAll) {
    const qt::CrossSeedPair tight = lab_->add_cross_seed_pair(kShow, "gamma", "delta");
    lab_->post("torrents/addTags", "hashes=" + tight.first + "&tags=group-tight");
    const qt::CrossSeedPair fits = lab_->add_cross_seed_pair(kShow, "eps", "zeta");
    lab_->post("torrents/addTags", "hashes=" + fits.first + "&tags=group-delete");

    const auto job = run_job(*server_, "context=group");
    EXPECT_TRUE(listed(*lab_, tight.first)) << "max_deletes 1 cannot hold a group of 2: none goes";
    EXPECT_TRUE(listed(*lab_, tight.second));
    for (const auto& f : tight.files) EXPECT_TRUE(fs::exists(f));
    EXPECT_FALSE(listed(*lab_, fits.first));
    EXPECT_FALSE(listed(*lab_, fits.second)) << "its cross-seed went with it";
    for (const auto& f : fits.files) EXPECT_FALSE(fs::exists(f));
    const auto& c = cleanup_of(job);
    EXPECT_EQ(c["removed"].GetInt(), 2);
    EXPECT_EQ(c["refused"].GetInt(), 1);
    EXPECT_NE(std::string(c["torrents"][0]["reason"].GetString()).find("delete caps"), std::string::npos);
}

TEST_F(Cleanup, SetLocationMovesTheDataUnlessAFileIsShared) {
    const auto hash = add({"Film.mkv", {}, 40000}, "move-me", "films")[0];
    const fs::path old_file = data_of(hash) / "Film.mkv";
    const std::string bytes = file_bytes(old_file);
    const qt::CrossSeedPair pair = lab_->add_cross_seed_pair(kShow, "eta", "theta");
    lab_->post("torrents/addTags", "hashes=" + pair.first + "&tags=move-me");

    const auto job = run_job(*server_, "context=move");
    const fs::path target = moved_dir() / "films";
    EXPECT_TRUE(wait_until([&] { return file_bytes(target / "Film.mkv") == bytes; }, 30s)) << "qBittorrent moves it";
    EXPECT_TRUE(wait_until([&] { return data_of(hash) == target; }, 10s)) << data_of(hash);
    EXPECT_FALSE(fs::exists(old_file));
    EXPECT_EQ(data_of(pair.first), pair.save_dir) << "it shares every file with its cross-seed";
    for (const auto& f : pair.files) EXPECT_TRUE(fs::exists(f));
    ASSERT_TRUE(cleanup_of(job).HasMember("moves"));
    const auto& moves = cleanup_of(job)["moves"];
    ASSERT_TRUE(moves.IsArray());
    ASSERT_EQ(moves.Size(), 2u) << server_->get("/api/jobs/" + std::string(job["job_id"].GetString())).body;
    for (const auto& m : moves.GetArray()) {
        if (std::string(m["hash"].GetString()) == pair.first) {
            EXPECT_NE(std::string(m["reason"].GetString()).find(pair.second), std::string::npos);
        }
    }
}

TEST_F(Cleanup, UntilFreeSpaceDeletesOldestFirstUntilTheTargetAndCountsWhatItFreed) {
    constexpr int64_t kSize = 64 << 20;
    std::vector<std::string> hashes;
    for (int i = 0; i < 3; ++i) {
        hashes.push_back(add({"big-" + std::to_string(i) + ".bin", {}, kSize}, "free-me")[0]);
        std::this_thread::sleep_for(1100ms);  // added_on has whole seconds
    }
    const int64_t free_now = qbittorrent_free_space(*lab_);
    ASSERT_GT(free_now, 0);
    const int64_t target = free_now + kSize * 3 / 2;  // nominally two steps
    write_rules(std::to_string(target));
    const auto job = run_job(*server_, "context=free");
    const auto& until = job["result"]["rules"][0]["until"];
    const int64_t start = until["free_space_at_start"].GetInt64();
    const int expected = until_steps(start, kSize, target, 3);
    ASSERT_GE(expected, 1) << "free space grew by more than 96 MiB meanwhile; the test cannot tell";
    EXPECT_EQ(until["steps"].GetInt(), expected);
    EXPECT_EQ(until["bytes_freed"].GetInt64(), expected * kSize);
    EXPECT_EQ(until["reached"].GetBool(), start + expected * kSize >= target);
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(listed(*lab_, hashes[i]), i >= expected) << "torrent " << i << " (oldest first)";
}

TEST_F(Cleanup, UntilFreeSpaceStopsAfterAStepThatFreedNothing) {
    std::vector<std::string> hashes;
    for (int i = 0; i < 2; ++i) {
        hashes.push_back(add({"bin-" + std::to_string(i) + ".bin", {}, 20000}, "free-bin")[0]);
        std::this_thread::sleep_for(1100ms);
    }
    write_rules(std::to_string(qbittorrent_free_space(*lab_) + (int64_t{1} << 40)));
    const auto job = run_job(*server_, "context=free-bin");
    const auto& until = job["result"]["rules"][0]["until"];
    EXPECT_EQ(until["steps"].GetInt(), 1) << "a bin on the same disk frees nothing";
    EXPECT_EQ(until["bytes_freed"].GetInt(), 0);
    EXPECT_NE(std::string(until["stopped"].GetString()).find("freed nothing"), std::string::npos);
    EXPECT_FALSE(listed(*lab_, hashes[1])) << "-info.added_on: the newest first";
    EXPECT_TRUE(listed(*lab_, hashes[0]));
}

TEST_F(Cleanup, AnAbi11PluginsRawDeleteGoesThroughTheGuard) {
    const qt::CrossSeedPair pair = lab_->add_cross_seed_pair(kShow, "iota", "kappa");
    lab_->post("torrents/addTags", "hashes=" + pair.first + "&tags=raw-delete");
    EXPECT_NE(server_->get("/api/version").body.find("org.qbt-rules.tests.raw-delete"), std::string::npos);
    const auto job = run_job(*server_, "context=raw");
    EXPECT_EQ(job["result"]["actions_executed"].GetInt(), 1);
    EXPECT_FALSE(listed(*lab_, pair.first));
    for (const auto& f : pair.files) EXPECT_TRUE(fs::exists(f)) << f << ": its cross-seed still uses it";
    EXPECT_EQ(cleanup_of(job)["kept_files"].GetInt(), 3);
    const auto after = recheck(*lab_, pair.second);
    EXPECT_DOUBLE_EQ(after["progress"].GetDouble(), 1.0);
}

TEST_F(Cleanup, OrphansGoIntoTheRecycleBinAndEveryTorrentsFileStays) {
    const qt::CrossSeedPair pair = lab_->add_cross_seed_pair(kShow, "lambda", "mu");
    const fs::path orphan = lab_->data_dir() / "left-behind" / "sample.nfo";
    fs::create_directories(orphan.parent_path());
    std::ofstream(orphan) << "nobody's";
    const auto job = run_job(*server_, "context=orphans");
    EXPECT_FALSE(fs::exists(orphan));
    for (const auto& f : pair.files) EXPECT_TRUE(fs::exists(f)) << f;
    EXPECT_FALSE(fs::exists(orphan.parent_path())) << "its emptied folder goes";
    const auto bin = parse(server_->get("/api/recycle-bin").body);
    bool found = false;
    for (const auto& entry : bin["entries"].GetArray()) {
        if (std::string(entry["hash"].GetString()) != "orphans") continue;
        const fs::path dir = bin_dir() / entry["entry"].GetString() / "data";
        found = found || file_bytes(dir / fs::relative(orphan, lab_->data_dir())) == "nobody's";
    }
    EXPECT_TRUE(found) << server_->get("/api/recycle-bin").body << "\n" << job["result"].IsObject();
    for (const std::string& hash : {pair.first, pair.second}) {
        const auto checked = recheck(*lab_, hash);
        EXPECT_DOUBLE_EQ(checked["progress"].GetDouble(), 1.0) << hash;
    }
}

}  // namespace
}  // namespace qbt::e2e
