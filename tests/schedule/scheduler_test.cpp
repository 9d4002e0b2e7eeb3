// The scheduler's firing logic with an injected clock, against the real JobQueue over
// the real SQLite plugin: once per slot, once across a restart, no catch-up, retries.
#include "schedule/scheduler.hpp"

#include "queue/job.hpp"
#include "queue/submit.hpp"
#include "test_server.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

using ::testing::HasSubstr;

namespace qbt::testing {
namespace {

std::time_t utc(const char* text) {
    std::tm tm{};
    EXPECT_NE(strptime(text, "%Y-%m-%d %H:%M:%S", &tm), nullptr) << text;
    return timegm(&tm);
}

config::ScheduleEntry entry(const std::string& cron, const std::string& context) {
    return {cron, context, false, "config.yml:7"};
}

class SchedulerTest : public ::testing::Test {
protected:
    void SetUp() override {
        setenv("TZ", "UTC0", 1);
        tzset();
        plugins = load_sqlite_plugin();
        config = test_config(dir.path().string());
        queue = std::make_unique<queue::JobQueue>(plugins->registry(), config.queue);
    }

    // A scheduler whose jobs go into the real queue, as the server's do.
    std::unique_ptr<schedule::Scheduler> make(std::vector<config::ScheduleEntry> entries, std::time_t start,
                                              const std::string& state = "state.json") {
        schedule::SchedulerOptions options;
        options.state_file = state.empty() ? "" : (dir.path() / state).string();
        options.now = [start] { return start; };
        auto submit = [this](const config::ScheduleEntry& e) {
            if (fail_submits > 0) {
                --fail_submits;
                throw std::runtime_error("queue unavailable on purpose");
            }
            queue::Job job;
            job.job_id = queue::new_job_id();
            job.context = e.context;
            job.created_at = queue::now_iso();
            job.extra_json["trigger"] = "\"schedule\"";
            return queue::submit_job(*queue, job, false).job.job_id;
        };
        return std::make_unique<schedule::Scheduler>(std::move(entries), submit, options);
    }
    uint64_t pending(const std::string& context) {
        return queue->list(std::string("pending"), context, 100, 0).total;
    }

