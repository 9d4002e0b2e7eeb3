// Queue conformance, part 3 (ABI 1.3, QBT_QUEUE_DEFER): a processing job put back to
// pending with a not-before is passed over until due while the jobs behind it run, is
// taken first once due, keeps its wait across a reopen, can be cancelled, and with group
// support is deferred only under its lease (which it releases). A backend without the
// capability (the C witness) says so and is skipped.
#include "queue_fixture.hpp"

#include "queue/group_queue.hpp"

#include <qbt/queue_backend.h>

#include <thread>

namespace qbt::queue_test {
namespace {

using namespace std::chrono_literals;
using queue::Job;

std::string in(std::chrono::milliseconds from_now) {
    const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    return queue::iso_from_unix_micros(now.count() + from_now.count() * 1000);
}

// What the worker stores when it defers: the wait, and the attempt taken back.
Job waiting(Job job, const std::string& not_before) {
    job.status = "pending";
    job.started_at.reset();
    job.attempts -= 1;
    job.extra_json["waiting_for"] = "\"metadata\"";
    job.extra_json["not_before"] = "\"" + not_before + "\"";
    return job;
}

class DeferTest : public QueueTest {
protected:
    void SetUp() override {
        QueueTest::SetUp();
        if (!queue->can_defer()) GTEST_SKIP() << GetParam() << " has no QBT_QUEUE_DEFER";
    }
    Job take() {
        auto job = queue->dequeue(0ms, "w");
        EXPECT_TRUE(job);
        return job ? *job : Job{};
    }
    std::optional<Job> take_within(std::chrono::milliseconds limit) {
        const auto end = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < end)
            if (auto job = queue->dequeue(100ms, "w")) return job;
        return std::nullopt;
    }
};

TEST_P(DeferTest, DeferredJobIsPassedOverUntilDueThenTakenFirst) {
    const Job a = enqueue("a"), b = enqueue("b"), c = enqueue("c");
    Job taken = take();
    ASSERT_EQ(taken.job_id, a.job_id);
    const std::string not_before = in(700ms);
    queue->defer(waiting(taken, not_before), not_before);
    auto stored = queue->get(a.job_id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->status, "pending");
    EXPECT_EQ(stored->extra_json.at("waiting_for"), "\"metadata\"");
    EXPECT_EQ(take().job_id, b.job_id);  // the job behind it runs meanwhile
    std::this_thread::sleep_for(900ms);
    auto due = queue->dequeue(0ms, "w");  // due now: before c, stored after it
    ASSERT_TRUE(due);
    EXPECT_EQ(due->job_id, a.job_id);
    EXPECT_EQ(due->attempts, 1) << "a deferral must not count as an attempt";
    EXPECT_EQ(take().job_id, c.job_id);
}

TEST_P(DeferTest, NothingIsHandedOutBeforeNotBefore) {
    const Job a = enqueue("a");
    const auto deferred_at = std::chrono::steady_clock::now();
    const std::string not_before = in(800ms);
    queue->defer(waiting(take(), not_before), not_before);
    EXPECT_FALSE(queue->dequeue(0ms, "w"));
    auto due = take_within(5s);
    ASSERT_TRUE(due);
    EXPECT_EQ(due->job_id, a.job_id);
    EXPECT_GE(std::chrono::steady_clock::now() - deferred_at, 790ms);
}

TEST_P(DeferTest, TenDeferralsLeaveTheAttemptCountAtOne) {
    const Job a = enqueue("a");
    for (int i = 0; i < 10; ++i) {
        Job taken = take();
        ASSERT_EQ(taken.attempts, 1) << "round " << i;
        const std::string now = in(0ms);
        queue->defer(waiting(taken, now), now);
    }
    // A crash now: the orphan is re-queued (attempt 1 of 3), not failed.
    Job taken = take();
    queue.reset();
    queue = open();
    EXPECT_EQ(queue->recover_orphans(3), 1);
    auto again = queue->get(a.job_id);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, "pending");
    EXPECT_EQ(take().attempts, 2);
}

