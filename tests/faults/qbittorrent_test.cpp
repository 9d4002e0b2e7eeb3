// qBittorrent misbehaving under a running `qbt-rules --serve`: stopped (the job fails
// naming the host, the worker goes on, the next job succeeds once it is back), restarted
// (its sessions are gone: the next job logs in again by itself), and, through a proxy on
// 127.0.0.1, slow or cutting its answers (the job reports the error, nothing unanswered
// is counted as executed, and no write is ever sent twice).
#include "fault_proxy.hpp"
#include "fault_support.hpp"
#include "lab_specs.hpp"

#include <gtest/gtest.h>

namespace qf = qbt::faults;
namespace qt = qbt::testing;
using namespace std::chrono_literals;

namespace {

const char* kRules = R"(rules:
  - name: tag every torrent
    context: tag
    conditions:
      - field: info.size
        operator: '>'
        value: 0
    actions:
      - type: add_tag
        params: {tags: [fault]}
)";
constexpr const char* kAddTags = "POST /api/v2/torrents/addTags";

class QbittorrentFaults : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (qf::server_executable().empty()) return;
        lab = qt::QbtLab::start();
        hashes = lab->add_torrents(qf::torrents_named({"one", "two"}));
    }
    static void TearDownTestSuite() { lab.reset(); }
    void SetUp() override {
        if (qf::server_executable().empty()) GTEST_SKIP() << "$QBT_RULES_EXE is not built";
        if (!lab->running()) lab->restart();
        untag();
    }
    static void untag() { lab->post("torrents/removeTags", "hashes=all&tags=fault"); }
    static bool tagged(const std::string& hash) {
        return lab->info_json(hash).find("\"tags\":\"fault\"") != std::string::npos;
    }
    // Starts a server on `host` with short qBittorrent timeouts.
    std::unique_ptr<qf::ServerProcess> serve(const std::string& host) {
        auto server = std::make_unique<qf::ServerProcess>(dir, std::map<std::string, std::string>{
            {"QBT_RULES_QBITTORRENT_HOST", host},
            {"QBT_RULES_QBITTORRENT_TIMEOUT", "2"},
            {"QBT_RULES_QBITTORRENT_CONNECT_TIMEOUT", "2"},
            {"QBT_RULES_RULES_FILE", qf::write_rules(dir, kRules)},
        });
        std::string why;
        EXPECT_TRUE(server->start(&why)) << why;
        return server;
    }
    // Runs a "tag" job to its end; its document.
    rapidjson::Document run_job(qf::ServerProcess& server) {
        const std::string id = server.execute("context=tag");
        EXPECT_FALSE(id.empty()) << server.log_tail();
        return qf::parse(server.wait_job_final(id, 20s));
    }

    qt::TempDir dir{"qbt-faults-qbt-"};
    static std::unique_ptr<qt::QbtLab> lab;
    static std::vector<std::string> hashes;
};
std::unique_ptr<qt::QbtLab> QbittorrentFaults::lab;
std::vector<std::string> QbittorrentFaults::hashes;

TEST_F(QbittorrentFaults, StoppedThenBackAndSessionsDropped) {
    auto server = serve(lab->url());
    auto first = run_job(*server);  // logs in: the server now holds a session
    ASSERT_EQ(qf::text_at(first, {"status"}), "completed") << server->log_tail();

    lab->stop();
    auto down = run_job(*server);
    EXPECT_EQ(qf::text_at(down, {"status"}), "failed");
    const std::string error = qf::text_at(down, {"error"});
    std::printf("error while qBittorrent is stopped: %s\n", error.c_str());
    EXPECT_NE(error.find("127.0.0.1:" + std::to_string(lab->webui_port())), std::string::npos) << error;
    EXPECT_EQ(qf::api_call("GET", server->base() + "/api/health").code, 200) << "the worker must go on";

    // qBittorrent restarted: the server's SID is stale (403), it logs in again by itself.
    lab->restart();
    untag();
    auto back = run_job(*server);
    ASSERT_EQ(qf::text_at(back, {"status"}), "completed") << server->log_tail();
    EXPECT_EQ(qf::int_at(back, {"result", "actions_executed"}), 2);
    EXPECT_EQ(qf::int_at(back, {"result", "errors"}), 0);
    EXPECT_TRUE(tagged(hashes[0]) && tagged(hashes[1]));
    EXPECT_TRUE(server->running());
}

