// Queue conformance, part 1: taking jobs (FIFO, exactly-once, blocking) and updates.
#include "queue_fixture.hpp"

#include <rapidjson/document.h>

#include <atomic>
#include <future>
#include <map>
#include <set>
#include <thread>

namespace qbt::queue_test {
namespace {

using namespace std::chrono_literals;
using queue::Job;

TEST_P(QueueTest, DequeuesInFifoOrderAndMarksProcessing) {
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(enqueue("ctx-" + std::to_string(i)).job_id);
    for (int i = 0; i < 5; ++i) {
        auto job = queue->dequeue(0ms, "worker-1");
        ASSERT_TRUE(job) << "job " << i;
        EXPECT_EQ(job->job_id, ids[i]);
        EXPECT_EQ(job->status, "processing");
        EXPECT_TRUE(job->started_at);
        EXPECT_EQ(job->worker.value_or(""), "worker-1");
        EXPECT_EQ(job->attempts, 1);
        auto stored = queue->get(ids[i]);
        ASSERT_TRUE(stored);
        EXPECT_EQ(stored->status, "processing");
    }
    EXPECT_FALSE(queue->dequeue(0ms, "worker-1"));
}

TEST_P(QueueTest, TwoThreadsDequeueEachJobExactlyOnce) {
    constexpr int kJobs = 500;
    std::set<std::string> expected;
    for (int i = 0; i < kJobs; ++i) expected.insert(enqueue("bulk").job_id);
    auto drain = [&](const std::string& worker) {
        std::vector<std::string> taken;
        while (auto job = queue->dequeue(0ms, worker)) taken.push_back(job->job_id);
        return taken;
    };
    auto a = std::async(std::launch::async, drain, "a");
    auto b = std::async(std::launch::async, drain, "b");
    std::map<std::string, int> seen;
    auto taken_a = a.get(), taken_b = b.get();
    for (const auto& id : taken_a) ++seen[id];
    for (const auto& id : taken_b) ++seen[id];
    EXPECT_EQ(taken_a.size() + taken_b.size(), size_t{kJobs});
    EXPECT_EQ(seen.size(), size_t{kJobs});
    for (const auto& [id, count] : seen) {
        EXPECT_EQ(count, 1) << id;
        EXPECT_TRUE(expected.count(id)) << id;
    }
}

TEST_P(QueueTest, BlockingDequeueTimesOutWhenEmpty) {
    auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(queue->dequeue(300ms, "w"));
    auto waited = std::chrono::steady_clock::now() - start;
    EXPECT_GE(waited, 280ms);
    EXPECT_LT(waited, 3s);
}

TEST_P(QueueTest, BlockingDequeueWakesOnEnqueue) {
    auto waiter = std::async(std::launch::async, [&] {
        auto start = std::chrono::steady_clock::now();
        auto job = queue->dequeue(10s, "w");
        return std::make_pair(job, std::chrono::steady_clock::now() - start);
    });
    std::this_thread::sleep_for(1200ms);
    Job job = enqueue("wake");
    auto [taken, waited] = waiter.get();
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->job_id, job.job_id);
    EXPECT_LT(waited, 4s);
    // started_at is when the job was taken, not when the wait began.
    EXPECT_GE(queue::unix_micros_from_iso(*taken->started_at),
              queue::unix_micros_from_iso(job.created_at) - 600000);
}

TEST_P(QueueTest, UpdateAndGetRoundTripKeepUnknownFields) {
    Job job = make_job("round-trip");
    job.hash = "abcdef0123456789abcdef0123456789abcdef01";
    job.dry_run = true;
    job.extra_json["future_field"] = R"({"nested":[1,2,{"x":"y"}]})";
    queue->enqueue(job);

    auto stored = queue->get(job.job_id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->hash, job.hash);
    EXPECT_TRUE(stored->dry_run);
    EXPECT_EQ(stored->extra_json["future_field"], job.extra_json["future_field"]);

    auto taken = queue->dequeue(0ms, "w");
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->extra_json["future_field"], job.extra_json["future_field"]);
    taken->status = "completed";
    taken->completed_at = queue::now_iso();
    taken->result_json = R"({"total_torrents":10,"rules_matched":3,"actions_executed":5})";
    queue->update(*taken);

