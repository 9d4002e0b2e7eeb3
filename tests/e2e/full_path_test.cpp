// End to end, as a user runs it: a real qbittorrent-nox with 30 varied torrents, the real
// `qbt-rules --serve` child process configured through QBT_RULES_* variables, and jobs
// queued over HTTP the way a cron job does (POST /api/execute?context=..&key=..). Every
// job's counts are checked against what really changed in qBittorrent.
#include "e2e_support.hpp"
#include "full_path_rules.hpp"
#include "lab_snapshot.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace fs = std::filesystem;
using namespace std::chrono_literals;
namespace qt = qbt::testing;

namespace qbt::e2e {
namespace {

int member(const rapidjson::Value& result, const char* name) {
    return result.HasMember(name) && result[name].IsInt() ? result[name].GetInt() : -1;
}

bool is_dry_run(const rapidjson::Value& result) {
    return result.HasMember("dry_run") && result["dry_run"].IsBool() && result["dry_run"].GetBool();
}

class FullPath : public ::testing::Test {
protected:
    void SetUp() override {
        lab_ = qt::QbtLab::start();
        for (const Case& c : cases_) specs_.push_back(c.spec);
        hashes_ = lab_->add_torrents(specs_);
        std::ofstream(dir_.path() / "rules.yml") << kRulesYaml;
        server_ = std::make_unique<Server>(dir_.path(), std::map<std::string, std::string>{
            {"QBT_RULES_QBITTORRENT_HOST", lab_->url()},
            {"QBT_RULES_QBITTORRENT_USERNAME", lab_->username()},
            {"QBT_RULES_QBITTORRENT_PASSWORD", lab_->password()}});
        ASSERT_TRUE(server_->start()) << server_->log_tail();
    }

    // Queues a job like cron would and returns its finished document's `result`.
    rapidjson::Document run_job(const std::string& query) {
        const std::string id = server_->execute(query);
        rapidjson::Document job = server_->wait_job(id);
        rapidjson::Document result;
        result.SetObject();
        if (!job.HasMember("status") || job["status"] != "completed" || !job["result"].IsObject()) {
            ADD_FAILURE() << query << ": job did not complete\n" << server_->log_tail();
            return result;
        }
        result.CopyFrom(job["result"], result.GetAllocator());
        return result;
    }

    std::string hash_of(const std::string& name) const {
        for (size_t i = 0; i < cases_.size(); ++i)
            if (cases_[i].spec.name == name) return hashes_[i];
        ADD_FAILURE() << "no torrent named " << name;
        return "";
    }

