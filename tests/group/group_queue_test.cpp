// Group support of the Redis backend (ABI 1.1) through the host's GroupQueue, against a
// real redis-server: instance leases, fencing tokens, fenced completion, recovery of
// expired leases (exactly once, never a live lease), heartbeats, claims, and the seed's
// keys keeping their meaning.
#include "queue/group_queue.hpp"
#include "queue/job_queue.hpp"
#include "redis_lab.hpp"
#include "test_plugins.hpp"

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>
#include <rapidjson/document.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

namespace qbt::queue {
namespace {

using namespace std::chrono_literals;

class GroupQueueTest : public ::testing::Test {
protected:
    void SetUp() override {
        redis = testing::RedisLab::start(false);
        config.backend = "redis";
        config.redis_url = redis->url();
        jobs = std::make_unique<JobQueue>(queue_test::queue_registry(), config);
        a = GroupQueue::open(queue_test::queue_registry(), config);
        b = GroupQueue::open(queue_test::queue_registry(), config);
        ASSERT_TRUE(a && b) << "the redis backend must offer group support";
    }
    Job enqueue(const std::string& instance, int attempts = 0) {
        Job job;
        job.job_id = new_job_id();
        job.context = "ctx";
        job.created_at = now_iso();
        job.instance = instance;
        job.attempts = attempts;
        jobs->enqueue(job);
        return job;
    }
    std::optional<LeasedJob> take(GroupQueue& q, const std::string& server, std::vector<std::string> instances,
                                  std::chrono::milliseconds lease = 5000ms) {
        return q.dequeue(0ms, server, instances, lease);
    }
    long long redis_integer(const std::vector<std::string>& args) {
        redisContext* c = redisConnect("127.0.0.1", redis->port());
        std::vector<const char*> argv;
        std::vector<size_t> lens;
        for (const auto& s : args) argv.push_back(s.c_str()), lens.push_back(s.size());
        auto* reply = static_cast<redisReply*>(redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lens.data()));
        long long value = reply && reply->type == REDIS_REPLY_INTEGER ? reply->integer : -1;
        freeReplyObject(reply);
        redisFree(c);
        return value;
    }
    Job finished(Job job) {
        job.status = "completed";
        job.completed_at = now_iso();
        job.result_json = "{}";
        return job;
    }

