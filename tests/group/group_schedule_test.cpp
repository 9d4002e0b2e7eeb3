// A scheduled slot fires once per group: two schedulers (two servers) claim each slot in
// Redis (GroupQueue::claim_once, as Server wires it through GroupMember::claim_slot).
#include "queue/group_queue.hpp"
#include "redis_lab.hpp"
#include "schedule/scheduler.hpp"
#include "test_plugins.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace qbt::queue {
namespace {

using namespace std::chrono_literals;

config::ScheduleEntry every_minute() {
    config::ScheduleEntry e;
    e.cron = "* * * * *";
    e.context = "tick";
    e.source = "test";
    return e;
}

class GroupScheduleTest : public ::testing::Test {
protected:
    void SetUp() override {
        redis = testing::RedisLab::start(false);
        config.backend = "redis";
        config.redis_url = redis->url();
        for (auto& q : queues) q = GroupQueue::open(queue_test::queue_registry(), config);
    }
    std::unique_ptr<schedule::Scheduler> scheduler(GroupQueue& q, int& submitted, int& fail_next) {
        schedule::SchedulerOptions options;
        options.now = [] { return std::time_t{0}; };
        options.claim = [&q](const std::string& key, std::time_t slot) {
            return q.claim_once("schedule:" + key + "@" + std::to_string(slot), 1h);
        };
        auto submit = [&submitted, &fail_next](const config::ScheduleEntry&) -> std::string {
            if (fail_next > 0) {
                --fail_next;
                throw std::runtime_error("queue unavailable on purpose");
            }
            ++submitted;
            return "job";
        };
        return std::make_unique<schedule::Scheduler>(std::vector<config::ScheduleEntry>{every_minute()}, submit, options);
    }

    std::unique_ptr<testing::RedisLab> redis;
    config::QueueConfig config;
    std::unique_ptr<GroupQueue> queues[2];
};

TEST_F(GroupScheduleTest, EachSlotFiresOnceAcrossTwoServers) {
    int submitted_a = 0, submitted_b = 0, no_failures = 0, no_failures_b = 0;
    auto a = scheduler(*queues[0], submitted_a, no_failures);
    auto b = scheduler(*queues[1], submitted_b, no_failures_b);
    const std::time_t minute = 1705320000;  // 2024-01-15 12:00:00 UTC
    for (int m = 0; m < 5; ++m) {
        a->fire_due(minute + m * 60 + 1);
        b->fire_due(minute + m * 60 + 2);
    }
    EXPECT_EQ(submitted_a + submitted_b, 5);
    EXPECT_EQ(submitted_a, 5);  // a always came first
}

TEST_F(GroupScheduleTest, AFailedSubmitKeepsItsClaimForTheRetry) {
    int submitted_a = 0, submitted_b = 0, fail_a = 1, no_failures = 0;
    auto a = scheduler(*queues[0], submitted_a, fail_a);
    auto b = scheduler(*queues[1], submitted_b, no_failures);
    const std::time_t slot = 1705320000;
    a->fire_due(slot + 1);   // claims, submit fails: retried within the minute
    b->fire_due(slot + 2);   // the slot is a's
    a->fire_due(slot + 10);  // retry succeeds without claiming again
    EXPECT_EQ(submitted_a, 1);
    EXPECT_EQ(submitted_b, 0);
}

}  // namespace
}  // namespace qbt::queue
