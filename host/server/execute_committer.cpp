#include "server/execute_committer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace qbt::server {

ExecuteCommitter::ExecuteCommitter(queue::JobQueue& queue, bool coalesce, size_t max_batch_jobs)
    : queue_(queue), coalesce_(coalesce), max_batch_jobs_(std::max<size_t>(1, max_batch_jobs)) {}

ExecuteCommitter::~ExecuteCommitter() { stop(); }

void ExecuteCommitter::start() {
    std::lock_guard lock(mutex_);
    if (running_ || stopping_) return;
    running_ = true;
    thread_ = std::thread([this] { run(); });
}

bool ExecuteCommitter::submit(std::vector<queue::Job>&& jobs, Completion done) {
    {
        std::lock_guard lock(mutex_);
        if (!running_ || stopping_) return false;
        waiting_.push_back(Request{std::move(jobs), std::move(done)});
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
}

ExecuteCommitter::Counters ExecuteCommitter::counters() const {
    std::lock_guard lock(mutex_);
    return counters_;
}

void ExecuteCommitter::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        arrived_.wait(lock, [&] { return stopping_ || !waiting_.empty(); });
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
    try {
        submitted = queue::submit_jobs(queue_, all, coalesce_);
    } catch (...) {
        error = std::current_exception();
    }
    size_t next = 0;
    for (Request& request : batch) {
        const size_t count = request.jobs.size();
        try {
            if (error) {
                request.done(nullptr, error);
            } else {
                const std::vector<queue::Submitted> mine(submitted.begin() + static_cast<std::ptrdiff_t>(next),
                                                         submitted.begin() + static_cast<std::ptrdiff_t>(next + count));
                request.done(&mine, nullptr);
            }
        } catch (const std::exception& e) {
            spdlog::error("POST /api/execute: answering a queued request failed: {}", e.what());
        } catch (...) {
            spdlog::error("POST /api/execute: answering a queued request failed");
        }
        next += count;
    }
}

}  // namespace qbt::server
