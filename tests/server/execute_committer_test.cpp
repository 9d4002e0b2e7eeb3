// ExecuteCommitter over the real SQLite queue: requests from many threads are stored in
// few commits and each completion runs only once its jobs are stored; a batch is all or
// none; coalescing also applies between jobs of one batch; a stopped committer refuses.
#include "test_server.hpp"

#include "queue/job.hpp"
#include "server/execute_committer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

namespace qbt::testing {
namespace {

queue::Job pending_job(const std::string& context) {
    queue::Job job;
    job.job_id = queue::new_job_id();
    job.context = context;
    job.status = "pending";
    job.created_at = queue::now_iso();
    return job;
}

TEST(ExecuteCommitter, ManyThreadsFewCommitsAndEveryJobStoredBeforeItsAnswer) {
    TestServer t;
    server::ExecuteCommitter committer(*t.queue, false);
    committer.start();
    constexpr int kThreads = 8, kEach = 50;
    std::atomic<int> answered{0}, stored_before_answer{0};
    std::mutex mutex;
    std::set<std::string> ids;
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&] {
            for (int j = 0; j < kEach; ++j) {
                std::vector<queue::Job> jobs{pending_job("batch")};
                ASSERT_TRUE(committer.submit(std::move(jobs), [&](const std::vector<queue::Submitted>* done,
                                                                  std::exception_ptr error) {
                    ASSERT_TRUE(done && !error);
                    ASSERT_EQ(done->size(), 1u);
                    if (t.queue->get(done->front().job.job_id)) ++stored_before_answer;
                    std::lock_guard lock(mutex);
                    ids.insert(done->front().job.job_id);
                    ++answered;
                }));
            }
        });
    }
    for (auto& thread : threads) thread.join();
    ASSERT_TRUE(wait_until([&] { return answered.load() == kThreads * kEach; }));
    committer.stop();
    EXPECT_EQ(stored_before_answer.load(), kThreads * kEach);
    EXPECT_EQ(ids.size(), static_cast<size_t>(kThreads * kEach));
    EXPECT_EQ(t.queue->list(std::string("pending"), std::string("batch"), 1, 0).total,
              static_cast<uint64_t>(kThreads * kEach));
    const auto counters = committer.counters();
    EXPECT_EQ(counters.jobs, static_cast<uint64_t>(kThreads * kEach));
    EXPECT_LT(counters.batches, counters.jobs) << "no two requests ever shared a commit";
}

TEST(ExecuteCommitter, ABatchIsAllOrNoneAndEveryWaiterGetsTheError) {
    TestServer t;
    const queue::Job existing = pending_job("dup");
    t.queue->enqueue(existing);
    server::ExecuteCommitter committer(*t.queue, false);
    committer.start();
    std::atomic<bool> failed{false};
    const queue::Job fresh = pending_job("dup");
    std::vector<queue::Job> jobs{fresh, existing};  // the second id is taken
    ASSERT_TRUE(committer.submit(std::move(jobs), [&](const std::vector<queue::Submitted>* done, std::exception_ptr error) {
        EXPECT_EQ(done, nullptr);
        EXPECT_TRUE(error);
        failed = true;
    }));
    ASSERT_TRUE(wait_until([&] { return failed.load(); }));
    committer.stop();
    EXPECT_FALSE(t.queue->get(fresh.job_id)) << "a job of a failed batch was stored";
}

TEST(ExecuteCommitter, IdenticalJobsOfOneBatchCoalesce) {
    TestServer t;
    server::ExecuteCommitter committer(*t.queue, true);
    committer.start();
    std::vector<queue::Submitted> answers;
    std::atomic<bool> done_flag{false};
    std::vector<queue::Job> jobs{pending_job("same"), pending_job("same"), pending_job("other")};
    ASSERT_TRUE(committer.submit(std::move(jobs), [&](const std::vector<queue::Submitted>* done, std::exception_ptr) {
        if (done) answers = *done;
        done_flag = true;
    }));
    ASSERT_TRUE(wait_until([&] { return done_flag.load(); }));
    committer.stop();
    ASSERT_EQ(answers.size(), 3u);
    EXPECT_FALSE(answers[0].coalesced);
    EXPECT_TRUE(answers[1].coalesced);
    EXPECT_EQ(answers[1].job.job_id, answers[0].job.job_id);
    EXPECT_FALSE(answers[2].coalesced);
    EXPECT_EQ(t.queue->list(std::string("pending"), std::nullopt, 10, 0).total, 2u);
}

TEST(ExecuteCommitter, AStoppedCommitterRefusesAndLeavesTheJobs) {
    TestServer t;
    server::ExecuteCommitter committer(*t.queue, false);
    std::vector<queue::Job> jobs{pending_job("late")};
    EXPECT_FALSE(committer.submit(std::move(jobs), [](const std::vector<queue::Submitted>*, std::exception_ptr) {}));
    ASSERT_EQ(jobs.size(), 1u);  // not moved from: the caller stores them itself
    EXPECT_EQ(jobs.front().context.value_or(""), "late");
    committer.start();
    committer.stop();
    EXPECT_FALSE(committer.submit(std::move(jobs), [](const std::vector<queue::Submitted>*, std::exception_ptr) {}));
}

}  // namespace
}  // namespace qbt::testing