    std::unique_ptr<testing::RedisLab> redis;
    config::QueueConfig config;
    std::unique_ptr<JobQueue> jobs;
    std::unique_ptr<GroupQueue> a, b;
};

TEST(GroupQueueSqlite, SqliteHasNoGroupSupport) {
    config::QueueConfig config;  // backend sqlite: GroupQueue::open never touches its file
    config.sqlite_path = "/nonexistent/never-opened.db";
    EXPECT_EQ(GroupQueue::open(queue_test::queue_registry(), config), nullptr);
}

TEST_F(GroupQueueTest, OneJobPerInstanceAtATimeAcrossServers) {
    const Job first = enqueue("alpha");
    enqueue("alpha");
    const Job other = enqueue("beta");
    auto got = take(*a, "server-a", {"alpha", "beta"});
    ASSERT_TRUE(got);
    EXPECT_EQ(got->job.job_id, first.job_id);  // the oldest
    EXPECT_EQ(got->job.status, "processing");
    EXPECT_EQ(got->job.worker.value_or(""), "server-a");
    EXPECT_EQ(got->lease.instance, "alpha");
    // alpha is leased: server b only gets beta, then nothing.
    auto second = take(*b, "server-b", {"alpha", "beta"});
    ASSERT_TRUE(second);
    EXPECT_EQ(second->job.job_id, other.job_id);
    EXPECT_FALSE(take(*b, "server-b", {"alpha", "beta"}));
    // Once alpha's job completes (releasing the lease) its next job can be taken.
    EXPECT_TRUE(a->complete(finished(got->job), got->lease));
    auto third = take(*b, "server-b", {"alpha"});
    ASSERT_TRUE(third);
    EXPECT_EQ(third->lease.instance, "alpha");
    EXPECT_GT(third->lease.token, got->lease.token);
    EXPECT_GT(second->lease.token, got->lease.token);
}

TEST_F(GroupQueueTest, ServersOnlyTakeTheirInstancesAndDefaultStaysInTheSeedList) {
    enqueue("default");
    enqueue("beta");
    EXPECT_EQ(redis_integer({"LLEN", "qbt_rules:queue:pending"}), 1);
    EXPECT_EQ(redis_integer({"LLEN", "qbt_rules:queue:pending:beta"}), 1);
    EXPECT_FALSE(take(*a, "a", {"gamma"}));
    auto got = take(*a, "a", {"beta"});
    ASSERT_TRUE(got);
    EXPECT_EQ(got->job.instance, "beta");
    EXPECT_EQ(redis_integer({"LLEN", "qbt_rules:queue:pending:beta"}), 0);
    EXPECT_EQ(jobs->list("processing", std::nullopt, 10, 0).total, 1u);
}

TEST_F(GroupQueueTest, UpgradedSeedJobWithoutInstanceIsTakenAsDefault) {
    // A pending job written by a single server of the seed's kind: no `instance` field.
    redis_integer({"HSET", "qbt_rules:jobs:seed-1", "job_id", "seed-1", "context", "old", "hash", "",
                   "status", "pending", "created_at", "2024-01-15T10:30:00.000000Z", "started_at", "",
                   "completed_at", "", "result", "", "error", ""});
    redis_integer({"SADD", "qbt_rules:jobs:status:pending", "seed-1"});
    redis_integer({"ZADD", "qbt_rules:jobs:by_time", "1705314600000000", "seed-1"});
    redis_integer({"LPUSH", "qbt_rules:queue:pending", "seed-1"});
    auto got = take(*a, "a", {"default", "beta"});
    ASSERT_TRUE(got);
    EXPECT_EQ(got->job.job_id, "seed-1");
    EXPECT_EQ(got->lease.instance, "default");
    EXPECT_TRUE(a->complete(finished(got->job), got->lease));
    EXPECT_EQ(jobs->get("seed-1")->status, "completed");
}

TEST_F(GroupQueueTest, RenewKeepsTheLeaseUntilItExpires) {
    enqueue("alpha");
    auto got = take(*a, "a", {"alpha"}, 400ms);
    ASSERT_TRUE(got);
    for (int i = 0; i < 4; ++i) {  // 800 ms held by renewing every 200 ms
        std::this_thread::sleep_for(200ms);
        EXPECT_TRUE(a->renew(got->lease, 400ms));
    }
    std::this_thread::sleep_for(600ms);
    EXPECT_FALSE(a->renew(got->lease, 400ms));  // expired: renewing cannot revive it
    Lease forged = got->lease;
    forged.token += 1000;
    EXPECT_FALSE(a->renew(forged, 400ms));
}

TEST_F(GroupQueueTest, LiveLeaseIsNeverRecovered) {
    enqueue("alpha");
    auto got = take(*a, "a", {"alpha"}, 5000ms);
    ASSERT_TRUE(got);
    EXPECT_EQ(b->recover_expired(2), 0);
    EXPECT_EQ(jobs->get(got->job.job_id)->status, "processing");
}

TEST_F(GroupQueueTest, ExpiredLeaseIsRecoveredAndTheStaleServerIsFenced) {
    const Job job = enqueue("alpha");
    auto stale = take(*a, "a", {"alpha"}, 300ms);
    ASSERT_TRUE(stale);
    std::this_thread::sleep_for(500ms);
    EXPECT_EQ(b->recover_expired(2), 1);  // attempts 1 < 2: back to pending
    Job pending = *jobs->get(job.job_id);
    EXPECT_EQ(pending.status, "pending");
    EXPECT_FALSE(pending.worker);
    auto fresh = take(*b, "b", {"alpha"});
    ASSERT_TRUE(fresh);
    EXPECT_EQ(fresh->job.job_id, job.job_id);
    EXPECT_EQ(fresh->job.attempts, 2);
    EXPECT_GT(fresh->lease.token, stale->lease.token);
    // The stale server finishes late: its outcome is refused, the new run is untouched.
    Job late = finished(stale->job);
    late.result_json = R"({"stale":true})";
    EXPECT_FALSE(a->complete(late, stale->lease));
    EXPECT_FALSE(a->renew(stale->lease, 300ms));
    Job now = *jobs->get(job.job_id);
    EXPECT_EQ(now.status, "processing");
    EXPECT_EQ(now.worker.value_or(""), "b");
    EXPECT_TRUE(b->complete(finished(fresh->job), fresh->lease));
    EXPECT_EQ(jobs->get(job.job_id)->status, "completed");
    EXPECT_EQ(jobs->get(job.job_id)->result_json.value_or(""), "{}");
}

TEST_F(GroupQueueTest, FinishingAfterExpiryBeforeAnyRecoveryIsStored) {
    const Job job = enqueue("alpha");
    auto got = take(*a, "a", {"alpha"}, 200ms);
    ASSERT_TRUE(got);
    std::this_thread::sleep_for(400ms);  // lease gone, but nobody recovered the job
    EXPECT_TRUE(a->complete(finished(got->job), got->lease));
    EXPECT_EQ(jobs->get(job.job_id)->status, "completed");
    EXPECT_EQ(b->recover_expired(2), 0);
}

TEST_F(GroupQueueTest, TwoServersRecoverAnExpiredJobExactlyOnce) {
    for (int i = 0; i < 20; ++i) enqueue("i" + std::to_string(i));
    std::vector<std::string> all;
    for (int i = 0; i < 20; ++i) all.push_back("i" + std::to_string(i));
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(take(*a, "a", all, 200ms));
    std::this_thread::sleep_for(400ms);
    std::atomic<int> recovered{0};
    std::thread t1([&] { recovered += a->recover_expired(2); });
    std::thread t2([&] { recovered += b->recover_expired(2); });
    t1.join();
    t2.join();
    EXPECT_EQ(recovered.load(), 20);
    EXPECT_EQ(jobs->list("pending", std::nullopt, 100, 0).total, 20u);
    EXPECT_EQ(jobs->list("processing", std::nullopt, 100, 0).total, 0u);
}

TEST_F(GroupQueueTest, LastAttemptFailsWithAClearReason) {
    const Job job = enqueue("alpha", 1);  // this start is attempt 2 of 2
    auto got = take(*a, "a", {"alpha"}, 200ms);
    ASSERT_TRUE(got);
    std::this_thread::sleep_for(400ms);
    EXPECT_EQ(b->recover_expired(2), 1);
    Job failed = *jobs->get(job.job_id);
    EXPECT_EQ(failed.status, "failed");
    EXPECT_NE(failed.error.value_or("").find("lost its lease on instance alpha"), std::string::npos) << *failed.error;
    EXPECT_NE(failed.error.value_or("").find("attempt 2 of 2"), std::string::npos) << *failed.error;
}

TEST_F(GroupQueueTest, CancelRemovesAJobFromItsInstanceList) {
    const Job job = enqueue("beta");
    EXPECT_EQ(jobs->cancel(job.job_id).outcome, CancelResult::Outcome::Cancelled);
    EXPECT_EQ(redis_integer({"LLEN", "qbt_rules:queue:pending:beta"}), 0);
    EXPECT_FALSE(take(*a, "a", {"beta"}));
}

TEST_F(GroupQueueTest, StatusShowsServersLeasesAndPendingPerInstance) {
    enqueue("alpha");
    enqueue("alpha");
    enqueue("beta");
    a->heartbeat("server-a", R"({"instances":["alpha"]})", 5000ms);
    b->heartbeat("server-b", "{}", 5000ms);
    auto got = take(*a, "server-a", {"alpha"});
    ASSERT_TRUE(got);
    rapidjson::Document status;
    const std::string text = b->status_json();
    status.Parse(text.c_str());
    ASSERT_TRUE(status.IsObject()) << text;
    EXPECT_EQ(status["servers"].Size(), 2u) << text;
    EXPECT_STREQ(status["leases"]["alpha"]["server"].GetString(), "server-a") << text;
    EXPECT_EQ(status["leases"]["alpha"]["token"].GetUint64(), got->lease.token);
    EXPECT_EQ(status["pending"]["alpha"].GetInt64(), 1) << text;
    EXPECT_EQ(status["pending"]["beta"].GetInt64(), 1) << text;
    EXPECT_FALSE(status["leases"].HasMember("beta"));
    a->heartbeat("server-a", "{}", 100ms);  // a server whose heartbeats stop disappears
    std::this_thread::sleep_for(300ms);
    const std::string later = b->status_json();
    status.Parse(later.c_str());
    EXPECT_EQ(status["servers"].Size(), 1u) << later;
}

TEST_F(GroupQueueTest, ClaimOnceIsFirstComeOnly) {
    EXPECT_TRUE(a->claim_once("schedule:x@60", 5000ms));
    EXPECT_FALSE(b->claim_once("schedule:x@60", 5000ms));
    EXPECT_FALSE(a->claim_once("schedule:x@60", 5000ms));
    EXPECT_TRUE(b->claim_once("schedule:x@120", 5000ms));
}

// Four workers on two servers flood through 120 jobs of 3 instances: every job once,
// never two at a time on one instance.
TEST_F(GroupQueueTest, ConcurrentWorkersNeverShareAnInstance) {
    const std::vector<std::string> instances = {"alpha", "beta", "gamma"};
    for (int i = 0; i < 120; ++i) enqueue(instances[i % 3]);
    std::mutex mutex;
    std::map<std::string, int> running;
    std::multiset<std::string> done;
    std::atomic<int> violations{0};
    auto worker = [&](GroupQueue& q, std::string id) {
        for (;;) {
            auto got = q.dequeue(300ms, id, instances, 5000ms);
            if (!got) return;
            {
                std::lock_guard lock(mutex);
                if (++running[got->lease.instance] > 1) ++violations;
            }
            std::this_thread::sleep_for(2ms);
            {
                std::lock_guard lock(mutex);
                --running[got->lease.instance];
                done.insert(got->job.job_id);
            }
            ASSERT_TRUE(q.complete(finished(got->job), got->lease));
        }
    };
    std::vector<std::thread> threads;
    threads.emplace_back(worker, std::ref(*a), "a1");
    threads.emplace_back(worker, std::ref(*a), "a2");
    threads.emplace_back(worker, std::ref(*b), "b1");
    threads.emplace_back(worker, std::ref(*b), "b2");
    for (auto& t : threads) t.join();
    EXPECT_EQ(violations.load(), 0);
    EXPECT_EQ(done.size(), 120u);
    EXPECT_EQ(std::set<std::string>(done.begin(), done.end()).size(), 120u);
    EXPECT_EQ(jobs->list("completed", std::nullopt, 1, 0).total, 120u);
}

}  // namespace
}  // namespace qbt::queue
