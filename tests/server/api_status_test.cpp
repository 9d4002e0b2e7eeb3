// GET /api/health, /api/stats, /api/version.
#include "http_test_client.hpp"
#include "test_server.hpp"

#include <qbt/version.h>
#include <qbt_build_config.h>

#include <gtest/gtest.h>

namespace qt = qbt::testing;
using qt::http_request;
using qt::parse_json;

namespace {

const std::string kKeyHeader = std::string("X-API-Key: ") + qt::kApiKey;

class StatusApiTest : public ::testing::Test {
protected:
    void SetUp() override { server.start(); }
    qt::TestServer server;
};

TEST_F(StatusApiTest, HealthyWithoutAuth) {
    const auto r = http_request("GET", server.url("/api/health"));
    ASSERT_EQ(r.code, 200) << r.body;
    const auto doc = parse_json(r.body);
    EXPECT_STREQ(doc["status"].GetString(), "healthy");
    EXPECT_STREQ(doc["queue"]["status"].GetString(), "ok");
    EXPECT_STREQ(doc["queue"]["backend"].GetString(), "sqlite");
    EXPECT_STREQ(doc["worker"]["status"].GetString(), "running");
    EXPECT_STREQ(doc["rules"].GetString(), "ok");
    EXPECT_FALSE(doc.HasMember("errors"));
}

TEST_F(StatusApiTest, Unhealthy503WhenRulesFailedToLoad) {
    server.rules_problem = "rules.yml line 3: unknown action 'frobnicate'";
    const auto r = http_request("GET", server.url("/api/health"));
    ASSERT_EQ(r.code, 503) << r.body;
    const auto doc = parse_json(r.body);
    EXPECT_STREQ(doc["status"].GetString(), "unhealthy");
    ASSERT_EQ(doc["errors"].Size(), 1u);
    EXPECT_NE(std::string(doc["errors"][0].GetString()).find("frobnicate"), std::string::npos);
    server.rules_problem.clear();
    EXPECT_EQ(http_request("GET", server.url("/api/health")).code, 200);
}

TEST_F(StatusApiTest, Unhealthy503WhenTheWorkerIsStopped) {
    ASSERT_TRUE(server.server->worker().stop());
    const auto r = http_request("GET", server.url("/api/health"));
    ASSERT_EQ(r.code, 503) << r.body;
    const auto doc = parse_json(r.body);
    EXPECT_STREQ(doc["worker"]["status"].GetString(), "stopped");
    EXPECT_NE(std::string(doc["errors"][0].GetString()).find("worker"), std::string::npos);
}

TEST_F(StatusApiTest, StatsCountsDepthWorkerAndAverage) {
    EXPECT_EQ(http_request("GET", server.url("/api/stats")).code, 401);
    const auto first = parse_json(
        http_request("POST", server.url("/api/execute?context=fine"), "", {kKeyHeader}).body);
    const std::string first_id = first["job_id"].GetString();
    ASSERT_TRUE(qt::wait_until([&] { return server.queue->get(first_id)->status == "completed"; }));
    const auto blocked = parse_json(
        http_request("POST", server.url("/api/execute?context=block"), "", {kKeyHeader}).body);
    ASSERT_TRUE(server.runner.wait_for_calls(2));
    http_request("POST", server.url("/api/execute?context=waiting"), "", {kKeyHeader});
    http_request("POST", server.url("/api/execute?context=waiting"), "", {kKeyHeader});

    const auto r = http_request("GET", server.url("/api/stats"), "", {kKeyHeader});
    ASSERT_EQ(r.code, 200) << r.body;
    const auto doc = parse_json(r.body);
    EXPECT_EQ(doc["jobs"]["total"].GetUint64(), 4u);
    EXPECT_EQ(doc["jobs"]["pending"].GetUint64(), 2u);
    EXPECT_EQ(doc["jobs"]["processing"].GetUint64(), 1u);
    EXPECT_EQ(doc["jobs"]["completed"].GetUint64(), 1u);
    EXPECT_EQ(doc["queue"]["depth"].GetUint64(), 2u);
    EXPECT_STREQ(doc["queue"]["backend"].GetString(), "sqlite");
    EXPECT_STREQ(doc["worker"]["status"].GetString(), "processing");
    EXPECT_STREQ(doc["worker"]["current_job"].GetString(), blocked["job_id"].GetString());
    EXPECT_EQ(doc["performance"]["sample_size"].GetUint64(), 1u);
    EXPECT_TRUE(doc["performance"]["average_execution_seconds"].IsNumber());
    EXPECT_GE(doc["uptime_seconds"].GetInt64(), 0);
    server.runner.release();
}

TEST_F(StatusApiTest, VersionWithoutAuth) {
    const auto r = http_request("GET", server.url("/api/version"));
    ASSERT_EQ(r.code, 200) << r.body;
    const auto doc = parse_json(r.body);
    EXPECT_STREQ(doc["version"].GetString(), QBT_RULES_VERSION);
    EXPECT_STREQ(doc["api_version"].GetString(), "1");
    EXPECT_EQ(doc["abi"]["major"].GetUint(), static_cast<unsigned>(QBT_ABI_MAJOR));
    EXPECT_EQ(doc["abi"]["minor"].GetUint(), static_cast<unsigned>(QBT_ABI_MINOR));
    bool found = false;
    for (const auto& p : doc["plugins"].GetArray()) {
        for (const auto& item : p["provides"].GetArray()) {
            if (std::string(item.GetString()) == "queue:sqlite") {
                found = true;
                EXPECT_NE(std::string(p["path"].GetString()).find("qbt_queue_sqlite.so"), std::string::npos);
                EXPECT_TRUE(p["id"].IsString() && p["version"].IsString() && p["name"].IsString());
            }
        }
    }
    EXPECT_TRUE(found) << r.body;
}

}  // namespace
