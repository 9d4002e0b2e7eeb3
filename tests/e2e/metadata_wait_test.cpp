// Issue 19, rules that wait for metadata, on two real qbittorrent-nox on 127.0.0.1: B adds
// a magnet link (its tracker a LabTracker on 127.0.0.1) whose torrent only A has, stopped.
// A job for that hash whose rule reads files.name waits (pending, waiting_for metadata,
// nothing done), survives a kill -9 of the server, and runs once A seeds and B has the
// metadata: the tag lands on exactly that torrent. Without a seeder the wait is bounded
// (engine.metadata_wait): the job completes with a note, the files rule not run, the other
// rule run.
#include "cleanup_support.hpp"
#include "e2e_support.hpp"
#include "lab_http.hpp"
#include "lab_snapshot.hpp"
#include "lab_tracker.hpp"
#include "qbt_lab.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>

using namespace std::chrono_literals;
namespace qt = qbt::testing;

namespace qbt::e2e {
namespace {

constexpr const char* kRules = R"yaml(
rules:
  - name: Tag torrents with a bin file
    context: torrent-added
    conditions:
      - field: files.name
        operator: matches
        value: '\.bin$'
    actions:
      - type: add_tag
        params: {tags: [has-bin]}
  - name: Tag every added torrent
    context: torrent-added
    conditions:
      - field: info.progress
        operator: '>='
        value: 0
    actions:
      - type: add_tag
        params: {tags: [seen]}
)yaml";

std::string member(const rapidjson::Value& doc, const char* key) {
    auto it = doc.FindMember(key);
    return it != doc.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

class MetadataWait : public ::testing::Test {
protected:
    void SetUp() override {
        downloader_ = qt::QbtLab::start();
        std::ofstream(dir_.path() / "rules.yml") << kRules;
    }
    void start_server(const std::string& metadata_wait) {
        server_ = std::make_unique<Server>(dir_.path(), lab_env(*downloader_, {
            {"QBT_RULES_ENGINE_METADATA_WAIT", metadata_wait}, {"QBT_RULES_QUEUE_POLL_INTERVAL", "0.2s"}}));
        ASSERT_TRUE(server_->start()) << server_->log_tail();
    }
    // B adds the magnet of `hash`; returns once B lists it.
    void add_magnet(const std::string& hash) {
        const std::string magnet = "magnet:?xt=urn:btih:" + hash + "&tr=" + qt::LabHttp::escape(tracker_.announce_url());
        downloader_->post("torrents/add", "urls=" + qt::LabHttp::escape(magnet));
        ASSERT_TRUE(wait_until([&] { return snapshot(*downloader_, hash).count(hash) == 1; }, 10s));
    }
    rapidjson::Document job(const std::string& id) {
        const Reply reply = server_->get("/api/jobs/" + id);
        EXPECT_EQ(reply.code, 200) << reply.body;
        return parse(reply.body);
    }
    // Waits until the job is pending and waiting for metadata (after at least `waits` looks).
    bool waiting(const std::string& id, int waits = 1) {
        return wait_until([&] {
            auto doc = job(id);
            return member(doc, "status") == "pending" && member(doc, "waiting_for") == "metadata" &&
                   doc.HasMember("waits") && doc["waits"].GetInt() >= waits;
        }, 20s);
    }

    std::unique_ptr<qt::QbtLab> downloader_;
    qt::LabTracker tracker_;
    qt::TempDir dir_{"qbt-e2e-metadata-"};
    std::unique_ptr<Server> server_;
};

TEST_F(MetadataWait, MagnetJobWaitsSurvivesKill9AndTagsOnceTheMetadataArrives) {
    const auto seeder = qt::QbtLab::start();
    qt::TorrentSpec payload;
    payload.name = "payload.bin";
    payload.size_bytes = 256u << 10;
    payload.paused = true;  // A has it complete but serves nobody yet
    const std::string hash = seeder->add_torrents({payload})[0];
    qt::TorrentSpec other;
    other.name = "bystander.bin";
    const std::string bystander = downloader_->add_torrents({other})[0];
    start_server("10m");

    add_magnet(hash);
    const auto before = parse(downloader_->info_json(hash));
    std::cout << "B's magnet before metadata: state " << member(before[0], "state") << ", total_size "
              << before[0]["total_size"].GetInt64() << "\n";
    const std::string id = server_->execute("context=torrent-added&hash=" + hash);
    ASSERT_FALSE(id.empty());
    ASSERT_TRUE(waiting(id)) << job(id)["status"].GetString() << "\n" << server_->log_tail();
    auto deferred = job(id);
    EXPECT_FALSE(member(deferred, "not_before").empty());
    EXPECT_FALSE(member(deferred, "waiting_since").empty());
    EXPECT_TRUE(deferred["result"].IsNull());
    EXPECT_TRUE(snapshot(*downloader_).at(hash).tags.empty()) << "a rule ran before the metadata came";

    // kill -9 while it waits: after the restart it is still pending, still waiting.
    server_->kill();
    ASSERT_TRUE(server_->start()) << server_->log_tail();
    auto after_restart = job(id);
    EXPECT_EQ(member(after_restart, "status"), "pending");
    EXPECT_EQ(member(after_restart, "waiting_for"), "metadata");
    ASSERT_TRUE(waiting(id, after_restart["waits"].GetInt() + 1)) << "it does not wait again after the restart";
    EXPECT_EQ(job(id)["attempts"].GetInt(), 0) << "waiting must not use up attempts";

    // A starts seeding; B is told where A is and fetches the metadata from it.
    const auto started = std::chrono::steady_clock::now();
    seeder->start_torrents({hash});
    const std::string peer = "hashes=" + hash + "&peers=127.0.0.1:" + std::to_string(seeder->bt_port());
    int polls = 0;
    ASSERT_TRUE(wait_until([&] {
        if (polls++ % 20 == 0) downloader_->post("torrents/addPeers", peer);
        return parse(downloader_->info_json(hash))[0]["total_size"].GetInt64() > 0;
    }, 60s)) << downloader_->info_json(hash);
    const auto done = server_->wait_job(id, 90s);
    ASSERT_EQ(member(done, "status"), "completed") << server_->log_tail();
    std::cout << "metadata arrived and the job ran " << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()
              << " s after A started seeding\n";
    EXPECT_FALSE(done.HasMember("waiting_for"));
    EXPECT_GE(done["waits"].GetInt(), 2);
    const auto& result = done["result"];
    EXPECT_EQ(result["actions_executed"].GetInt(), 2);
    EXPECT_EQ(result["errors"].GetInt(), 0);
    EXPECT_FALSE(result.HasMember("metadata"));
    const Snapshot now = snapshot(*downloader_);
    EXPECT_EQ(now.at(hash).tags, (std::set<std::string>{"has-bin", "seen"}));
    EXPECT_TRUE(now.at(bystander).tags.empty()) << "the job touched another torrent";
}

TEST_F(MetadataWait, WithoutASeederTheWaitEndsCompletedWithANoteAndOnlyTheOtherRuleRun) {
    start_server("3s");
    const std::string hash = "5eed0000000000000000000000000000000e1f19";
    add_magnet(hash);
    const auto queued = std::chrono::steady_clock::now();
    const std::string id = server_->execute("context=torrent-added&hash=" + hash);
    ASSERT_TRUE(waiting(id));
    EXPECT_TRUE(snapshot(*downloader_).at(hash).tags.empty());
    const auto done = server_->wait_job(id, 30s);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - queued).count();
    ASSERT_EQ(member(done, "status"), "completed") << server_->log_tail();
    EXPECT_GE(seconds, 3.0);
    EXPECT_LT(seconds, 15.0);
    const auto& metadata = done["result"]["metadata"];
    ASSERT_TRUE(metadata.IsObject()) << server_->log_tail();
    EXPECT_NE(member(metadata, "note").find("metadata never arrived within 3s"), std::string::npos)
        << member(metadata, "note");
    ASSERT_EQ(metadata["rules_not_run"].Size(), 1u);
    EXPECT_STREQ(metadata["rules_not_run"][0].GetString(), "Tag torrents with a bin file");
    EXPECT_EQ(done["result"]["actions_executed"].GetInt(), 1);
    EXPECT_EQ(snapshot(*downloader_).at(hash).tags, (std::set<std::string>{"seen"}));
}

TEST_F(MetadataWait, AJobWhoseRulesReadNoMetadataFieldNeverWaits) {
    start_server("10m");
    const std::string hash = "5eed0000000000000000000000000000000e1f20";
    add_magnet(hash);
    const std::string id = server_->execute("context=torrent-added&hash=" + hash + "&rule=" +
                                            qt::LabHttp::escape("Tag every added torrent"));
    const auto done = server_->wait_job(id, 20s);
    ASSERT_EQ(member(done, "status"), "completed") << server_->log_tail();
    EXPECT_FALSE(done.HasMember("waits"));
    EXPECT_EQ(snapshot(*downloader_).at(hash).tags, (std::set<std::string>{"seen"}));
}

}  // namespace
}  // namespace qbt::e2e
