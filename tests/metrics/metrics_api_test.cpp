// GET /metrics on the in-process server: auth (API key, Bearer, metrics.public), the
// content type, and values that move after requests and a job.
#include "exposition_parser.hpp"
#include "http_test_client.hpp"
#include "test_server.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using ::testing::HasSubstr;

namespace qbt::testing {
namespace {

const std::string kKeyHeader = std::string("X-API-Key: ") + kApiKey;

Exposition scrape(TestServer& t) {
    const auto r = http_request("GET", t.url("/metrics"), "", {kKeyHeader});
    EXPECT_EQ(r.code, 200) << r.body;
    auto e = parse_exposition(r.body);
    EXPECT_TRUE(e.errors.empty()) << ::testing::PrintToString(e.errors);
    return e;
}

TEST(MetricsApi, NeedsTheApiKeyUnlessPublic) {
    TestServer t;
    t.start();
    EXPECT_EQ(http_request("GET", t.url("/metrics")).code, 401);
    EXPECT_EQ(http_request("GET", t.url("/metrics"), "", {"X-API-Key: wrong"}).code, 401);
    EXPECT_EQ(http_request("GET", t.url("/metrics"), "", {std::string("X-API-Key: ") + kTriggerKey}).code, 403);
    const auto ok = http_request("GET", t.url("/metrics"), "", {kKeyHeader});
    EXPECT_EQ(ok.code, 200);
    EXPECT_EQ(ok.content_type, "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_EQ(http_request("GET", t.url("/metrics"), "", {std::string("Authorization: Bearer ") + kApiKey}).code, 200);
    EXPECT_EQ(http_request("GET", t.url("/metrics"), "", {"Authorization: Bearer nope"}).code, 401);
    EXPECT_EQ(http_request("GET", t.url(std::string("/metrics?key=") + kApiKey)).code, 200);
    EXPECT_EQ(http_request("POST", t.url("/metrics"), "", {kKeyHeader}).code, 405);
}

TEST(MetricsApi, PublicMetricsNeedNoKeyButTheRestStillDoes) {
    TestServer t([](config::Config& c) { c.metrics.public_access = true; });
    t.start();
    EXPECT_EQ(http_request("GET", t.url("/metrics")).code, 200);
    EXPECT_EQ(http_request("GET", t.url("/api/stats")).code, 401);
}

TEST(MetricsApi, ValuesMoveAfterRequestsAndAJob) {
    TestServer t;
    t.start();
    const Exposition before = scrape(t);
    EXPECT_EQ(before.value("qbt_rules_jobs_finished_total", {{"status", "completed"}}), -1);
    EXPECT_EQ(before.value("qbt_rules_queue_depth"), 0);

    EXPECT_EQ(http_request("POST", t.url("/api/execute?context=metrics"), "", {kKeyHeader}).code, 202);
    EXPECT_EQ(http_request("POST", t.url("/api/execute?context=fail"), "", {kKeyHeader}).code, 202);
    EXPECT_EQ(http_request("GET", t.url("/api/jobs"), "").code, 401);
    EXPECT_EQ(http_request("GET", t.url("/nowhere"), "").code, 404);
    ASSERT_TRUE(wait_until([&] {
        return scrape(t).value("qbt_rules_jobs", {{"status", "failed"}}) == 1 &&
               scrape(t).value("qbt_rules_jobs", {{"status", "completed"}}) == 1;
    }));
    ASSERT_TRUE(wait_until([&] { return scrape(t).value("qbt_rules_jobs_finished_total", {{"status", "failed"}}) == 1; }));

    const Exposition after = scrape(t);
    EXPECT_EQ(after.value("qbt_rules_jobs_finished_total", {{"status", "completed"}}), 1);
    EXPECT_EQ(after.value("qbt_rules_job_duration_seconds_count", {{"status", "completed"}}), 1);
    EXPECT_EQ(after.value("qbt_rules_job_duration_seconds_bucket", {{"status", "failed"}, {"le", "+Inf"}}), 1);
    EXPECT_EQ(after.value("qbt_rules_jobs_submitted_total", {{"trigger", "api"}, {"coalesced", "false"}}), 2);
    EXPECT_EQ(after.value("qbt_rules_http_requests_total",
                          {{"route", "/api/execute"}, {"method", "POST"}, {"code", "202"}}), 2);
    EXPECT_EQ(after.value("qbt_rules_http_requests_total", {{"route", "/api/jobs"}, {"code", "401"}}), 1);
    EXPECT_EQ(after.value("qbt_rules_http_requests_total", {{"route", "unmatched"}, {"code", "404"}}), 1);
    EXPECT_GE(after.value("qbt_rules_http_requests_total", {{"route", "/metrics"}, {"code", "200"}}), 2);
    EXPECT_EQ(after.value("qbt_rules_queue_depth"), 0);
}

TEST(MetricsApi, QueueDepthCountsPendingJobs) {
    TestServer t;
    t.start();
    ASSERT_EQ(http_request("POST", t.url("/api/execute?context=block"), "", {kKeyHeader}).code, 202);
    ASSERT_TRUE(t.runner.wait_for_calls(1));
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(http_request("POST", t.url("/api/execute?context=waiting"), "", {kKeyHeader}).code, 202);
    const Exposition e = scrape(t);
    EXPECT_EQ(e.value("qbt_rules_queue_depth"), 3);
    EXPECT_EQ(e.value("qbt_rules_jobs", {{"status", "pending"}}), 3);
    EXPECT_EQ(e.value("qbt_rules_jobs", {{"status", "processing"}}), 1);
}

}  // namespace
}  // namespace qbt::testing
