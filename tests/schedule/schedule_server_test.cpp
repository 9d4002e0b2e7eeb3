// The scheduler inside the server: a due slot queues a job (marked "trigger": "schedule")
// that the worker runs, and GET /api/stats lists the next run. The clock is injected.
#include "http_test_client.hpp"
#include "test_server.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <thread>

using ::testing::HasSubstr;

namespace qbt::testing {
namespace {

std::time_t utc(const char* text) {
    std::tm tm{};
    EXPECT_NE(strptime(text, "%Y-%m-%d %H:%M:%S", &tm), nullptr) << text;
    return timegm(&tm);
}

const std::string kKeyHeader = std::string("X-API-Key: ") + kApiKey;

server::ServerOptions clock_at(const char* when, const std::string& state_file) {
    setenv("TZ", "UTC0", 1);
    tzset();
    server::ServerOptions options;
    const std::time_t now = utc(when);
    options.schedule_clock = [now] { return now; };
    options.schedule_state_file = state_file;
    return options;
}

TEST(ScheduleServer, ADueSlotQueuesAJobTheWorkerRuns) {
    TempDir state_dir;
    TestServer t([](config::Config& c) { c.schedule = {{"*/30 * * * *", "sched", false, "config.yml:3"}}; },
                 clock_at("2024-01-15 12:30:10", (state_dir.path() / "state.json").string()));
    t.start();
    ASSERT_TRUE(t.runner.wait_for_calls(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // a second run would show by now
    ASSERT_EQ(t.runner.calls().size(), 1u) << "the slot fired twice";
    EXPECT_EQ(t.runner.calls()[0].context.value_or(""), "sched");

    const auto jobs = parse_json(http_request("GET", t.url("/api/jobs?context=sched"), "", {kKeyHeader}).body);
    ASSERT_EQ(jobs["total"].GetUint64(), 1u);
    ASSERT_TRUE(jobs["jobs"][0].HasMember("trigger"));
    EXPECT_STREQ(jobs["jobs"][0]["trigger"].GetString(), "schedule");

    const auto stats = parse_json(http_request("GET", t.url("/api/stats"), "", {kKeyHeader}).body);
    ASSERT_TRUE(stats.HasMember("schedule")) << "stats without the schedule";
    ASSERT_EQ(stats["schedule"].Size(), 1u);
    EXPECT_STREQ(stats["schedule"][0]["cron"].GetString(), "*/30 * * * *");
    EXPECT_STREQ(stats["schedule"][0]["context"].GetString(), "sched");
    EXPECT_STREQ(stats["schedule"][0]["next_run"].GetString(), "2024-01-15T13:00:00Z");
    EXPECT_STREQ(stats["schedule"][0]["last_run"].GetString(), "2024-01-15T12:30:00Z");
}

TEST(ScheduleServer, NoScheduleNoScheduleInStats) {
    TestServer t;
    t.start();
    const auto stats = parse_json(http_request("GET", t.url("/api/stats"), "", {kKeyHeader}).body);
    EXPECT_FALSE(stats.HasMember("schedule"));
}

TEST(ScheduleServer, AnInvalidEntryStopsTheServerBeforeItListens) {
    try {
        TestServer t([](config::Config& c) { c.schedule = {{"0 25 * * *", "x", false, "config.yml:9"}}; });
        FAIL() << "hour 25 accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("schedule[0] (config.yml:9): hour field '25'"));
    }
    try {
        TestServer t([](config::Config& c) { c.schedule = {{"0 1 * * *", "bad context!", false, "env X"}}; });
        FAIL() << "bad context accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("schedule[0] (env X)"));
        EXPECT_THAT(e.what(), HasSubstr("context"));
    }
}

}  // namespace
}  // namespace qbt::testing
