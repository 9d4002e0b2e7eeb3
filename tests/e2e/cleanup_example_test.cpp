// README "Cleanup": its example files are the ones in config/ byte for byte, and loaded into
// the real `qbt-rules --serve` against a real qbittorrent-nox each rule does what its comment
// says, checked on disk. Only two numbers of the rules file are substituted (a fresh torrent
// has not seeded 14 days; the free-space target must sit just above the measured free space)
// and one setting by environment (engine.orphans.grace: a file's ctime cannot be backdated).
#include "cleanup_support.hpp"
#include "lab_tracker.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

namespace fs = std::filesystem;
using namespace std::chrono_literals;
namespace qt = qbt::testing;

namespace qbt::e2e {
namespace {

const char* const kRulesFile = "config/cleanup.example.yml";
const char* const kConfigFile = "config/cleanup.config.example.yml";
const qt::TorrentLayout kShow{"Show.S01", {{"e01.mkv", 300000}, {"e02.mkv", 200000}}};

// The ```yaml block the README marks with <!-- verbatim: PATH -->; "" when there is none.
std::string readme_block(const std::string& path) {
    const std::string readme = file_bytes(source_root() / "README.md");
    const size_t mark = readme.find("<!-- verbatim: " + path + " -->\n");
    if (mark == std::string::npos) return "";
    const size_t open = readme.find("```yaml\n", mark);
    const size_t close = readme.find("\n```\n", open);
    if (open == std::string::npos || close == std::string::npos) return "";
    return readme.substr(open + 8, close + 1 - (open + 8));
}

// The example with one `vars` line changed; a test failure when the line is not there.
std::string with_var(std::string text, const std::string& line, const std::string& value) {
    const size_t at = text.find("    " + line + "\n");
    EXPECT_NE(at, std::string::npos) << line << " is not in " << kRulesFile;
    if (at != std::string::npos) text.replace(at, line.size() + 5, "    " + line.substr(0, line.find(':') + 2) + value + "\n");
    return text;
}

class CleanupExample : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<qt::TempDir>("qbt-cleanup-example-");
        lab_ = qt::QbtLab::start();
        example_ = file_bytes(source_root() / kRulesFile);
        fs::copy_file(source_root() / kConfigFile, dir_->path() / "config.yml");
        std::ofstream(dir_->path() / "rules.yml") << example_;
        // The file's schedule would fire mid-test at its slots (a make-room job deleting the
        // test's torrents): TheConfigLoads reads it with --show-config; the server gets a slot
        // that cannot come during a run.
        server_ = std::make_unique<Server>(dir_->path(), lab_env(*lab_, {
            {"QBT_RULES_ENGINE_RECYCLE_BIN_DIR", bin_dir().string()},
            {"QBT_RULES_ENGINE_ORPHANS_GRACE", "0"}}));
        show_config_ = run_program({exe_path(), "--show-config"}, dir_->path() / "show-config.log", 30).output;
        setenv("QBT_RULES_SCHEDULE_0_CRON", "0 0 1 1 *", 1);
        setenv("QBT_RULES_SCHEDULE_0_CONTEXT", "orphans", 1);
        ASSERT_TRUE(server_->start()) << server_->log_tail();
    }
    static void TearDownTestSuite() {
        server_.reset();
        lab_.reset();
        dir_.reset();
    }
    // Every test starts with an empty qBittorrent (files stay where they are).
    void TearDown() override {
        lab_->post("torrents/delete", "hashes=all&deleteFiles=false");
        EXPECT_TRUE(wait_until([] { return parse(lab_->get("torrents/info")).Size() == 0; }, 10s));
        use_rules(example_);
    }

    static fs::path bin_dir() { return dir_->path() / "recycle-bin"; }
    static void use_rules(const std::string& text) { std::ofstream(dir_->path() / "rules.yml") << text; }
    static std::string added(const qt::TorrentLayout& layout, const std::vector<std::string>& tags = {}) {
        const fs::path dir = lab_->make_data_dir("x");
        lab_->write_data(dir, layout);
        return lab_->add_existing({{dir, layout, {}, "", tags, false}})[0];
    }
    static fs::path save_of(const std::string& hash) { return text_field(torrent_info(*lab_, hash), "save_path"); }
    // The bin entry's folder for `hash` ("" when the bin holds none).
    static fs::path bin_entry(const std::string& hash) {
        const auto bin = parse(server_->get("/api/recycle-bin").body);
        for (const auto& entry : bin["entries"].GetArray())
            if (hash == entry["hash"].GetString()) return bin_dir() / entry["entry"].GetString();
        return {};
    }

