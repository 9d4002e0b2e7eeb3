// kill -9 of the server in the middle of a recycle (issue 15): after the restart the
// recycle bin's recovery leaves either the old place complete with the torrent still in
// qBittorrent, or the bin entry complete; never both partial. Then the killed job goes the
// way the queue says (re-queued below queue.max_attempts, else failed with the reason).
// A hook compiled only into test builds (QBT_RULES_TEST_HOOKS; release and Docker builds
// use -Dtests=false) pauses the server at the chosen point when its variable is set:
// QBT_TEST_RECYCLE_PAUSE_MS between files, QBT_TEST_RECYCLE_PAUSE_PREPARED_MS before the
// torrent leaves qBittorrent.
#include "cleanup_support.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace fs = std::filesystem;
using namespace std::chrono_literals;
namespace qt = qbt::testing;

namespace qbt::e2e {
namespace {

const qt::TorrentLayout kSeason{"Season", {{"e01.mkv", 200000}, {"e02.mkv", 150000}, {"e03.mkv", 100000}}};

class RecycleKill9 : public ::testing::Test {
protected:
    static void SetUpTestSuite() { lab_ = qt::QbtLab::start(); }
    static void TearDownTestSuite() { lab_.reset(); }

    void SetUp() override {
        save_ = lab_->make_data_dir("kill9");
        // A tag of this test's own: the lab (and the torrents an earlier test restored) is shared.
        const std::string tag = save_.filename().string();
        std::ofstream(dir_.path() / "rules.yml") << "rules:\n"
            "  - name: recycle\n"
            "    context: recycle\n"
            "    conditions: [{field: info.tags, operator: contains, value: " << tag << "}]\n"
            "    actions: [{type: delete_torrent}]\n";
        files_ = lab_->write_data(save_, kSeason);
        for (const auto& f : files_) bytes_.push_back(file_bytes(f));
        hash_ = lab_->add_existing({{save_, kSeason, {}, "", {tag}, false}})[0];
    }
    void TearDown() override {
        unsetenv("QBT_TEST_RECYCLE_PAUSE_MS");
        unsetenv("QBT_TEST_RECYCLE_PAUSE_PREPARED_MS");
    }

    fs::path bin() const { return dir_.path() / "bin"; }
    // Starts the server with `hook` pausing, queues the recycle, kills -9 at the pause, and
    // starts it again without the hook. Returns the killed job's id.
    std::string kill_at(const char* hook, const std::string& log_line, int max_attempts) {
        server_ = std::make_unique<Server>(dir_.path(), lab_env(*lab_, {
            {"QBT_RULES_ENGINE_RECYCLE_BIN_DIR", bin().string()},
            {"QBT_RULES_QUEUE_MAX_ATTEMPTS", std::to_string(max_attempts)}}));
        setenv(hook, "20000", 1);
        EXPECT_TRUE(server_->start()) << server_->log_tail();
        const std::string job = server_->execute("context=recycle");
        EXPECT_TRUE(wait_until([&] { return server_->log_text().find(log_line) != std::string::npos; }, 60s))
            << server_->log_tail();
        server_->kill();
        unsetenv(hook);
        EXPECT_TRUE(server_->start()) << server_->log_tail();  // recovery runs before it listens
        return job;
    }
    std::vector<fs::path> staging() const {
        std::vector<fs::path> out;
        for (const auto& e : fs::directory_iterator(bin()))
            if (e.path().filename().string().rfind(".staging-", 0) == 0) out.push_back(e.path());
        return out;
    }
    bool old_place_complete() const {
        for (size_t i = 0; i < files_.size(); ++i)
            if (file_bytes(files_[i]) != bytes_[i]) return false;
        return true;
    }
    bool old_place_empty() const {
        for (const auto& f : files_)
            if (fs::exists(f)) return false;
        return true;
    }
    bool bin_entry_complete() {
        const auto listing = parse(server_->get("/api/recycle-bin").body);
        if (!listing.HasMember("entries") || listing["entries"].Size() != 1) return false;
        const fs::path data = bin() / listing["entries"][0]["entry"].GetString() / "data";
        for (size_t i = 0; i < files_.size(); ++i)
            if (file_bytes(data / fs::relative(files_[i], save_)) != bytes_[i]) return false;
        return true;
    }
    std::string job_field(const rapidjson::Document& job, const char* key) { return text_field(job, key); }