TEST_P(DeferTest, ADeferredJobStaysPendingWithItsWaitAcrossAReopen) {
    const Job a = enqueue("a");
    const std::string not_before = in(1000ms);
    queue->defer(waiting(take(), not_before), not_before);
    queue.reset();  // as after kill -9: nothing but what is stored
    queue = open();
    EXPECT_EQ(queue->recover_orphans(3), 0) << "a deferred job is pending, not an orphan";
    auto stored = queue->get(a.job_id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->status, "pending");
    EXPECT_EQ(stored->extra_json.at("not_before"), "\"" + not_before + "\"");
    EXPECT_FALSE(queue->dequeue(0ms, "w")) << "the wait survives the reopen";
    auto due = take_within(5s);
    ASSERT_TRUE(due);
    EXPECT_EQ(due->job_id, a.job_id);
}

TEST_P(DeferTest, ADeferredJobCanBeCancelledAndIsThenNeverTaken) {
    const Job a = enqueue("a");
    const std::string not_before = in(300ms);
    queue->defer(waiting(take(), not_before), not_before);
    auto cancelled = queue->cancel(a.job_id);
    EXPECT_EQ(cancelled.outcome, queue::CancelResult::Outcome::Cancelled);
    std::this_thread::sleep_for(500ms);
    EXPECT_FALSE(queue->dequeue(200ms, "w"));
    EXPECT_EQ(queue->get(a.job_id)->status, "cancelled");
}

TEST_P(DeferTest, OnlyAProcessingJobCanBeDeferred) {
    const Job a = enqueue("a");
    const std::string later = in(1000ms);
    try {
        queue->defer(waiting(a, later), later);
        ADD_FAILURE() << "a pending job was deferred";
    } catch (const queue::QueueError& e) {
        EXPECT_EQ(e.code(), QBT_E_STATE) << e.what();
    }
    Job ghost = make_job("ghost");
    ghost.status = "processing";
    try {
        queue->defer(ghost, later);
        ADD_FAILURE() << "an unknown job was deferred";
    } catch (const queue::QueueError& e) {
        EXPECT_EQ(e.code(), QBT_E_NOT_FOUND) << e.what();
    }
    EXPECT_EQ(take().job_id, a.job_id) << "the failed calls changed nothing";
}

// Group support (Redis): defer only under the job's lease, which it releases.
TEST_P(DeferTest, ALeasedJobIsDeferredUnderItsLeaseOnly) {
    auto group = queue::GroupQueue::open(queue_registry(), config);
    if (!group) GTEST_SKIP() << GetParam() << " has no group support";
    const Job a = enqueue("a"), b = enqueue("b");
    auto leased = group->dequeue(1s, "s1", {"default"}, 30s);
    ASSERT_TRUE(leased);
    ASSERT_EQ(leased->job.job_id, a.job_id);
    const std::string not_before = in(600ms);
    queue::Lease stale = leased->lease;
    stale.token += 1000;
    EXPECT_FALSE(group->defer(waiting(leased->job, not_before), stale, not_before)) << "fenced out";
    EXPECT_EQ(queue->get(a.job_id)->status, "processing");
    ASSERT_TRUE(group->defer(waiting(leased->job, not_before), leased->lease, not_before));
    // The lease was released: the same instance's next job is taken at once.
    auto next = group->dequeue(1s, "s1", {"default"}, 30s);
    ASSERT_TRUE(next);
    EXPECT_EQ(next->job.job_id, b.job_id);
    ASSERT_TRUE(group->complete([&] { Job done = next->job; done.status = "completed"; return done; }(), next->lease));
    auto due = group->dequeue(3s, "s1", {"default"}, 30s);
    ASSERT_TRUE(due);
    EXPECT_EQ(due->job.job_id, a.job_id);
    EXPECT_EQ(due->job.attempts, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, DeferTest, ::testing::ValuesIn(conformance_backends()), backend_name);

}  // namespace
}  // namespace qbt::queue_test