    static inline std::unique_ptr<qt::TempDir> dir_;
    static inline std::unique_ptr<qt::QbtLab> lab_;
    static inline std::unique_ptr<Server> server_;
    static inline std::string example_, show_config_;
};

TEST_F(CleanupExample, TheReadmeShowsBothFilesVerbatim) {
    EXPECT_EQ(readme_block(kRulesFile), example_);
    EXPECT_EQ(readme_block(kConfigFile), file_bytes(source_root() / kConfigFile));
    EXPECT_FALSE(example_.empty());
}

TEST_F(CleanupExample, TheRulesValidateAndTheConfigLoads) {
    const auto run = run_program({exe_path(), "--validate", (source_root() / kRulesFile).string()},
                                 dir_->path() / "validate.log", 30);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    // Each setting as --show-config prints it, with config.yml as its source (the bin's dir is
    // the test's own, from the environment).
    for (const char* line : {"engine.max_deletes_per_job = 50  [", "engine.recycle_bin.keep = 1.2096e+06s  [",
                             "engine.orphans.exclude = */_UNPACK_*  [", "engine.orphans.max = 1000  [",
                             "engine.orphans.action = report  [", "schedule[0] = cron \"0 */6 * * *\" context cleanup  [",
                             "schedule[1] = cron \"20 * * * *\" context unregistered  [",
                             "schedule[2] = cron \"*/30 * * * *\" context make-room  [",
                             "schedule[3] = cron \"0 5 * * sun\" context orphans  ["}) {
        const std::string from_file = line + (dir_->path() / "config.yml:").string();
        EXPECT_NE(show_config_.find(from_file), std::string::npos) << from_file << "\nnot in:\n" << show_config_;
    }
}

TEST_F(CleanupExample, NoHardLinkCleanupRecyclesOnlyWhatNothingElseUses) {
    const std::string plain = added(kShow);
    const fs::path plain_dir = save_of(plain) / kShow.name;
    const std::string episode = file_bytes(plain_dir / "e01.mkv");
    const fs::path linked_dir = lab_->make_data_dir("linked");
    const auto linked_files = lab_->write_data(linked_dir, kShow);
    const auto library = qt::hard_link_into({linked_files[0]}, dir_->path() / "library");
    const std::string linked = lab_->add_existing({{linked_dir, kShow, {}, "", {}, false}})[0];
    const qt::CrossSeedPair pair = lab_->add_cross_seed_pair(kShow);
    std::vector<std::string> kept_bytes;
    for (const auto& f : linked_files) kept_bytes.push_back(file_bytes(f));
    for (const auto& f : pair.files) kept_bytes.push_back(file_bytes(f));

    // As shipped: nothing has seeded 14 days or reached ratio 2.
    auto job = run_job(*server_, "context=cleanup&dry_run=true");
    EXPECT_EQ(job["result"]["rules_matched"].GetInt(), 0);

    use_rules(with_var(example_, "min_seeding_time: 1209600", "0"));
    job = run_job(*server_, "context=cleanup&dry_run=true");
    ASSERT_EQ(job["result"]["planned"].Size(), 1u) << "the dry run plans exactly the noHL torrent";
    EXPECT_EQ(job["result"]["planned"][0]["hash"].GetString(), plain);
    const auto& plan = job["result"]["planned"][0]["details"];
    EXPECT_EQ(plan["files_removed"].GetInt(), 2) << "both files would go";
    EXPECT_EQ(plan["kept"].Size(), 0u);
    EXPECT_TRUE(listed(*lab_, plain) && fs::exists(plain_dir / "e01.mkv")) << "a dry run changes nothing";

    job = run_job(*server_, "context=cleanup");
    EXPECT_EQ(job["result"]["actions_executed"].GetInt(), 1);
    EXPECT_FALSE(listed(*lab_, plain));
    EXPECT_FALSE(fs::exists(plain_dir)) << "its files left the save path";
    const fs::path entry = bin_entry(plain);
    ASSERT_FALSE(entry.empty()) << server_->get("/api/recycle-bin").body;
    EXPECT_EQ(file_bytes(entry / "data" / kShow.name / "e01.mkv"), episode) << "the data is in the bin";
    EXPECT_TRUE(fs::exists(entry / (plain + ".torrent")));

    EXPECT_TRUE(listed(*lab_, linked)) << "hard-linked into a library: hardlinks is outside";
    EXPECT_TRUE(listed(*lab_, pair.first) && listed(*lab_, pair.second)) << "cross-seeded";
    std::vector<std::string> now;
    for (const auto& f : linked_files) now.push_back(file_bytes(f));
    for (const auto& f : pair.files) now.push_back(file_bytes(f));
    EXPECT_EQ(now, kept_bytes) << "every file of the kept torrents is as it was";
    EXPECT_EQ(file_bytes(library[0]), kept_bytes[0]);
    EXPECT_DOUBLE_EQ(recheck(*lab_, pair.second)["progress"].GetDouble(), 1.0);
}