    static inline std::unique_ptr<qt::QbtLab> lab_;
    qt::TempDir dir_{"qbt-kill9-"};
    fs::path save_;
    std::vector<fs::path> files_;
    std::vector<std::string> bytes_;
    std::string hash_;
    std::unique_ptr<Server> server_;
};

TEST_F(RecycleKill9, KilledBetweenFilesTheMoveIsFinishedAtTheRestart) {
    const std::string job_id = kill_at("QBT_TEST_RECYCLE_PAUSE_MS", "1 of 3 files moved", 3);
    // Killed with one file in the bin and two at the old place: recovery rolled forward.
    EXPECT_FALSE(listed(*lab_, hash_)) << "it had left qBittorrent before the first file moved";
    EXPECT_TRUE(staging().empty()) << "recovery finished the entry";
    EXPECT_TRUE(bin_entry_complete()) << server_->get("/api/recycle-bin").body << server_->log_tail();
    EXPECT_TRUE(old_place_empty());
    EXPECT_NE(server_->log_text().find("an interrupted move was finished (2 more file(s) moved in)"),
              std::string::npos) << server_->log_tail();

    // The killed job was re-queued (attempt 1 of 3) and runs again: its torrent is gone, so
    // it completes having done nothing, and the bin still holds the one complete entry.
    const auto job = server_->wait_job(job_id, 90s);
    EXPECT_EQ(job_field(job, "status"), "completed") << job_field(job, "error");
    EXPECT_EQ(job["result"]["actions_executed"].GetInt(), 0);
    EXPECT_TRUE(bin_entry_complete());

    // And the entry restores like any other.
    const auto restore = run_program({exe_path(), "--restore", hash_, "--wait"}, dir_.path() / "restore.log", 90);
    ASSERT_EQ(restore.exit_code, 0) << restore.output << server_->log_tail();
    EXPECT_TRUE(old_place_complete());
    const auto checked = recheck(*lab_, hash_);
    EXPECT_DOUBLE_EQ(checked["progress"].GetDouble(), 1.0);
    EXPECT_TRUE(is_seeding(text_field(checked, "state")));
}

TEST_F(RecycleKill9, KilledBeforeTheTorrentLeftTheOldPlaceStaysComplete) {
    const std::string job_id =
        kill_at("QBT_TEST_RECYCLE_PAUSE_PREPARED_MS", "recycle entry of " + hash_ + " prepared", 1);
    // Killed with the entry prepared and the torrent still in qBittorrent: recovery dropped it.
    EXPECT_TRUE(listed(*lab_, hash_));
    EXPECT_TRUE(old_place_complete());
    EXPECT_TRUE(staging().empty()) << "the unfinished entry was dropped";
    EXPECT_EQ(parse(server_->get("/api/recycle-bin").body)["entries"].Size(), 0u);
    EXPECT_NE(server_->log_text().find("the unfinished entry was dropped"), std::string::npos) << server_->log_tail();
    const auto checked = recheck(*lab_, hash_);
    EXPECT_DOUBLE_EQ(checked["progress"].GetDouble(), 1.0);
    EXPECT_TRUE(is_seeding(text_field(checked, "state")));

    // queue.max_attempts 1: the killed job is failed with the reason, not run again ...
    const auto killed = server_->wait_job(job_id, 30s);
    EXPECT_EQ(job_field(killed, "status"), "failed");
    EXPECT_NE(job_field(killed, "error").find("the worker stopped while running this job"), std::string::npos)
        << job_field(killed, "error");
    // ... and the same recycle queued again does the whole move.
    const auto again = run_job(*server_, "context=recycle");
    EXPECT_EQ(again["result"]["actions_executed"].GetInt(), 1);
    EXPECT_FALSE(listed(*lab_, hash_));
    EXPECT_TRUE(bin_entry_complete()) << server_->get("/api/recycle-bin").body;
    EXPECT_TRUE(old_place_empty());
}

}  // namespace
}  // namespace qbt::e2e
