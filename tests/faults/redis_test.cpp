// Redis going away under a running `qbt-rules --serve` (Redis queue, appendonly yes +
// appendfsync always): /api/health answers 503 naming the queue, POST /api/execute
// answers an error in JSON and the server stays up; once Redis is back (crash-restarted
// on the same data) health is 200 again without a server restart, and the jobs
// acknowledged before the outage are still there and get processed.
#include "fault_proxy.hpp"
#include "fault_support.hpp"
#include "lab_specs.hpp"
#include "redis_lab.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace qf = qbt::faults;
namespace qt = qbt::testing;
using namespace std::chrono_literals;

namespace {

TEST(RedisFaults, OutageIsReportedAndRecovered) {
    if (qf::server_executable().empty()) GTEST_SKIP() << "$QBT_RULES_EXE is not built";
    auto lab = qt::QbtLab::start();
    lab->add_torrents(qf::torrents_named({"x"}));
    auto redis = qt::RedisLab::start(true);
    // Each job reads torrents/info through a proxy that answers after 1.5 s, so a job is
    // surely processing when Redis dies and finishes while Redis is down.
    qf::FaultProxy proxy(lab->webui_port());
    proxy.set_mode(qf::ProxyMode::Delay, "torrents/info", 1500);
    qt::TempDir dir("qbt-faults-redis-");
    qf::ServerProcess server(dir, {
        {"QBT_RULES_QUEUE_BACKEND", "redis"},
        {"QBT_RULES_QUEUE_REDIS_URL", redis->url()},
        {"QBT_RULES_QBITTORRENT_HOST", proxy.url()},
        {"QBT_RULES_RULES_FILE", qf::write_rules(dir, R"(rules:
  - name: tag
    conditions: [{field: info.size, operator: '>', value: 0}]
    actions: [{type: add_tag, params: {tags: [seen]}}]
)")},
    });
    std::string why;
    ASSERT_TRUE(server.start(&why)) << why;
    ASSERT_EQ(qf::api_call("GET", server.base() + "/api/health").code, 200);

    // Jobs acknowledged while Redis is up; one is processing and the rest are pending
    // when Redis dies.
    std::vector<std::string> before;
    for (int i = 0; i < 4; ++i) {
        const std::string id = server.execute("context=before-" + std::to_string(i));
        ASSERT_FALSE(id.empty()) << server.log_tail();
        before.push_back(id);
    }
    ASSERT_TRUE(qf::wait_for([&] {
        return qf::int_at(qf::parse(server.get("/api/jobs?status=processing").body), {"total"}) == 1;
    }, 10s));
    redis->kill();  // a crash: only what appendfsync always wrote survives

    const auto health = qf::api_call("GET", server.base() + "/api/health");
    EXPECT_EQ(health.code, 503) << health.body;
    EXPECT_NE(health.body.find("redis"), std::string::npos) << health.body;
    std::printf("health while Redis is down: %s\n", health.body.c_str());
    qf::ApiResult refused;
    EXPECT_EQ(server.execute("context=during", &refused), "");
    EXPECT_TRUE(refused.code == 503 || refused.code == 500) << refused.code << " " << refused.body;
    const auto refusal = qf::parse(refused.body);
    ASSERT_TRUE(refusal.HasMember("message")) << refused.body;
    std::printf("POST /api/execute while Redis is down: %ld %s\n", refused.code, refused.body.c_str());
    EXPECT_NE(std::string(qf::text_at(refusal, {"message"})).find("queue"), std::string::npos);
    EXPECT_EQ(server.get("/api/jobs/" + before[0]).code >= 500, true);
    std::this_thread::sleep_for(3s);  // the processing job ends meanwhile: its result cannot be stored yet
    ASSERT_TRUE(server.running()) << server.log_tail();

    redis->restart();
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_TRUE(qf::wait_for([&] { return qf::api_call("GET", server.base() + "/api/health").code == 200; }, 20s))
        << qf::api_call("GET", server.base() + "/api/health").body;
    std::printf("health back to 200 %.1f s after Redis restarted\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    const std::string after = server.execute("context=after");
    EXPECT_FALSE(after.empty()) << server.log_tail();
    for (const std::string& id : before) {
        const auto job = qf::parse(server.wait_job_final(id, 30s));
        ASSERT_TRUE(job.HasMember("status")) << "acknowledged job " << id << " lost";
        EXPECT_EQ(qf::text_at(job, {"status"}), "completed") << id << " " << qf::text_at(job, {"error"});
    }
    const auto last = qf::parse(server.wait_job_final(after, 30s));
    EXPECT_EQ(qf::text_at(last, {"status"}), "completed");
    EXPECT_TRUE(server.running());
}

}  // namespace
