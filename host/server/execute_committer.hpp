// One thread that stores the jobs of POST /api/execute in batches. HTTP threads hand it
// their request's jobs with a completion and return at once; the committer takes
// everything waiting (from every connection) and stores it with one enqueue_many (one
// transaction with SQLite), then calls each completion: a job is acknowledged only after
// the commit that holds it, and when that commit fails every completion gets the error.
//
// Why: a blocking handler caps a commit at server.workers rows (one per HTTP thread);
// here one commit holds every request that arrived while the previous one was written.
#pragma once

#include "queue/job_queue.hpp"
#include "queue/submit.hpp"
#include "server/stage_histogram.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace qbt::server {

// One info line for the jobs one commit stored (`requests` requests): how many, how many
// coalesced into pending twins, the first and last job id (ids are time-ordered UUIDv7).
// Each job's own line is at debug.
void log_queued_batch(const std::vector<queue::Submitted>& submitted, size_t requests);

class ExecuteCommitter {
public:
    // submitted: the answers in the jobs' order (null on failure); error: the failure.
    using Completion = std::function<void(const std::vector<queue::Submitted>* submitted, std::exception_ptr error)>;

    ExecuteCommitter(queue::JobQueue& queue, bool coalesce, size_t max_batch_jobs = 1024);
    ~ExecuteCommitter();  // stop()
    ExecuteCommitter(const ExecuteCommitter&) = delete;
    ExecuteCommitter& operator=(const ExecuteCommitter&) = delete;

    void start();
    // False when not running (not started, or stopping): `jobs` is then left as it was and
    // the caller stores them itself. Completions run on the committer thread.
    bool submit(std::vector<queue::Job>&& jobs, Completion done);
    // Stores and completes everything submitted so far, then ends the thread. Idempotent.
    void stop();

    struct Counters {
        uint64_t batches = 0;
        uint64_t jobs = 0;
        size_t largest_batch = 0;
        // Where a request's time goes, per stage, in microseconds (logged with the batch
        // sizes when the committer has been idle for a second after a burst, and at stop):
        // wait = handed over -> its commit starts (the previous commit, the thread's wake-up);
        // store = enqueue_many of its batch (the commit); answer = stored -> its 202 handed
        // to Pistache (the answers before it in the batch included); total = the three.
        StageHistogram wait, store, answer, total, batch_jobs;
    };
    Counters counters() const;

private:
    using Clock = std::chrono::steady_clock;
    struct Request {
        std::vector<queue::Job> jobs;
        Completion done;
        Clock::time_point handed_over;
    };

    void run();
    void commit(std::deque<Request>& batch);
    void log_stages_locked();  // and starts them over

    queue::JobQueue& queue_;
    const bool coalesce_;
    const size_t max_batch_jobs_;

    mutable std::mutex mutex_;
    std::condition_variable arrived_;
    std::deque<Request> waiting_;
    bool running_ = false;
    bool stopping_ = false;
    Counters counters_;
    std::thread thread_;
};

}  // namespace qbt::server
