#include "worker/lease_keeper.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace qbt::worker {

namespace {

// Stop calling this long before the lease could expire: a third of the renewal period
// (a sixth of the lease), at least 200 ms.
std::chrono::milliseconds margin_for(std::chrono::milliseconds lease) {
    return std::max(std::chrono::milliseconds(200), lease / 6);
}

}  // namespace

LeaseKeeper::LeaseKeeper(queue::GroupQueue& group, queue::Lease lease, std::chrono::milliseconds duration,
                         Clock::time_point taken_at)
    : group_(group),
      lease_(std::move(lease)),
      duration_(duration),
      margin_(margin_for(duration)),
      valid_until_(taken_at + duration) {
    thread_ = std::thread([this] { run(); });
}

LeaseKeeper::~LeaseKeeper() { stop(); }

void LeaseKeeper::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::string LeaseKeeper::refusal() const {
    std::lock_guard lock(mutex_);
    const std::string prefix = "lost the lease for instance " + lease_.instance + ": ";
    if (!lost_.empty()) return prefix + lost_;
    if (Clock::now() + margin_ >= valid_until_)
        return prefix + "could not renew it in time (" + (last_error_.empty() ? "no answer" : last_error_) +
               "); stopped before it could expire";
    return "";
}

void LeaseKeeper::run() {
    const auto period = std::max(std::chrono::milliseconds(50), duration_ / 3);
    auto next = Clock::now() + period;
    std::unique_lock lock(mutex_);
    while (!stop_ && lost_.empty()) {
        cv_.wait_until(lock, next, [this] { return stop_; });
        if (stop_) return;
        lock.unlock();
        const auto sent = Clock::now();
        std::string failure;
        bool held = true;
        try {
            held = group_.renew(lease_, duration_);
        } catch (const std::exception& e) {
            failure = e.what();
        }
        lock.lock();
        if (!failure.empty()) {
            if (last_error_.empty()) spdlog::warn("lease on instance {}: renewal failed, retrying: {}", lease_.instance, failure);
            last_error_ = failure;
            next = Clock::now() + std::max(std::chrono::milliseconds(50), period / 4);  // retry sooner
        } else if (!held) {
            lost_ = "another server holds it now, or it expired (token " + std::to_string(lease_.token) + ")";
            spdlog::error("lease on instance {} lost: {}", lease_.instance, lost_);
        } else {
            valid_until_ = sent + duration_;  // the queue restarted its countdown after `sent`
            last_error_.clear();
            next = sent + period;
        }
    }
}

}  // namespace qbt::worker
