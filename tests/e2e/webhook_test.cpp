// End to end through qBittorrent's own "run external program" hooks: lab A seeds a real
// 8 MiB torrent, lab B downloads it from A over loopback, and B itself calls the server
// (the real `qbt-rules --serve`, pointed at B) with the lines `qbt-rules --webhook-line`
// prints — using the trigger key, which may queue jobs but not read them. The jobs B's
// hooks created must run the hook's rules on exactly the downloaded torrent.
#include "e2e_support.hpp"
#include "lab_http.hpp"
#include "lab_snapshot.hpp"
#include "qbt_lab.hpp"

#include <gtest/gtest.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fstream>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;
using namespace std::chrono_literals;
namespace qt = qbt::testing;

namespace qbt::e2e {
namespace {

const std::string kTriggerKey = "e2e-trigger-key-5f1c2a9b7d3e";

constexpr const char* kRules = R"yaml(
rules:
  - name: Tag imported torrents
    context: torrent-imported
    conditions:
      - field: info.size
        operator: '>'
        value: 0
    actions:
      - type: add_tag
        params: {tags: [imported]}
  - name: Tag finished downloads
    context: download-finished
    conditions:
      - field: info.progress
        operator: '>='
        value: 1
    actions:
      - type: add_tag
        params: {tags: [finished]}
)yaml";

// The command `qbt-rules --webhook-line` prints after "Run on torrent <event>:".
std::string webhook_line(const std::string& output, const std::string& event) {
    const std::string marker = "Run on torrent " + event + ":\n  ";
    const auto at = output.find(marker);
    if (at == std::string::npos) return "";
    const auto begin = at + marker.size();
    return output.substr(begin, output.find('\n', begin) - begin);
}

std::string preferences_json(const std::string& on_added, const std::string& on_finished) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("autorun_on_torrent_added_enabled"); w.Bool(true);
    w.Key("autorun_on_torrent_added_program"); w.String(on_added.c_str());
    w.Key("autorun_enabled"); w.Bool(true);
    w.Key("autorun_program"); w.String(on_finished.c_str());
    w.EndObject();
    return buffer.GetString();
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// The jobs of one context, newest first.
rapidjson::Document jobs_of(Server& server, const std::string& context) {
    const Reply reply = server.get("/api/jobs?context=" + context);
    EXPECT_EQ(reply.code, 200) << reply.body;
    return parse(reply.code == 200 ? reply.body : "{\"total\":0,\"jobs\":[]}");
}

class Webhook : public ::testing::Test {
protected:
    void SetUp() override {
        // qBittorrent runs the hook's curl with our environment: no proxy may reroute it.
        for (const char* name : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
            unsetenv(name);
        seeder_ = qt::QbtLab::start();
        downloader_ = qt::QbtLab::start();
        std::ofstream(dir_.path() / "rules.yml") << kRules;
        server_ = std::make_unique<Server>(dir_.path(), std::map<std::string, std::string>{
            {"QBT_RULES_QBITTORRENT_HOST", downloader_->url()},
            {"QBT_RULES_QBITTORRENT_USERNAME", downloader_->username()},
            {"QBT_RULES_QBITTORRENT_PASSWORD", downloader_->password()},
            {"QBT_RULES_SERVER_TRIGGER_KEY", kTriggerKey}});
        ASSERT_TRUE(server_->start()) << server_->log_tail();
    }

    std::unique_ptr<qt::QbtLab> seeder_;
    std::unique_ptr<qt::QbtLab> downloader_;
    qt::TempDir dir_{"qbt-e2e-hook-"};
    std::unique_ptr<Server> server_;
};

TEST_F(Webhook, QbittorrentsOwnHooksQueueJobsForExactlyTheDownloadedTorrent) {
    // The trigger key queues jobs but cannot read them.
    EXPECT_EQ(http("GET", server_->base_url() + "/api/jobs", {"X-API-Key: " + kTriggerKey}).code, 403);

    // A torrent B already has (complete, added without a hook): a job for "all" would tag it.
    qt::TorrentSpec bystander_spec;
    bystander_spec.name = "bystander.bin";
    const std::string bystander = downloader_->add_torrents({bystander_spec})[0];

    // The hook lines as a user gets them from the product, pasted into B's settings.
    const auto lines = run_program({exe_path(), "--webhook-line"}, dir_.path() / "webhook-line.log", 30);
    ASSERT_EQ(lines.exit_code, 0) << lines.output;
    const std::string on_finished = webhook_line(lines.output, "finished");
    const std::string on_added = webhook_line(lines.output, "added");
    EXPECT_EQ(on_finished, "/usr/bin/curl -s -X POST \"" + server_->base_url() +
                               "/api/execute?context=download-finished&hash=%K&key=" + kTriggerKey + "\"");
    ASSERT_NE(on_added.find("context=torrent-imported&hash=%K"), std::string::npos) << lines.output;
    downloader_->post("app/setPreferences", "json=" + qt::LabHttp::escape(preferences_json(on_added, on_finished)));
    const auto prefs = parse(downloader_->get("app/preferences"));
    ASSERT_TRUE(prefs["autorun_enabled"].GetBool());
    ASSERT_EQ(std::string(prefs["autorun_program"].GetString()), on_finished);

    // A seeds a real 8 MiB torrent (checked, so it knows it has the data).
    const auto started = std::chrono::steady_clock::now();
    qt::TorrentSpec payload;
    payload.name = "payload-8MiB.bin";
    payload.size_bytes = 8u << 20;
    const std::string hash = seeder_->add_torrents({payload}, /*skip_checking=*/false)[0];
    ASSERT_TRUE(wait_until([&] { return snapshot(*seeder_, hash)[hash].state.find("UP") != std::string::npos; }, 20s))
        << seeder_->info_json(hash);

    // B adds the same .torrent with its default (empty) save path and is told where A is.
    qt::LabHttp b(downloader_->url());
    ASSERT_TRUE(b.login(downloader_->username(), downloader_->password()));
    const auto added = b.post_multipart("torrents/add", {{"savepath", ""}},
                                        {{"torrents", "payload.torrent", read_file(seeder_->torrent_path(hash))}});
    ASSERT_EQ(added.status, 200) << added.body;
    ASSERT_TRUE(wait_until([&] { return snapshot(*downloader_, hash).count(hash) == 1; }, 10s));
    const std::string peer = "peers=127.0.0.1:" + std::to_string(seeder_->bt_port());
    downloader_->post("torrents/addPeers", "hashes=" + hash + "&" + peer);
    int polls = 0;
    const bool finished = wait_until([&] {
        const auto info = parse(downloader_->info_json(hash));
        if (!info.IsArray() || info.Size() != 1) return false;
        if (info[0]["progress"].GetDouble() >= 1.0) return true;
        if (++polls % 30 == 0 && info[0]["num_seeds"].GetInt() == 0)  // not connected after ~3 s: introduce again
            downloader_->post("torrents/addPeers", "hashes=" + hash + "&" + peer);
        return false;
    }, 60s);
    ASSERT_TRUE(finished) << "B did not download from A in 60 s: " << downloader_->info_json(hash);
    const double download_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    RecordProperty("download_seconds", std::to_string(download_seconds));
    std::cout << "A seeded and B downloaded 8 MiB in " << download_seconds << " s\n";

    // B's finished hook called the server; wait for that job to complete.
    rapidjson::Document finished_jobs;
    const bool done = wait_until([&] {
        finished_jobs = jobs_of(*server_, "download-finished");
        return finished_jobs["total"].GetUint64() >= 1 &&
               std::string(finished_jobs["jobs"][0]["status"].GetString()) == "completed";
    }, 30s);
    ASSERT_TRUE(done) << "no completed download-finished job\n" << server_->log_tail()
                      << "\nqBittorrent log:\n" << qt::file_tail((downloader_->profile_dir() / "qBittorrent/logs/qbittorrent.log").string());
    ASSERT_EQ(finished_jobs["total"].GetUint64(), 1u) << "the finished hook fired more than once";
    const auto& job = finished_jobs["jobs"][0];
    EXPECT_EQ(std::string(job["hash"].GetString()), hash);
    const auto& result = job["result"];
    EXPECT_EQ(result["total_torrents"].GetInt(), 1);
    EXPECT_EQ(result["torrents_processed"].GetInt(), 1);
    EXPECT_EQ(result["actions_executed"].GetInt(), 1);
    EXPECT_EQ(result["errors"].GetInt(), 0);

    // The added hook fired too (for B's add only: the bystander came before the hooks).
    rapidjson::Document imported_jobs;
    ASSERT_TRUE(wait_until([&] {
        imported_jobs = jobs_of(*server_, "torrent-imported");
        return imported_jobs["total"].GetUint64() >= 1 &&
               std::string(imported_jobs["jobs"][0]["status"].GetString()) == "completed";
    }, 30s)) << server_->log_tail();
    EXPECT_EQ(imported_jobs["total"].GetUint64(), 1u);
    EXPECT_EQ(std::string(imported_jobs["jobs"][0]["hash"].GetString()), hash);

    const Snapshot now = snapshot(*downloader_);
    EXPECT_EQ(now.at(hash).tags, (std::set<std::string>{"finished", "imported"}));
    EXPECT_TRUE(now.at(bystander).tags.empty()) << "a hook job touched another torrent";

    double seconds = 0;
    EXPECT_EQ(server_->terminate(10, &seconds), "exit status 0") << server_->log_tail();
    EXPECT_EQ(server_->log_text().find(kTriggerKey), std::string::npos) << "the trigger key is in the server log";
}

}  // namespace
}  // namespace qbt::e2e
