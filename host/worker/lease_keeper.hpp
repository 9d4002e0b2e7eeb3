// Keeps one job's instance lease while the job runs: a thread renews it every lease/3.
// refusal() says when the job must stop calling qBittorrent: at once when the lease was
// lost (another server holds it, or it expired), and otherwise as soon as the last
// successful renewal is about to run out (the queue is unreachable), a margin BEFORE the
// lease can expire in the queue, so no other server can start on the instance while
// this one still sends calls. (A call already in flight then may still be answered.)
#pragma once

#include "queue/group_queue.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace qbt::worker {

class LeaseKeeper {
public:
    using Clock = std::chrono::steady_clock;

    // `taken_at`: a time no later than when the lease was taken (its expiry counts from then).
    LeaseKeeper(queue::GroupQueue& group, queue::Lease lease, std::chrono::milliseconds duration,
                Clock::time_point taken_at);
    ~LeaseKeeper();  // stop()
    LeaseKeeper(const LeaseKeeper&) = delete;
    LeaseKeeper& operator=(const LeaseKeeper&) = delete;

    // "" while calls may go on; else "lost the lease for instance X: why".
    std::string refusal() const;
    void stop();

private:
    void run();

    queue::GroupQueue& group_;
    const queue::Lease lease_;
    const std::chrono::milliseconds duration_;
    const std::chrono::milliseconds margin_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false;
    Clock::time_point valid_until_;  // when the lease may expire in the queue, at the earliest
    std::string lost_;               // why, once the lease is lost for good
    std::string last_error_;         // the last renewal failure (queue unreachable)
    std::thread thread_;
};

}  // namespace qbt::worker
