// This server as a member of a group of qbt-rules servers sharing one queue (a backend
// with group support, e.g. Redis): recovery of jobs whose lease expired (at start and
// every lease/2), heartbeats (so /api/health shows the servers seen), and claims so a
// scheduled slot fires once per group.
#pragma once

#include "config/config.hpp"
#include "plugin/registry.hpp"
#include "queue/group_queue.hpp"

#include <chrono>
#include <condition_variable>
#include <ctime>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace qbt::worker {

class Worker;

// This server's heartbeat: {"instances":[...],"state","current_job","jobs_done","jobs_failed"}.
std::string heartbeat_info(const Worker& worker, const std::vector<std::string>& instances);

class GroupMember {
public:
    // Null when config.queue.backend has no group support (SQLite). Throws QueueError.
    static std::unique_ptr<GroupMember> create(const plugin::Registry& registry, const config::Config& config);
    ~GroupMember();  // stop()

    queue::GroupQueue& queue() { return *queue_; }
    const std::string& server_id() const { return server_id_; }
    std::chrono::milliseconds lease() const { return lease_; }

    // Recovers jobs whose lease expired (a live peer's job is left alone); returns how many.
    int recover_expired();
    // Heartbeats (info() is this server's JSON object) and periodic recovery, in a thread.
    void start(std::function<std::string()> info);
    void stop();
    // True when this server is the one to fire `slot` of the schedule entry `entry_key`.
    bool claim_slot(const std::string& entry_key, std::time_t slot);

private:
    GroupMember(std::unique_ptr<queue::GroupQueue> queue, std::string server_id, std::chrono::milliseconds lease,
                int max_attempts);
    void run(std::function<std::string()> info);

    std::unique_ptr<queue::GroupQueue> queue_;
    const std::string server_id_;
    const std::chrono::milliseconds lease_;
    const int max_attempts_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace qbt::worker