TEST_F(CleanupExample, UnregisteredTorrentsGoButNotDuringAnOutage) {
    qt::LabTracker tracker;
    const fs::path dir = lab_->make_data_dir("tracked");
    const qt::TorrentLayout gone{"gone.bin", {}, 20000}, busy{"busy.bin", {}, 20000}, mixed{"mixed.bin", {}, 20000},
        fine{"fine.bin", {}, 20000};
    std::vector<qt::ExistingTorrent> torrents;
    for (const auto& layout : {gone, busy, mixed, fine}) {
        lab_->write_data(dir, layout);
        torrents.push_back({dir, layout, {tracker.announce_url(), "", false}, "", {}, false});
    }
    auto hash_of = [&](size_t i) { return qt::torrent_from_disk(dir, torrents[i].layout, torrents[i].meta).info_hash; };
    tracker.reply_for_hash(hash_of(0), qt::TrackerReply::failure("Unregistered torrent"));
    tracker.reply_for_hash(hash_of(1), qt::TrackerReply::http_error(503));
    tracker.reply_for_hash(hash_of(2), qt::TrackerReply::failure("Unregistered torrent"));
    const auto hashes = lab_->add_existing(torrents);
    // `mixed` also has a tracker where nothing listens: down, so the guard holds it back.
    lab_->post("torrents/addTrackers", "hash=" + hashes[2] + "&urls=" + qt::refused_tracker_url());
    // A row that never settles (the harness re-announces meanwhile) says what it showed and
    // how often the tracker was asked.
    auto rows_settled = [&](size_t i, size_t not_working, const std::string& msg) -> ::testing::AssertionResult {
        const std::string& hash = hashes[i];
        std::string last;
        const bool settled = lab_->wait_for_tracker_rows({hash}, [&] {
            size_t count = 0;
            bool seen = msg.empty();
            last = lab_->get("torrents/trackers?hash=" + hash);
            const auto rows = parse(last);
            if (!rows.IsArray()) return false;
            for (const auto& row : rows.GetArray()) {
                if (std::string(row["url"].GetString()).rfind("** [", 0) == 0) continue;
                if (row["status"].GetInt() == 4) ++count;
                seen = seen || std::string(row["msg"].GetString()).find(msg) != std::string::npos;
            }
            return count == not_working && seen;
        });
        if (settled) return ::testing::AssertionSuccess();
        return ::testing::AssertionFailure() << torrents[i].layout.name << ": rows " << last << ", "
                                             << tracker.announces_for_hash(hash) << " announce(s), torrent "
                                             << lab_->get("torrents/info?hashes=" + hash);
    };
    ASSERT_TRUE(rows_settled(0, 1, "Unregistered"));
    ASSERT_TRUE(rows_settled(1, 1, "Service Unavailable"));
    ASSERT_TRUE(rows_settled(2, 2, "Unregistered"));
    ASSERT_TRUE(rows_settled(3, 0, ""));

    const auto job = run_job(*server_, "context=unregistered");
    EXPECT_FALSE(listed(*lab_, hashes[0]));
    EXPECT_FALSE(fs::exists(dir / gone.name));
    const fs::path entry = bin_entry(hashes[0]);
    ASSERT_FALSE(entry.empty()) << server_->get("/api/recycle-bin").body;
    EXPECT_TRUE(fs::exists(entry / "data" / gone.name));
    EXPECT_NE(file_bytes(entry / "torrent.json").find("unregistered"), std::string::npos) << "tagged first";
    for (size_t i : {1, 2, 3}) {
        EXPECT_TRUE(listed(*lab_, hashes[i])) << torrents[i].layout.name;
        EXPECT_TRUE(fs::exists(dir / torrents[i].layout.name)) << torrents[i].layout.name;
    }
    EXPECT_EQ(job["result"]["rules_matched"].GetInt(), 1);
}

