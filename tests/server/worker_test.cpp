// The job worker over the real SQLite queue with a fake runner.
#include "queue/job.hpp"
#include "worker/worker.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <future>
#include <thread>

namespace qt = qbt::testing;
using namespace qbt;
using namespace std::chrono_literals;
using qt::FakeRunner;

namespace {

class WorkerTest : public ::testing::Test {
protected:
    WorkerTest()
        : config(qt::test_config(dir.path().string())),
          plugins(qt::load_sqlite_plugin()),
          queue(plugins->registry(), config.queue) {}

    std::string enqueue(const std::string& context) {
        queue::Job job;
        job.job_id = queue::new_job_id();
        job.context = context;
        job.created_at = queue::now_iso();
        queue.enqueue(job);
        return job.job_id;
    }
    std::string status_of(const std::string& id) { return queue.get(id).value().status; }
    bool settled(const std::string& id) {
        const std::string s = status_of(id);
        return s == "completed" || s == "failed";
    }
    worker::WorkerOptions options(std::chrono::milliseconds grace = 5000ms) {
        worker::WorkerOptions o;
        o.poll_interval = 50ms;
        o.stop_grace = grace;
        o.worker_id = "test-worker";
        return o;
    }

    qt::TempDir dir;
    config::Config config;
    std::unique_ptr<plugin::PluginHost> plugins;
    queue::JobQueue queue;
    FakeRunner runner;
};

TEST_F(WorkerTest, ProcessesJobsInOrder) {
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(enqueue("ctx" + std::to_string(i)));
    worker::Worker worker(queue, runner, options());
    worker.start();
    ASSERT_TRUE(qt::wait_until([&] { return settled(ids.back()); }));
    const auto calls = runner.calls();
    ASSERT_EQ(calls.size(), 5u);
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(calls[i].job_id, ids[i]);
        EXPECT_EQ(calls[i].context, "ctx" + std::to_string(i));
    }
    const queue::Job done = queue.get(ids[2]).value();
    EXPECT_EQ(done.status, "completed");
    EXPECT_EQ(done.result_json.value_or(""), "{\"context\":\"ctx2\",\"total_torrents\":3}");
    EXPECT_TRUE(done.started_at && done.completed_at);
    EXPECT_EQ(done.worker.value_or(""), "test-worker");
    // The worker stores a job's outcome before it counts it: the count may trail the
    // queue by a moment (seen once under ASan), so wait for it rather than read it once.
    EXPECT_TRUE(qt::wait_until([&] { return worker.snapshot().jobs_done == 5u; }));
    EXPECT_EQ(worker.snapshot().jobs_done, 5u);
}

TEST_F(WorkerTest, FailingAndThrowingJobsDoNotStopTheWorker) {
    const std::string failing = enqueue("fail");
    const std::string throwing = enqueue("throw");
    const std::string bad = enqueue("bad-result");
    const std::string fine = enqueue("fine");
    worker::Worker worker(queue, runner, options());
    worker.start();
    ASSERT_TRUE(qt::wait_until([&] { return settled(fine); }));
    EXPECT_EQ(status_of(failing), "failed");
    EXPECT_EQ(queue.get(failing)->error.value_or(""), "rules failed on purpose");
    EXPECT_EQ(status_of(throwing), "failed");
    EXPECT_NE(queue.get(throwing)->error.value_or("").find("runner exploded on purpose"), std::string::npos);
    EXPECT_EQ(status_of(bad), "failed");
    EXPECT_NE(queue.get(bad)->error.value_or("").find("not a JSON object"), std::string::npos);
    EXPECT_EQ(status_of(fine), "completed");
    EXPECT_EQ(worker.health_problem(), "");
    EXPECT_EQ(worker.snapshot().jobs_failed, 3u);
}

TEST_F(WorkerTest, GracefulStopFinishesTheCurrentJob) {
    const std::string blocked = enqueue("block");
    const std::string waiting = enqueue("later");
    worker::Worker worker(queue, runner, options());
    worker.start();
    ASSERT_TRUE(runner.wait_for_calls(1));
    EXPECT_EQ(worker.snapshot().state, "processing");
    EXPECT_EQ(worker.snapshot().current_job, blocked);
    auto stopped = std::async(std::launch::async, [&] { return worker.stop(); });
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(stopped.wait_for(0ms), std::future_status::timeout) << "stop() returned before the job ended";
    runner.release();
    EXPECT_TRUE(stopped.get());
    EXPECT_EQ(status_of(blocked), "completed");
    EXPECT_EQ(status_of(waiting), "pending") << "a stopping worker must not take new jobs";
    EXPECT_EQ(runner.calls().size(), 1u);
    EXPECT_EQ(worker.health_problem(), "worker thread is stopped");
}

TEST_F(WorkerTest, StopGivesUpAfterTheGraceAndLeavesTheJobForRecovery) {
    const std::string blocked = enqueue("block");
    {
        worker::Worker worker(queue, runner, options(300ms));
        worker.start();
        ASSERT_TRUE(runner.wait_for_calls(1));
        const auto before = std::chrono::steady_clock::now();
        EXPECT_FALSE(worker.stop());
        EXPECT_LT(std::chrono::steady_clock::now() - before, 3s);
    }
    EXPECT_EQ(status_of(blocked), "processing");
    runner.release();  // the abandoned thread ends without touching the queue
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(status_of(blocked), "processing");
    EXPECT_EQ(queue.recover_orphans(config.queue.max_attempts), 1);
    EXPECT_EQ(status_of(blocked), "pending");
}

TEST_F(WorkerTest, HealthBeforeStart) {
    worker::Worker worker(queue, runner, options());
    EXPECT_EQ(worker.health_problem(), "worker thread not started");
    worker.start();
    EXPECT_EQ(worker.health_problem(), "");
}

}  // namespace