    const std::vector<Case> cases_ = full_path_cases();
    std::vector<qt::TorrentSpec> specs_;
    std::vector<std::string> hashes_;
    std::unique_ptr<qt::QbtLab> lab_;
    qt::TempDir dir_{"qbt-e2e-full-"};
    std::unique_ptr<Server> server_;
};

TEST_F(FullPath, CronJobsThroughTheRealServerChangeExactlyWhatTheyReport) {
    ASSERT_EQ(hashes_.size(), 30u);
    int want_matched = 0, want_executed = 0, want_skipped = 0, want_processed = 0, lost_with_deleted = 0;
    for (const Case& c : cases_) {
        want_matched += c.expected.rules_matched;
        want_executed += c.expected.actions_executed();
        want_skipped += c.expected.actions_skipped;
        want_processed += c.expected.rules_matched > 0 ? 1 : 0;
        if (c.expected.deleted) lost_with_deleted += c.expected.actions_executed() - 1;
    }

    {  // --validate of the rules file, as a user checks an edit.
        SCOPED_TRACE("validate");
        const auto run = run_program({exe_path(), "--validate", (dir_.path() / "rules.yml").string()},
                                     dir_.path() / "validate.log", 30);
        EXPECT_EQ(run.exit_code, 0) << run.output;
        EXPECT_NE(run.output.find("OK, 8 rule(s), 8 enabled"), std::string::npos) << run.output;
    }

    const Snapshot before = snapshot(*lab_);
    ASSERT_EQ(before.size(), 30u);

    {  // A dry run changes nothing and lists exactly the actions the real run will execute.
        SCOPED_TRACE("dry run");
        const auto result = run_job(std::string("context=") + kNightly + "&dry_run=true");
        EXPECT_TRUE(is_dry_run(result));
        EXPECT_EQ(member(result, "total_torrents"), 30);
        EXPECT_EQ(member(result, "rules_matched"), want_matched);
        EXPECT_EQ(member(result, "actions_executed"), 0);
        EXPECT_EQ(member(result, "actions_skipped"), want_skipped + want_executed);
        ASSERT_TRUE(result.HasMember("planned") && result["planned"].IsArray());
        EXPECT_EQ(static_cast<int>(result["planned"].Size()), want_executed);
        bool plans_delete = false;
        for (const auto& p : result["planned"].GetArray())
            plans_delete |= std::string(p["action"].GetString()) == "delete_torrent" &&
                            p["hash"].GetString() == hash_of("junk-download-1.bin") &&
                            std::string(p["rule"].GetString()) == "Delete trash";
        EXPECT_TRUE(plans_delete) << "planned actions do not list the trash deletion";
        EXPECT_EQ(differences(before, snapshot(*lab_)), "") << "the dry run changed qBittorrent";
    }

    Snapshot after;
    {  // The real job: its counts equal the changes seen in qBittorrent, torrent by torrent.
        SCOPED_TRACE("real run");
        const auto result = run_job(std::string("context=") + kNightly);
        EXPECT_FALSE(is_dry_run(result));
        EXPECT_EQ(member(result, "total_torrents"), 30);
        EXPECT_EQ(member(result, "rules_matched"), want_matched);
        EXPECT_EQ(member(result, "actions_executed"), want_executed);
        EXPECT_EQ(member(result, "actions_skipped"), want_skipped);
        EXPECT_EQ(member(result, "torrents_processed"), want_processed);
        EXPECT_EQ(member(result, "errors"), 0);

        std::set<std::string> to_pause;
        for (size_t i = 0; i < cases_.size(); ++i)
            if (cases_[i].expected.paused_by_job) to_pause.insert(hashes_[i]);
        // Pausing shows in torrents/info up to ~1.6 s later.
        wait_until([&] {
            after = snapshot(*lab_);
            for (const auto& h : to_pause)
                if (!after.count(h) || !after[h].paused()) return false;
            return true;
        }, 10s);

        int observed = 0;
        for (size_t i = 0; i < cases_.size(); ++i) {
            const Case& c = cases_[i];
            const TorrentState& was = before.at(hashes_[i]);
            SCOPED_TRACE(c.spec.name);
            if (c.expected.deleted) {
                EXPECT_FALSE(after.count(hashes_[i])) << "not deleted";
                EXPECT_TRUE(fs::exists(lab_->data_dir() / c.spec.name)) << "delete_files: false removed the data";
                observed += 1;
                continue;
            }
            ASSERT_TRUE(after.count(hashes_[i])) << "deleted by mistake";
            const TorrentState& now = after.at(hashes_[i]);
            std::set<std::string> want_tags = was.tags;
            want_tags.insert(c.expected.added_tags.begin(), c.expected.added_tags.end());
            EXPECT_EQ(now.tags, want_tags);
            EXPECT_EQ(now.category, c.expected.new_category.value_or(was.category));
            EXPECT_EQ(now.up_limit, c.expected.new_up_limit.value_or(was.up_limit));
            EXPECT_EQ(now.paused(), was.paused() || c.expected.paused_by_job) << now.state;
            for (const auto& tag : now.tags) observed += was.tags.count(tag) ? 0 : 1;
            observed += (now.category != was.category) + (now.up_limit != was.up_limit) +
                        (now.paused() != was.paused());
        }
        // Tags added to a torrent that a later rule deleted are the only unobservable actions.
        EXPECT_EQ(observed + lost_with_deleted, member(result, "actions_executed"));
    }

    {  // The same job again finds everything in effect.
        SCOPED_TRACE("second run");
        const auto result = run_job(std::string("context=") + kNightly);
        EXPECT_EQ(member(result, "total_torrents"), 27);
        EXPECT_EQ(member(result, "actions_executed"), 0);
        EXPECT_GT(member(result, "actions_skipped"), 20);
        EXPECT_EQ(member(result, "errors"), 0);
        EXPECT_EQ(differences(after, snapshot(*lab_)), "");
    }

    const std::string ubuntu = hash_of("ubuntu-22.04-desktop-amd64.iso");
    const std::string netboot = hash_of("netboot-mini.img");
    {  // A job for one hash touches that torrent only.
        SCOPED_TRACE("hash job");
        lab_->post("torrents/removeTags", "hashes=" + ubuntu + "|" + netboot + "&tags=big");
        const auto result = run_job(std::string("context=") + kNightly + "&hash=" + ubuntu);
        EXPECT_EQ(member(result, "total_torrents"), 1);
        EXPECT_EQ(member(result, "torrents_processed"), 1);
        EXPECT_EQ(member(result, "actions_executed"), 1);
        const Snapshot now = snapshot(*lab_);
        EXPECT_TRUE(now.at(ubuntu).tags.count("big"));
        EXPECT_FALSE(now.at(netboot).tags.count("big")) << "a hash job touched another torrent";
    }

    {  // Client mode of the real binary queues a job, follows it and prints its result.
        SCOPED_TRACE("client mode");
        const auto run = run_program({exe_path(), "--context", kNightly, "--wait"}, dir_.path() / "client.log", 60);
        EXPECT_EQ(run.exit_code, 0) << run.output;
        const auto brace = run.output.find('{');
        ASSERT_NE(brace, std::string::npos) << run.output;
        const auto result = parse(run.output.substr(brace, run.output.rfind('}') - brace + 1));
        EXPECT_EQ(member(result, "total_torrents"), 27) << run.output;
        EXPECT_EQ(member(result, "actions_executed"), 1) << run.output;
        EXPECT_TRUE(snapshot(*lab_).at(netboot).tags.count("big"));
    }

    double seconds = 0;
    EXPECT_EQ(server_->terminate(10, &seconds), "exit status 0") << server_->log_tail();
    EXPECT_LT(seconds, 5.0);
    EXPECT_EQ(server_->log_text().find(server_->api_key()), std::string::npos) << "the API key is in the log";
}

}  // namespace
}  // namespace qbt::e2e