    TempDir dir;
    std::unique_ptr<plugin::PluginHost> plugins;
    config::Config config;
    std::unique_ptr<queue::JobQueue> queue;
    int fail_submits = 0;
};

TEST_F(SchedulerTest, FiresOncePerSlotWithTheEntrysContext) {
    auto s = make({entry("*/30 * * * *", "nightly")}, utc("2024-01-15 12:29:50"));
    EXPECT_EQ(s->fire_due(utc("2024-01-15 12:29:59")), 0);
    EXPECT_EQ(s->fire_due(utc("2024-01-15 12:30:00")), 1);
    EXPECT_EQ(s->fire_due(utc("2024-01-15 12:30:01")), 0);
    EXPECT_EQ(s->fire_due(utc("2024-01-15 12:30:59")), 0);
    EXPECT_EQ(s->fire_due(utc("2024-01-15 12:45:00")), 0);
    EXPECT_EQ(s->fire_due(utc("2024-01-15 13:00:02")), 1);
    EXPECT_EQ(pending("nightly"), 2u);
    const auto jobs = queue->list(std::string("pending"), std::string("nightly"), 10, 0).jobs;
    ASSERT_FALSE(jobs.empty());
    EXPECT_EQ(jobs[0].extra_json.at("trigger"), "\"schedule\"");
    const auto status = s->status();
    ASSERT_EQ(status.size(), 1u);
    EXPECT_EQ(schedule::iso_utc(status[0].next_run), "2024-01-15T13:30:00Z");
    EXPECT_EQ(schedule::iso_utc(status[0].last_fired), "2024-01-15T13:00:00Z");
}

TEST_F(SchedulerTest, ARestartWithinTheSlotsMinuteDoesNotFireItAgain) {
    {
        auto first = make({entry("30 12 * * *", "daily")}, utc("2024-01-15 12:29:00"));
        EXPECT_EQ(first->fire_due(utc("2024-01-15 12:30:01")), 1);
    }  // the process stops
    auto again = make({entry("30 12 * * *", "daily")}, utc("2024-01-15 12:30:40"));
    EXPECT_EQ(again->fire_due(utc("2024-01-15 12:30:40")), 0) << "fired twice across a restart";
    EXPECT_EQ(pending("daily"), 1u);
    // Control: without the state the same restart would fire (so the state file is what prevents it).
    auto forgetful = make({entry("30 12 * * *", "daily")}, utc("2024-01-15 12:30:40"), "other-state.json");
    EXPECT_EQ(forgetful->fire_due(utc("2024-01-15 12:30:40")), 1);
    // And the next day's slot fires normally after the restart.
    EXPECT_EQ(again->fire_due(utc("2024-01-16 12:30:00")), 1);
}

TEST_F(SchedulerTest, SlotsMissedWhileDownAreNotCaughtUp) {
    {
        auto first = make({entry("*/5 * * * *", "often")}, utc("2024-01-15 11:59:00"));
        EXPECT_EQ(first->fire_due(utc("2024-01-15 12:00:00")), 1);
    }
    // Down from 12:01 to 12:17: the 12:05, 12:10, 12:15 slots are gone.
    auto again = make({entry("*/5 * * * *", "often")}, utc("2024-01-15 12:17:00"));
    EXPECT_EQ(again->fire_due(utc("2024-01-15 12:17:00")), 0);
    EXPECT_EQ(schedule::iso_utc(again->status()[0].next_run), "2024-01-15T12:20:00Z");
    EXPECT_EQ(again->fire_due(utc("2024-01-15 12:20:00")), 1);
    EXPECT_EQ(pending("often"), 2u);
}

TEST_F(SchedulerTest, AClockJumpFiresOnlyTheCurrentSlot) {
    auto s = make({entry("*/5 * * * *", "jump")}, utc("2024-01-15 12:00:30"));
    EXPECT_EQ(s->fire_due(utc("2024-01-15 12:00:30")), 1);  // started inside the 12:00 minute
    EXPECT_EQ(s->fire_due(utc("2024-01-15 12:20:30")), 1);  // 12:05..12:15 skipped, 12:20 fires
    EXPECT_EQ(pending("jump"), 2u);
}

TEST_F(SchedulerTest, AFailedSubmitIsRetriedWithinTheMinuteOnly) {
    auto s = make({entry("* * * * *", "retry")}, utc("2024-01-15 12:29:30"));
    fail_submits = 1;
    EXPECT_EQ(s->fire_due(utc("2024-01-15 12:30:00")), 0);
    EXPECT_EQ(s->fire_due(utc("2024-01-15 12:30:05")), 1);
    EXPECT_EQ(pending("retry"), 1u);
    fail_submits = 100;  // the queue is down for the whole 12:31 minute
    EXPECT_EQ(s->fire_due(utc("2024-01-15 12:31:00")), 0);
    EXPECT_EQ(s->fire_due(utc("2024-01-15 12:31:30")), 0);
    fail_submits = 0;
    EXPECT_EQ(s->fire_due(utc("2024-01-15 12:32:10")), 1) << "12:31 must be skipped, 12:32 fired";
    EXPECT_EQ(pending("retry"), 2u);
}

TEST_F(SchedulerTest, EntriesAreIndependent) {
    auto s = make({entry("0 * * * *", "hourly"), entry("*/20 * * * *", "third")}, utc("2024-01-15 11:59:00"));
    EXPECT_EQ(s->fire_due(utc("2024-01-15 12:00:00")), 2);
    EXPECT_EQ(s->fire_due(utc("2024-01-15 12:20:00")), 1);
    EXPECT_EQ(pending("hourly"), 1u);
    EXPECT_EQ(pending("third"), 2u);
}

TEST_F(SchedulerTest, ABadCronNamesTheEntryAndWhereItWasGiven) {
    try {
        make({entry("0 3 * * *", "ok"), entry("61 3 * * *", "bad")}, utc("2024-01-15 12:00:00"));
        FAIL() << "61 minutes accepted";
    } catch (const schedule::CronError& e) {
        EXPECT_THAT(e.what(), HasSubstr("schedule[1] (config.yml:7): minute field '61'"));
    }
}

TEST_F(SchedulerTest, ACronThatNeverFiresIsRefusedWithItsEntry) {
    try {
        make({entry("0 0 30 2 *", "never")}, utc("2024-01-15 12:00:00"));
        FAIL() << "30 February accepted";
    } catch (const schedule::CronError& e) {
        EXPECT_THAT(e.what(), HasSubstr("schedule[0] (config.yml:7): '0 0 30 2 *' never fires"));
    }
}

TEST_F(SchedulerTest, ADamagedStateFileIsIgnoredAndRewritten) {
    std::ofstream(dir.path() / "state.json") << "{not json";
    auto s = make({entry("* * * * *", "damaged")}, utc("2024-01-15 12:29:30"));
    EXPECT_EQ(s->fire_due(utc("2024-01-15 12:30:00")), 1);
    std::ifstream in(dir.path() / "state.json");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_THAT(text, HasSubstr("\"last_fired\""));
    EXPECT_THAT(text, HasSubstr(std::to_string(utc("2024-01-15 12:30:00"))));
}

TEST_F(SchedulerTest, AnUnwritableStateFileStillFiresOncePerSlotInProcess) {
    auto s = make({entry("* * * * *", "nowrite")}, utc("2024-01-15 12:29:30"), "missing-dir/state.json");
    EXPECT_EQ(s->fire_due(utc("2024-01-15 12:30:00")), 1);
    EXPECT_EQ(s->fire_due(utc("2024-01-15 12:30:30")), 0);
    EXPECT_EQ(pending("nowrite"), 1u);
}

}  // namespace
}  // namespace qbt::testing
