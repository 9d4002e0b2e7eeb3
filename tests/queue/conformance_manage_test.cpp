// Queue conformance, part 2: listing, cancelling, cleanup, stats, orphan recovery.
#include "queue_fixture.hpp"

#include <rapidjson/document.h>

namespace qbt::queue_test {
namespace {

using namespace std::chrono_literals;
using queue::CancelResult;
using queue::Job;

std::vector<std::string> ids_of(const queue::JobList& list) {
    std::vector<std::string> ids;
    for (const auto& job : list.jobs) ids.push_back(job.job_id);
    return ids;
}

TEST_P(QueueTest, ListFiltersNewestFirstWithLimitOffsetAndTotal) {
    std::vector<std::string> ids;  // oldest first; even = "a", odd = "b"
    for (int i = 0; i < 10; ++i)
        ids.push_back(enqueue(i % 2 ? "b" : "a", days_ago(0).substr(0, 11) + "00:00:0" +
                                                     std::to_string(i) + ".000000Z").job_id);
    auto taken = queue->dequeue(0ms, "w");  // ids[0] -> processing
    ASSERT_TRUE(taken);

    auto page1 = queue->list(std::nullopt, std::nullopt, 3, 0);
    EXPECT_EQ(page1.total, 10u);
    EXPECT_EQ(ids_of(page1), (std::vector<std::string>{ids[9], ids[8], ids[7]}));
    auto page2 = queue->list(std::nullopt, std::nullopt, 3, 3);
    EXPECT_EQ(ids_of(page2), (std::vector<std::string>{ids[6], ids[5], ids[4]}));
    auto tail = queue->list(std::nullopt, std::nullopt, 3, 9);
    EXPECT_EQ(ids_of(tail), (std::vector<std::string>{ids[0]}));

    auto context_b = queue->list(std::nullopt, "b", 2, 1);
    EXPECT_EQ(context_b.total, 5u);
    EXPECT_EQ(ids_of(context_b), (std::vector<std::string>{ids[7], ids[5]}));

    auto pending = queue->list("pending", std::nullopt, 100, 0);
    EXPECT_EQ(pending.total, 9u);
    EXPECT_EQ(pending.jobs.size(), 9u);
    EXPECT_EQ(pending.jobs.front().job_id, ids[9]);

    auto pending_a = queue->list("pending", "a", 100, 0);
    EXPECT_EQ(pending_a.total, 4u);
    EXPECT_EQ(ids_of(pending_a), (std::vector<std::string>{ids[8], ids[6], ids[4], ids[2]}));

    auto processing = queue->list("processing", std::nullopt, 100, 0);
    EXPECT_EQ(ids_of(processing), (std::vector<std::string>{ids[0]}));

    auto count_only = queue->list(std::nullopt, "a", 0, 0);
    EXPECT_EQ(count_only.total, 5u);
    EXPECT_TRUE(count_only.jobs.empty());

    auto none = queue->list("failed", "zzz", 10, 0);
    EXPECT_EQ(none.total, 0u);
    EXPECT_TRUE(none.jobs.empty());
}

TEST_P(QueueTest, CancelOnlyPendingJobs) {
    Job first = enqueue("c1");
    Job second = enqueue("c2");

    auto cancelled = queue->cancel(second.job_id);
    EXPECT_EQ(cancelled.outcome, CancelResult::Outcome::Cancelled);
    ASSERT_TRUE(cancelled.job);
    EXPECT_EQ(cancelled.job->status, "cancelled");
    EXPECT_TRUE(cancelled.job->completed_at);
    EXPECT_EQ(queue->get(second.job_id)->status, "cancelled");

    auto again = queue->cancel(second.job_id);
    EXPECT_EQ(again.outcome, CancelResult::Outcome::NotPending);
    ASSERT_TRUE(again.job);
    EXPECT_EQ(again.job->status, "cancelled");

    auto taken = queue->dequeue(0ms, "w");
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->job_id, first.job_id);
    auto running = queue->cancel(first.job_id);
    EXPECT_EQ(running.outcome, CancelResult::Outcome::NotPending);
    ASSERT_TRUE(running.job);
    EXPECT_EQ(running.job->status, "processing");
    EXPECT_EQ(queue->get(first.job_id)->status, "processing");

