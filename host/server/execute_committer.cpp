#include "server/execute_committer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <iterator>

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
    if (counters_.batches > 0) {
        std::vector<uint32_t> us = counters_.store_us;
        std::sort(us.begin(), us.end());
        auto at = [&](double q) { return us.empty() ? 0u : us[static_cast<size_t>(q * static_cast<double>(us.size() - 1))]; };
        spdlog::info("execute committer: {} job(s) stored in {} commit(s) (largest {}); store time of the last {}: "
                     "p50 {} us, p99 {} us, max {} us",
                     counters_.jobs, counters_.batches, counters_.largest_batch, us.size(), at(0.5), at(0.99), at(1.0));
    }
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
    const auto started = std::chrono::steady_clock::now();
    try {
        submitted = queue::submit_jobs(queue_, all, coalesce_);
    } catch (...) {
        error = std::current_exception();
    }
    const auto took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    {
        std::lock_guard lock(mutex_);
        auto& us = counters_.store_us;
        const auto value = static_cast<uint32_t>(std::min<int64_t>(took.count(), UINT32_MAX));
        if (us.size() < 4096) us.push_back(value);
        else us[counters_.batches % 4096] = value;
    }
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
    }
}

}  // namespace qbt::server
