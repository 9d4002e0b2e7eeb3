// GET /api/stats?instance=NAME (issue 17): counts that instance's jobs only, on the real
// SQLite queue and on a real redis-server; an unknown name is a 400 naming the parameter.
#include "http_test_client.hpp"
#include "redis_lab.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace qt = qbt::testing;
using qt::http_request;
using qt::parse_json;

namespace {

const std::string kKeyHeader = std::string("X-API-Key: ") + qt::kApiKey;

void two_instances(qbt::config::Config& config) {
    for (const char* name : {"alpha", "beta"}) {
        qbt::config::QbittorrentInstance instance;
        instance.name = name;
        instance.source = "test";
        config.instances.push_back(instance);
    }
}

class StatsByInstance : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        if (GetParam() == "redis") redis = qt::RedisLab::start(false);
        server = std::make_unique<qt::TestServer>([this](qbt::config::Config& config) {
            two_instances(config);
            if (!redis) return;
            config.queue.backend = "redis";
            config.queue.redis_url = redis->url();
        });
        server->start();
    }
    std::string post(const std::string& query) {
        const auto r = http_request("POST", server->url("/api/execute?" + query), "", {kKeyHeader});
        EXPECT_EQ(r.code, 202) << r.body;
        return parse_json(r.body)["job_id"].GetString();
    }
    qt::HttpResult stats(const std::string& query) {
        return http_request("GET", server->url("/api/stats" + query), "", {kKeyHeader});
    }
    std::unique_ptr<qt::RedisLab> redis;  // declared first: the server stops before Redis
    std::unique_ptr<qt::TestServer> server;
};

TEST_P(StatsByInstance, CountsOnlyTheNamedInstancesJobs) {
    const std::string last = post("context=one&instance=alpha");
    post("context=two&instance=alpha");
    post("context=three&instance=beta");
    ASSERT_TRUE(qt::wait_until([&] {
        const auto all = parse_json(stats("").body);
        return all["jobs"]["completed"].GetUint64() == 3;
    }));
    post("context=block&instance=beta");  // the worker holds it: beta has one processing
    ASSERT_TRUE(server->runner.wait_for_calls(4));
    post("context=waiting&instance=alpha");  // queued behind it: alpha has one pending

    struct Expected {
        std::string query, instance;
        uint64_t total, pending, processing, completed;
    };
    for (const Expected& e : {Expected{"?instance=alpha", "alpha", 3, 1, 0, 2},
                              Expected{"?instance=beta", "beta", 2, 0, 1, 1},
                              Expected{"", "all", 5, 1, 1, 3}, Expected{"?instance=all", "all", 5, 1, 1, 3}}) {
        SCOPED_TRACE(e.query);
        const auto r = stats(e.query);
        ASSERT_EQ(r.code, 200) << r.body;
        const auto doc = parse_json(r.body);
        EXPECT_EQ(doc["instance"].GetString(), e.instance);
        EXPECT_EQ(doc["jobs"]["total"].GetUint64(), e.total);
        EXPECT_EQ(doc["jobs"]["pending"].GetUint64(), e.pending);
        EXPECT_EQ(doc["jobs"]["processing"].GetUint64(), e.processing);
        EXPECT_EQ(doc["jobs"]["completed"].GetUint64(), e.completed);
        EXPECT_EQ(doc["queue"]["depth"].GetUint64(), e.pending);
        EXPECT_EQ(doc["performance"]["sample_size"].GetUint64(), e.completed);
        EXPECT_EQ(doc["instances"].HasMember("alpha"), e.instance != "beta");
        EXPECT_EQ(doc["instances"].HasMember("beta"), e.instance != "alpha");
    }
    server->runner.release();
}

TEST_P(StatsByInstance, UnknownInstanceIs400NamingTheParameter) {
    const auto r = stats("?instance=gamma");
    ASSERT_EQ(r.code, 400) << r.body;
    const auto doc = parse_json(r.body);
    const std::string message = doc["message"].GetString();
    EXPECT_NE(message.find("\"instance\""), std::string::npos) << message;
    EXPECT_NE(message.find("gamma"), std::string::npos) << message;
    EXPECT_NE(message.find("alpha, beta"), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(Backends, StatsByInstance, ::testing::Values("sqlite", "redis"),
                         [](const auto& info) { return info.param; });

}  // namespace