TEST_F(QbittorrentFaults, SlowAnswersTimeOutAndNothingIsCountedTwice) {
    qf::FaultProxy proxy(lab->webui_port());
    auto server = serve(proxy.url());

    // Reading the torrents is slower than qbittorrent.timeout: the job fails, saying so.
    proxy.set_mode(qf::ProxyMode::Delay, "torrents/info", 4000);
    auto slow = run_job(*server);
    EXPECT_EQ(qf::text_at(slow, {"status"}), "failed");
    const std::string error = qf::text_at(slow, {"error"});
    std::printf("error when torrents/info is slow: %s\n", error.c_str());
    EXPECT_NE(error.find("did not answer GET /api/v2/torrents/info in time"), std::string::npos) << error;
    EXPECT_EQ(proxy.forwarded(kAddTags), 0);

    // The write is applied upstream but its answer comes too late: reported as an error,
    // not as executed, and sent once.
    proxy.set_mode(qf::ProxyMode::Delay, "torrents/addTags", 4000);
    auto late = run_job(*server);
    ASSERT_EQ(qf::text_at(late, {"status"}), "completed") << server->log_tail();
    EXPECT_EQ(qf::int_at(late, {"result", "actions_executed"}), 0);
    EXPECT_EQ(qf::int_at(late, {"result", "errors"}), 2);
    EXPECT_EQ(proxy.forwarded(kAddTags), 1);

    // The proxy behaves again: the next job succeeds (the tags are already there).
    proxy.set_mode(qf::ProxyMode::Pass);
    auto good = run_job(*server);
    ASSERT_EQ(qf::text_at(good, {"status"}), "completed") << server->log_tail();
    EXPECT_EQ(qf::int_at(good, {"result", "errors"}), 0);
    EXPECT_TRUE(tagged(hashes[0]) && tagged(hashes[1]));
    EXPECT_TRUE(server->running());
}

// The connection dies after the write reached qBittorrent, before any byte of the
// answer: an HTTP client that retries on a fresh connection would apply it twice.
TEST_F(QbittorrentFaults, WriteCutBeforeAnswerIsNotRetried) {
    qf::FaultProxy proxy(lab->webui_port());
    auto server = serve(proxy.url());
    ASSERT_EQ(qf::text_at(run_job(*server), {"status"}), "completed");  // warm keep-alive connection
    untag();
    const int before = proxy.forwarded(kAddTags);

    proxy.set_mode(qf::ProxyMode::CloseWithoutAnswer, "torrents/addTags");
    auto cut = run_job(*server);
    ASSERT_EQ(qf::text_at(cut, {"status"}), "completed") << server->log_tail();
    EXPECT_EQ(qf::int_at(cut, {"result", "actions_executed"}), 0);
    EXPECT_EQ(qf::int_at(cut, {"result", "errors"}), 2);
    EXPECT_EQ(proxy.forwarded(kAddTags) - before, 1) << "the write was sent more than once";

    untag();
    proxy.set_mode(qf::ProxyMode::CutMidAnswer, "torrents/addTags");
    auto half = run_job(*server);
    ASSERT_EQ(qf::text_at(half, {"status"}), "completed") << server->log_tail();
    // Half of the answer holds qBittorrent's "200 OK": counting the write as executed is
    // then true (it was applied); as an error it would be merely cautious. Either way once.
    const int64_t executed = qf::int_at(half, {"result", "actions_executed"});
    const int64_t errors = qf::int_at(half, {"result", "errors"});
    std::printf("answer cut in the middle: executed %lld, errors %lld\n", static_cast<long long>(executed),
                static_cast<long long>(errors));
    EXPECT_EQ(executed + errors, 2);
    EXPECT_TRUE(tagged(hashes[0]) && tagged(hashes[1]));
    EXPECT_EQ(proxy.forwarded(kAddTags) - before, 2) << "the write was sent more than once";

    proxy.set_mode(qf::ProxyMode::Pass);
    untag();
    auto good = run_job(*server);
    ASSERT_EQ(qf::text_at(good, {"status"}), "completed") << server->log_tail();
    EXPECT_EQ(qf::int_at(good, {"result", "actions_executed"}), 2);
    EXPECT_EQ(proxy.forwarded(kAddTags) - before, 3);
}

}  // namespace