TEST_F(CleanupExample, TheOrphansJobReportsAndDeletesNothing) {
    const std::string hash = added(kShow);
    const fs::path save = save_of(hash);
    const fs::path orphan = save / "Old.Release" / "old.mkv", unpacking = save / "_UNPACK_New.Release" / "new.mkv";
    for (const auto& f : {orphan, unpacking}) {
        fs::create_directories(f.parent_path());
        std::ofstream(f) << "no torrent uses " << f.filename().string();
    }
    const auto job = run_job(*server_, "context=orphans");
    const auto& result = job["result"];
    EXPECT_STREQ(result["action"].GetString(), "report");
    std::vector<std::string> listed_paths;
    for (const auto& o : result["orphans"].GetArray()) listed_paths.push_back(o["path"].GetString());
    auto is_listed = [&](const fs::path& p) {
        return std::find(listed_paths.begin(), listed_paths.end(), p.string()) != listed_paths.end();
    };
    EXPECT_TRUE(is_listed(orphan)) << server_->get("/api/jobs/" + std::string(job["job_id"].GetString())).body;
    EXPECT_FALSE(is_listed(unpacking)) << "excluded: */_UNPACK_*";
    for (const auto& f : qt::layout_paths(save, kShow)) EXPECT_FALSE(is_listed(f)) << f << " is the torrent's";
    EXPECT_EQ(result["removed"].GetInt(), 0);
    for (const auto& f : {orphan, unpacking}) EXPECT_TRUE(fs::exists(f)) << f << ": a report deletes nothing";
    EXPECT_TRUE(bin_entry("orphans").empty());
}

TEST_F(CleanupExample, MakeRoomDeletesTheOldestUntilTheTargetIsFree) {
    constexpr int64_t kSize = 32 << 20;
    const qt::CrossSeedPair pair = lab_->add_cross_seed_pair(kShow, "gamma", "delta");  // oldest, but cross-seeded
    const std::string kept = added({"kept.bin", {}, 20000}, {"permaseed"});
    std::vector<std::string> hashes;
    std::vector<fs::path> files;
    for (int i = 0; i < 3; ++i) {
        std::this_thread::sleep_for(1100ms);  // added_on has whole seconds
        hashes.push_back(added({"big-" + std::to_string(i) + ".bin", {}, kSize}));
        files.push_back(save_of(hashes.back()) / ("big-" + std::to_string(i) + ".bin"));
    }
    const int64_t free_now = qbittorrent_free_space(*lab_);
    ASSERT_GT(free_now, 0);
    const int64_t target = free_now + kSize * 3 / 2;  // nominally two steps
    use_rules(with_var(example_, "free_space_target: 200 GB", std::to_string(target)));

    const auto job = run_job(*server_, "context=make-room");
    const auto& until = job["result"]["rules"][0]["until"];
    const int64_t start = until["free_space_at_start"].GetInt64();
    const int expected = until_steps(start, kSize, target, 3);
    ASSERT_GE(expected, 1) << "free space grew by more than 48 MiB meanwhile; the test cannot tell";
    EXPECT_EQ(until["steps"].GetInt(), expected);
    EXPECT_EQ(until["bytes_freed"].GetInt64(), expected * kSize) << "recycle: false frees the space at once";
    EXPECT_EQ(until["reached"].GetBool(), start + expected * kSize >= target);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(listed(*lab_, hashes[i]), i >= expected) << "big-" << i << " (oldest first)";
        EXPECT_EQ(fs::exists(files[i]), i >= expected) << files[i];
        EXPECT_TRUE(bin_entry(hashes[i]).empty()) << "not into the bin";
    }
    EXPECT_TRUE(listed(*lab_, pair.first) && listed(*lab_, pair.second) && listed(*lab_, kept));
    for (const auto& f : pair.files) EXPECT_TRUE(fs::exists(f)) << f;
}

}  // namespace
}  // namespace qbt::e2e