    auto done = queue->get(job.job_id);
    ASSERT_TRUE(done);
    EXPECT_EQ(done->status, "completed");
    EXPECT_EQ(done->completed_at, taken->completed_at);
    EXPECT_EQ(done->started_at, taken->started_at);
    EXPECT_EQ(done->result_json, taken->result_json);
    EXPECT_EQ(done->extra_json["future_field"], job.extra_json["future_field"]);
    rapidjson::Document doc;
    doc.Parse(queue::to_json(*done).c_str());
    ASSERT_TRUE(doc.IsObject());
    EXPECT_TRUE(doc["result"].IsObject());
    EXPECT_TRUE(doc["error"].IsNull());
}

TEST_P(QueueTest, UpdateOfUnknownJobIsNotFound) {
    Job ghost = make_job("ghost");
    try {
        queue->update(ghost);
        FAIL() << "update of an unknown job succeeded";
    } catch (const queue::QueueError& e) {
        EXPECT_EQ(e.code(), QBT_E_NOT_FOUND) << e.what();
    }
    EXPECT_FALSE(queue->get(ghost.job_id));
}

TEST_P(QueueTest, DuplicateJobIdIsRefusedAndTheFirstKept) {
    Job job = enqueue("dup");
    Job again = job;
    again.context = "other";
    try {
        queue->enqueue(again);
        FAIL() << "duplicate job id accepted";
    } catch (const queue::QueueError& e) {
        EXPECT_EQ(e.code(), QBT_E_INVALID) << e.what();
    }
    EXPECT_EQ(queue->list(std::nullopt, std::nullopt, 10, 0).total, 1u);
    EXPECT_EQ(queue->get(job.job_id)->context.value_or(""), "dup");
    ASSERT_TRUE(queue->dequeue(0ms, "w"));
    EXPECT_FALSE(queue->dequeue(0ms, "w")) << "the duplicate was queued";
}

// ABI 1.1 enqueue_many (both built-in backends have it): one call stores every job, in
// order; a batch holding an id that exists stores none of its jobs.
TEST_P(QueueTest, EnqueueManyStoresAllInOrderOrNone) {
    std::vector<Job> batch;
    for (int i = 0; i < 3; ++i) batch.push_back(make_job("many-" + std::to_string(i)));
    queue->enqueue_many(batch);
    EXPECT_EQ(queue->list(std::nullopt, std::nullopt, 10, 0).total, 3u);

    Job fresh = make_job("fresh");
    Job clash = make_job("clash");
    clash.job_id = batch[1].job_id;
    try {
        queue->enqueue_many({fresh, clash});
        FAIL() << "a batch with an existing job id was accepted";
    } catch (const queue::QueueError& e) {
        EXPECT_EQ(e.code(), QBT_E_INVALID) << e.what();
    }
    EXPECT_FALSE(queue->get(fresh.job_id)) << "half of a refused batch was stored";
    EXPECT_EQ(queue->get(batch[1].job_id)->context.value_or(""), "many-1") << "the stored job was overwritten";

    for (const Job& expected : batch) {
        auto job = queue->dequeue(0ms, "w");
        ASSERT_TRUE(job);
        EXPECT_EQ(job->job_id, expected.job_id);
    }
    EXPECT_FALSE(queue->dequeue(0ms, "w")) << "a job of the refused batch was queued";
}

TEST_P(QueueTest, HealthyBackendHasNoHealthProblem) {
    EXPECT_EQ(queue->health_problem(), "");
    EXPECT_EQ(queue->backend_name(), GetParam());
}

TEST(QueueConfig, UnknownBackendIsRefusedWithTheAvailableNames) {
    config::QueueConfig config;
    config.backend = "postgres";
    try {
        queue::JobQueue q(queue_registry(), config);
        FAIL() << "unknown backend accepted";
    } catch (const queue::QueueError& e) {
        EXPECT_NE(std::string(e.what()).find("postgres"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("sqlite"), std::string::npos) << e.what();
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, QueueTest, ::testing::ValuesIn(conformance_backends()), backend_name);

}  // namespace
}  // namespace qbt::queue_test
