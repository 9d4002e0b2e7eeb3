// Issue 21's "done when": the real `qbt-rules --serve` starts with a qbt-rules 0.6 user's
// config.yml and rules.yml (tests/compat06: every key of 0.6's documented defaults, same
// shapes) and runs jobs with them against a real qbittorrent-nox - the rules tag real
// torrents, `notify` takes its URL from notifications:, `arr_blocklist` blocklists the real
// torrent's records in a Sonarr stand-in on 127.0.0.1, and the job's audit (GET
// /api/jobs/<id>/actions) says which records went - and 0.6's command line works.
#include "e2e_support.hpp"
#include "fake_arr.hpp"
#include "qbt_lab.hpp"
#include "tiny_http_server.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

namespace fs = std::filesystem;
using namespace std::chrono_literals;
namespace qt = qbt::testing;

namespace qbt::e2e {
namespace {

const std::string kSonarrKey = "e2e-sonarr-key-4b1d9e";

std::string upper(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

class Compat06 : public ::testing::Test {
protected:
    void SetUp() override {
        lab_ = qt::QbtLab::start();
        qt::TorrentSpec show, plain;
        show.name = "Show.S01E02.1080p.mkv";
        plain.name = "plain-notes.txt";
        const auto hashes = lab_->add_torrents({show, plain});
        show_ = hashes[0];
        plain_ = hashes[1];
        sonarr_ = std::make_unique<qt::FakeArr>(
            "episodeId", kSonarrKey,
            std::vector<qt::ArrRecord>{{1, "SOMEONE-ELSE", 900}, {2, upper(show_), 12}, {3, upper(show_), 13}});
        for (const char* name : {"config.yml", "rules.yml"})
            fs::copy_file(source_root() / "tests" / "compat06" / name, dir_.path() / name);
        std::ofstream(dir_.path() / "sonarr.key") << kSonarrKey << "\n";
        server_ = std::make_unique<Server>(dir_.path(), std::map<std::string, std::string>{
            {"QBT_RULES_QBITTORRENT_HOST", lab_->url()},
            {"QBT_RULES_QBITTORRENT_USERNAME", lab_->username()},
            {"QBT_RULES_QBITTORRENT_PASSWORD", lab_->password()},
            {"QBT_RULES_INTEGRATIONS_SONARR_URL", sonarr_->url()},
            {"QBT_RULES_INTEGRATIONS_SONARR_API_KEY_FILE", (dir_.path() / "sonarr.key").string()},
            {"QBT_RULES_NOTIFICATIONS_WEBHOOK_URL", webhook_.url() + "/hook"},
            {"QBT_RULES_LOGGING_FILE", (dir_.path() / "qbt-rules.log").string()},  // 0.6's env spelling
            {"QBT_RULES_LOG_HTTP_ACCESS", "false"}});                                 // 0.4-0.5's spelling
        ASSERT_TRUE(server_->start()) << server_->log_tail();
    }

    std::vector<std::string> tags_of(const std::string& hash) {
        auto info = parse(lab_->info_json(hash));
        return info.IsArray() && info.Size() == 1 ? split_tags(info[0]["tags"].GetString()) : std::vector<std::string>{};
    }

    // Runs a job and expects it to complete; the job document.
    rapidjson::Document job(const std::string& query) {
        const std::string id = server_->execute(query);
        auto doc = server_->wait_job(id);
        EXPECT_STREQ(doc["status"].GetString(), "completed") << server_->log_tail();
        return doc;
    }

    std::unique_ptr<qt::QbtLab> lab_;
    std::string show_, plain_;
    std::unique_ptr<qt::FakeArr> sonarr_;
    qt::TinyHttpServer webhook_{[](const std::string&) {
        return qt::TinyHttpServer::response(200, "OK", "application/json", "{}");
    }};
    qt::TempDir dir_{"qbt-compat06-"};
    std::unique_ptr<Server> server_;
};

TEST_F(Compat06, SixtyFilesServeAndAJobRunsTheirRulesOnRealTorrents) {
    auto done = job("dry_run=false");
    EXPECT_EQ(tags_of(show_), (std::vector<std::string>{"auto-tagged", "hd", "tv"})) << server_->log_tail();
    EXPECT_TRUE(tags_of(plain_).empty());
    EXPECT_TRUE(sonarr_->calls().empty());  // the arr rule has its own context
    EXPECT_EQ(webhook_.requests().size(), 0u);

    // GET /api/rules shows ids and meta; metrics.enabled: false turns /metrics off.
    const Reply rules = server_->get("/api/rules");
    ASSERT_EQ(rules.code, 200) << rules.body;
    EXPECT_NE(rules.body.find(R"("id":"tag-hd-content","meta":{"description":"Tag HD content","owner":"compat-tests"})"),
              std::string::npos)
        << rules.body;
    EXPECT_EQ(server_->get("/metrics").code, 404);
    // One info line for the ignored multiproc_dir, in the log file named by QBT_RULES_LOGGING_FILE.
    std::ifstream log(dir_.path() / "qbt-rules.log");
    const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("metrics.multiproc_dir"), std::string::npos) << text.substr(0, 2000);
}

TEST_F(Compat06, ArrBlocklistRemovesEveryRecordOfTheRealTorrentAndNotifyUsesTheDefaults) {
    auto done = job("context=arr");
    const auto deletes = sonarr_->calls("DELETE");
    ASSERT_EQ(deletes.size(), 2u) << server_->log_tail();
    EXPECT_EQ(deletes[0].target, "/api/v3/queue/2?removeFromClient=false&blocklist=true");
    EXPECT_EQ(deletes[1].target, "/api/v3/queue/3?removeFromClient=false&blocklist=true");
    const auto posts = sonarr_->calls("POST");
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0].body, R"({"name":"EpisodeSearch","episodeIds":[12,13]})");
    ASSERT_EQ(sonarr_->queue().size(), 1u);  // someone else's record stays
    const std::string audit = server_->get("/api/jobs/" + std::string(done["job_id"].GetString()) + "/actions").body;
    EXPECT_NE(audit.find("\"action\":\"arr_blocklist\""), std::string::npos) << audit;
    EXPECT_NE(audit.find("\"outcome\":\"ok\""), std::string::npos) << audit;
    EXPECT_EQ(audit.find(kSonarrKey), std::string::npos);
    EXPECT_EQ(server_->log_text().find(kSonarrKey), std::string::npos);
    // What was removed, in the audit (ABI 1.3 audit_note), for the real torrent.
    EXPECT_NE(audit.find("\"hash\":\"" + show_ + "\""), std::string::npos) << audit;
    EXPECT_NE(audit.find("\"note\":\"removed sonarr queue record(s) 2,3 with blocklisting (downloadId " + upper(show_) +
                         ", episode(s) 12,13); sent EpisodeSearch for episode(s) 12,13\""),
              std::string::npos)
        << audit;

