// The Redis queue backend, on the seed's keys:
//   qbt_rules:queue:pending           LIST  ids waiting; LPUSH new, RPOPLPUSH oldest
//   qbt_rules:queue:processing        LIST  ids taken by a worker and not finished
//   qbt_rules:jobs:{id}               HASH  job_id context hash status created_at
//                                           started_at completed_at result error document
//   qbt_rules:jobs:status:{status}    SET   ids by status
//   qbt_rules:jobs:context:{context}  SET   ids by context
//   qbt_rules:jobs:by_time            ZSET  ids scored by created_at (unix microseconds)
//   qbt_rules:queue:deferred          ZSET  deferred pending ids (ABI 1.3) scored by their
//                                           not-before (unix microseconds); moved to the take
//                                           end of the pending list once due, by Redis's clock
//                                           (qbt_rules:queue:deferred:<instance> likewise)
// Group support (leases, heartbeats, claims; several servers on one Redis) adds the keys
// listed in redis_group_scripts.hpp; jobs of an instance other than "default" wait in
// qbt_rules:queue:pending:<instance>.
// Durability: as configured on the server (appendonly yes + appendfsync always for
// "acknowledged = on disk"; the default everysec may lose the last second).
#pragma once

#include "redis_pool.hpp"
#include "redis_scripts_by_sha.hpp"

#include <qbt/queue_backend.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace qbt::queue_plugin {

class RedisQueue {
public:
    RedisQueue(RedisUrl url, int timeout_ms);  // connects and pings; throws sdk::Error

    void enqueue(const qbt_job& job);
    // ABI 1.1: every job in one atomic script (all stored, or none and an error).
    void enqueue_many(const qbt_job* const* jobs, size_t count);
    std::optional<std::string> dequeue(const qbt_dequeue_request& request);
    void update(const qbt_job& job);
    uint64_t list(const qbt_job_filter& filter, const std::function<bool(const std::string&)>& sink);
    std::optional<std::string> get(const std::string& job_id);
    std::string cancel(const std::string& job_id, const char* now_iso);
    uint64_t cleanup(const std::string& older_than_iso);
    std::string stats();
    std::vector<std::string> orphans();
    void requeue(const qbt_job& job);
    void ping();
    // ABI 1.3 (QBT_QUEUE_DEFER): back to pending in the deferred ZSET until not_before_iso;
    // a leased job only under its token (fenced; the lease released).
    void defer(const qbt_job& job, const char* not_before_iso, const qbt_lease* lease);

    // Group support (redis_queue_group.cpp); see queue_backend.h for the contracts.
    struct LeasedJob {
        std::string document;
        uint64_t token = 0;
    };
    std::optional<LeasedJob> dequeue_leased(const qbt_leased_dequeue_request& request);
    bool renew_lease(const qbt_lease& lease, int64_t lease_ms);  // false: not held any more
    void complete_leased(const qbt_job& job, const qbt_lease& lease);
    void release_lease(const qbt_lease& lease);
    std::vector<std::string> list_expired();
    void recover_expired(const qbt_job& job, uint64_t expected_token);
    void heartbeat(const char* server_id, const char* info_json, int64_t ttl_ms);
    std::string group_status();
    bool claim_once(const char* key, int64_t ttl_ms);

private:
    Reply eval(const char* script, std::vector<std::string> args);
    Reply eval_text(std::string script, std::vector<std::string> args);
    std::optional<LeasedJob> try_take(const qbt_leased_dequeue_request& request);
    std::optional<std::string> take(RedisConnection& conn, int32_t timeout_ms);
    bool mark_processing(const std::string& job_id, const qbt_dequeue_request& request,
                         std::string& document);

    RedisPool pool_;
    ScriptsBySha scripts_;
};

}  // namespace qbt::queue_plugin
