// The host side of a queue backend's group support (ABI 1.1: dequeue_leased, leases,
// recovery of expired leases, heartbeats, group status, claim_once), for several
// qbt-rules servers sharing one queue. Opens its own handle on the same backend.
// Every method throws QueueError on a backend failure; "lost"/"fenced" answers are
// return values, not exceptions.
#pragma once

#include "config/config.hpp"
#include "plugin/registry.hpp"
#include "queue/job.hpp"
#include "queue/job_queue.hpp"

#include <qbt/queue_backend.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace qbt::queue {

struct Lease {
    std::string instance;   // "default" or a configured instance name
    std::string server_id;  // who holds it
    uint64_t token = 0;     // fencing token (grows with every lease taken)
};

struct LeasedJob {
    Job job;  // already "processing", with started_at, worker and lease_token
    Lease lease;
    // No later than when the lease was taken: its expiry in the queue counts from after it.
    std::chrono::steady_clock::time_point asked;
};

class GroupQueue {
public:
    // Null when the backend named by config.backend has no group support (e.g. SQLite).
    static std::unique_ptr<GroupQueue> open(const plugin::Registry& registry, const config::QueueConfig& config);
    ~GroupQueue();
    GroupQueue(const GroupQueue&) = delete;
    GroupQueue& operator=(const GroupQueue&) = delete;

    // The oldest pending job of one of `instances` whose lease is free, with its lease.
    std::optional<LeasedJob> dequeue(std::chrono::milliseconds timeout, const std::string& server_id,
                                     const std::vector<std::string>& instances, std::chrono::milliseconds lease);
    // False when the lease is no longer held with its token (expired or taken since).
    bool renew(const Lease& lease, std::chrono::milliseconds duration);
    // Stores the finished job and releases its lease; false when fenced out (another
    // server recovered the job meanwhile: nothing was stored).
    bool complete(const Job& job, const Lease& lease);
    void release(const Lease& lease);
    // ABI 1.3 (when the backend can defer): the leased job back to pending, not taken
    // before `not_before` (ISO), and its lease released; false when fenced out.
    bool defer(const Job& job, const Lease& lease, const std::string& not_before);
    // Processing jobs whose lease expired: re-queued while attempts < max_attempts, else
    // failed with a clear error (as JobQueue::recover_orphans). Each job is recovered by
    // exactly one server. Returns how many this call recovered.
    int recover_expired(int max_attempts);
    void heartbeat(const std::string& server_id, const std::string& info_json, std::chrono::milliseconds ttl);
    std::string status_json();  // {"servers":[...],"leases":{...},"pending":{...}}
    // True for the first claim of `key` in the group within ttl.
    bool claim_once(const std::string& key, std::chrono::milliseconds ttl);

private:
    GroupQueue(const qbt_queue_backend* backend, void* handle) : backend_(backend), handle_(handle) {}

    const qbt_queue_backend* backend_;
    void* handle_;
};

// What recovery does with a job left processing (shared with recover_orphans' wording):
// back to pending while attempts < max_attempts, else failed with the reason.
Job recovered(Job job, int max_attempts, const std::string& why);

}  // namespace qbt::queue