    auto notified = job("context=notify");
    const auto hooks = webhook_.requests();
    ASSERT_EQ(hooks.size(), 1u) << server_->log_tail();
    EXPECT_NE(hooks[0].find("POST /hook"), std::string::npos);
    EXPECT_NE(hooks[0].find("Show.S01E02.1080p.mkv"), std::string::npos) << hooks[0];
    // The notify audit names the service (0.6 "generic" is our "webhook"), the origin (never
    // the URL's path) and the answer.
    const std::string notify_audit =
        server_->get("/api/jobs/" + std::string(notified["job_id"].GetString()) + "/actions").body;
    EXPECT_NE(notify_audit.find("\"note\":\"sent webhook notification to " + webhook_.url() + " (HTTP 200, 1 attempt(s))\""),
              std::string::npos)
        << notify_audit;
    EXPECT_EQ(notify_audit.find("/hook"), std::string::npos) << notify_audit;
}

TEST_F(Compat06, SixtyCommandLineListRulesValidateShowConfig) {
    const auto list = run_program({exe_path(), "--list-rules"}, dir_.path() / "list.log", 30);
    ASSERT_EQ(list.exit_code, 0) << list.output;
    EXPECT_NE(list.output.find("#    enabled  stop_on_match  context                  name"), std::string::npos) << list.output;
    EXPECT_NE(list.output.find("1    yes      yes            torrent-imported         block-unwanted-archives"),
              std::string::npos)
        << list.output;
    EXPECT_NE(list.output.find("6    no       no             (any)                    pause-well-seeded"),
              std::string::npos)
        << list.output;

    const auto validate = run_program({exe_path(), "--validate"}, dir_.path() / "validate.log", 30);
    EXPECT_EQ(validate.exit_code, 0) << validate.output;
    EXPECT_NE(validate.output.find("config.yml: OK, 1 qBittorrent instance(s)"), std::string::npos) << validate.output;
    EXPECT_NE(validate.output.find("rules.yml: OK, 8 rule(s), 7 enabled"), std::string::npos) << validate.output;
    EXPECT_NE(validate.output.find("tag-hd-content: Tag HD content"), std::string::npos) << validate.output;

    const auto shown = run_program({exe_path(), "--show-config", "--trace"}, dir_.path() / "show.log", 30);
    EXPECT_EQ(shown.exit_code, 0) << shown.output;
    EXPECT_NE(shown.output.find("config_dir = " + dir_.path().string() + "  [env QBT_RULES_CONFIG_DIR]"),
              std::string::npos)
        << shown.output;
    EXPECT_NE(shown.output.find("logging.trace_mode = true  [cli --logging-trace-mode]"), std::string::npos)
        << shown.output;
    EXPECT_EQ(shown.output.find(kSonarrKey), std::string::npos);

    const auto key = run_program({exe_path(), "--show-config", "--server-api-key", "from-the-command-line-123"},
                                 dir_.path() / "key.log", 30);
    EXPECT_NE(key.output.find("server.api_key = ***  [cli --server-api-key]"), std::string::npos) << key.output;
}

}  // namespace
}  // namespace qbt::e2e
