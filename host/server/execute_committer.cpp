#include "server/execute_committer.hpp"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <iterator>

namespace qbt::server {

void log_queued_batch(const std::vector<queue::Submitted>& submitted, size_t requests) {
    if (submitted.empty()) return;
    const auto coalesced = std::count_if(submitted.begin(), submitted.end(), [](const auto& s) { return s.coalesced; });
    spdlog::info("{} job(s) queued for {} request(s), {} coalesced into pending jobs (first {}, last {})",
                 submitted.size() - static_cast<size_t>(coalesced), requests, coalesced, submitted.front().job.job_id,
                 submitted.back().job.job_id);
}

ExecuteCommitter::ExecuteCommitter(queue::JobQueue& queue, bool coalesce, size_t max_batch_jobs)
    : queue_(queue), coalesce_(coalesce), max_batch_jobs_(std::max<size_t>(1, max_batch_jobs)) {}

ExecuteCommitter::~ExecuteCommitter() { stop(); }

void ExecuteCommitter::start() {
    std::lock_guard lock(mutex_);
    if (running_ || stopping_) return;
    running_ = true;
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "qbt-commit");  // named for top, perf and gdb
        run();
    });
}

bool ExecuteCommitter::submit(std::vector<queue::Job>&& jobs, Completion done) {
    {
        std::lock_guard lock(mutex_);
        if (!running_ || stopping_) return false;
        waiting_.push_back(Request{std::move(jobs), std::move(done), Clock::now()});
    }
    arrived_.notify_one();
    return true;
}

void ExecuteCommitter::stop() {
    {
        std::lock_guard lock(mutex_);
        if (!running_) return;
        stopping_ = true;
    }
    arrived_.notify_one();
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(mutex_);
    running_ = false;
    log_stages_locked();
}

void ExecuteCommitter::log_stages_locked() {
    if (counters_.total.count() == 0) return;
    spdlog::info("execute committer: {} job(s) stored in {} commit(s) (largest {}); {} request(s): wait {}; "
                 "store {}; answer {}; total {}; jobs per commit p50 {}, p99 {}",
                 counters_.jobs, counters_.batches, counters_.largest_batch, counters_.total.count(),
                 counters_.wait.summary(), counters_.store.summary(), counters_.answer.summary(),
                 counters_.total.summary(), counters_.batch_jobs.percentile(0.5), counters_.batch_jobs.percentile(0.99));
    for (StageHistogram* stage : {&counters_.wait, &counters_.store, &counters_.answer, &counters_.total,
                                  &counters_.batch_jobs})
        stage->reset();
}

ExecuteCommitter::Counters ExecuteCommitter::counters() const {
    std::lock_guard lock(mutex_);
    return counters_;
}

void ExecuteCommitter::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        // A second without requests ends a burst: its stage figures go to the log.
        if (!arrived_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_ || !waiting_.empty(); })) {
            log_stages_locked();
            continue;
        }
        if (waiting_.empty()) return;  // stopping, and everything is answered
        // Take what is waiting, up to max_batch_jobs (a request is never split).
        std::deque<Request> batch;
        size_t jobs = 0;
        while (!waiting_.empty() && (batch.empty() || jobs + waiting_.front().jobs.size() <= max_batch_jobs_)) {
            jobs += waiting_.front().jobs.size();
            batch.push_back(std::move(waiting_.front()));
            waiting_.pop_front();
        }
        ++counters_.batches;
        counters_.jobs += jobs;
        counters_.largest_batch = std::max(counters_.largest_batch, jobs);
        lock.unlock();
        commit(batch);
        lock.lock();
    }
}

void ExecuteCommitter::commit(std::deque<Request>& batch) {
    std::vector<queue::Job> all;
    for (Request& request : batch) {
        for (queue::Job& job : request.jobs) all.push_back(std::move(job));
    }
    std::vector<queue::Submitted> submitted;
    std::exception_ptr error;
    const auto started = Clock::now();
    try {
        submitted = queue::submit_jobs(queue_, all, coalesce_);
    } catch (...) {
        error = std::current_exception();
    }
    const auto stored = Clock::now();
    if (!error) log_queued_batch(submitted, batch.size());
    std::vector<Clock::time_point> answered;
    answered.reserve(batch.size());
    size_t next = 0;
    for (Request& request : batch) {
        const size_t count = request.jobs.size();
        try {
            if (error) {
                request.done(nullptr, error);
            } else {
                const std::vector<queue::Submitted> mine(
                    std::make_move_iterator(submitted.begin() + static_cast<std::ptrdiff_t>(next)),
                    std::make_move_iterator(submitted.begin() + static_cast<std::ptrdiff_t>(next + count)));
                request.done(&mine, nullptr);
            }
        } catch (const std::exception& e) {
            spdlog::error("POST /api/execute: answering a queued request failed: {}", e.what());
        } catch (...) {
            spdlog::error("POST /api/execute: answering a queued request failed");
        }
        next += count;
        answered.push_back(Clock::now());
    }
    auto micros = [](Clock::duration d) {
        return static_cast<uint64_t>(std::max<int64_t>(0, std::chrono::duration_cast<std::chrono::microseconds>(d).count()));
    };
    std::lock_guard lock(mutex_);
    counters_.store.record(micros(stored - started));
    counters_.batch_jobs.record(all.size());
    for (size_t i = 0; i < batch.size(); ++i) {
        counters_.wait.record(micros(started - batch[i].handed_over));
        counters_.answer.record(micros(answered[i] - stored));
        counters_.total.record(micros(answered[i] - batch[i].handed_over));
    }
}

}  // namespace qbt::server