    EXPECT_EQ(queue->cancel(queue::new_job_id()).outcome, CancelResult::Outcome::NotFound);
    EXPECT_FALSE(queue->dequeue(0ms, "w")) << "a cancelled job was handed out";
}

TEST_P(QueueTest, CleanupRemovesOnlyOldFinishedJobs) {
    auto finish = [&](const std::string& status) {
        auto job = queue->dequeue(0ms, "w");
        EXPECT_TRUE(job);
        job->status = status;
        job->completed_at = queue::now_iso();
        queue->update(*job);
        return job->job_id;
    };
    Job old_done = enqueue("x", days_ago(10));
    Job old_failed = enqueue("x", days_ago(9));
    std::string old_done_id = finish("completed"), old_failed_id = finish("failed");
    Job old_cancelled = enqueue("x", days_ago(8));
    queue->cancel(old_cancelled.job_id);
    Job new_done = enqueue("x");
    std::string new_done_id = finish("completed");
    Job old_pending = enqueue("x", days_ago(10));

    EXPECT_EQ(queue->cleanup(std::chrono::hours(24 * 7)), 3u);
    EXPECT_FALSE(queue->get(old_done_id));
    EXPECT_FALSE(queue->get(old_failed_id));
    EXPECT_FALSE(queue->get(old_cancelled.job_id));
    EXPECT_TRUE(queue->get(old_pending.job_id));
    EXPECT_TRUE(queue->get(new_done_id));
    EXPECT_EQ(queue->list(std::nullopt, std::nullopt, 10, 0).total, 2u);
    EXPECT_EQ(queue->list("completed", std::nullopt, 10, 0).total, 1u);
    EXPECT_EQ(queue->cleanup(std::chrono::hours(24 * 7)), 0u);
}

TEST_P(QueueTest, StatsCountEveryStatus) {
    for (int i = 0; i < 4; ++i) enqueue("s");
    auto a = queue->dequeue(0ms, "w");
    auto b = queue->dequeue(0ms, "w");
    b->status = "failed";
    queue->update(*b);
    auto pending = queue->list("pending", std::nullopt, 1, 0).jobs.front();
    queue->cancel(pending.job_id);

    rapidjson::Document stats;
    stats.Parse(queue->stats_json().c_str());
    ASSERT_TRUE(stats.IsObject()) << queue->stats_json();
    EXPECT_EQ(stats["pending"].GetInt(), 1);
    EXPECT_EQ(stats["processing"].GetInt(), 1);
    EXPECT_EQ(stats["completed"].GetInt(), 0);
    EXPECT_EQ(stats["failed"].GetInt(), 1);
    EXPECT_EQ(stats["cancelled"].GetInt(), 1);
}

TEST_P(QueueTest, OrphansAreRequeuedAtTheHeadThenFailedAfterMaxAttempts) {
    Job first = enqueue("o1");
    Job second = enqueue("o2");
    ASSERT_TRUE(queue->dequeue(0ms, "dead-worker"));
    ASSERT_TRUE(queue->dequeue(0ms, "dead-worker"));
    Job later = enqueue("o3");

    queue.reset();  // the "process" dies with two jobs processing
    queue = open();
    EXPECT_EQ(queue->recover_orphans(2), 2);
    EXPECT_EQ(queue->get(first.job_id)->status, "pending");
    std::vector<std::string> order;
    for (int i = 0; i < 3; ++i) {
        auto job = queue->dequeue(0ms, "w2");
        ASSERT_TRUE(job);
        order.push_back(job->job_id);
        if (job->job_id != later.job_id) {
            EXPECT_EQ(job->attempts, 2);
        }
    }
    EXPECT_EQ(order, (std::vector<std::string>{first.job_id, second.job_id, later.job_id}))
        << "re-queued orphans keep their order and run before newer jobs";

    // All three are processing again; o1/o2 reached max_attempts and fail, o3 is re-queued.
    EXPECT_EQ(queue->recover_orphans(2), 3);
    for (const auto& id : {first.job_id, second.job_id}) {
        auto job = queue->get(id);
        ASSERT_TRUE(job);
        EXPECT_EQ(job->status, "failed");
        EXPECT_TRUE(job->completed_at);
        EXPECT_NE(job->error.value_or("").find("attempt 2 of 2"), std::string::npos) << *job->error;
    }
    EXPECT_EQ(queue->get(later.job_id)->status, "pending");
    EXPECT_EQ(queue->recover_orphans(2), 0);
}

}  // namespace
}  // namespace qbt::queue_test
