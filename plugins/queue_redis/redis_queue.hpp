// The Redis queue backend, on the seed's keys:
//   qbt_rules:queue:pending           LIST  ids waiting; LPUSH new, RPOPLPUSH oldest
//   qbt_rules:queue:processing        LIST  ids taken by a worker and not finished
//   qbt_rules:jobs:{id}               HASH  job_id context hash status created_at
//                                           started_at completed_at result error document
//   qbt_rules:jobs:status:{status}    SET   ids by status
//   qbt_rules:jobs:context:{context}  SET   ids by context
//   qbt_rules:jobs:by_time            ZSET  ids scored by created_at (unix microseconds)
// Durability: as configured on the server (appendonly yes + appendfsync always for
// "acknowledged = on disk"; the default everysec may lose the last second).
#pragma once

#include "redis_pool.hpp"

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

private:
    Reply eval(const char* script, std::vector<std::string> args);
    std::optional<std::string> take(RedisConnection& conn, int32_t timeout_ms);
    bool mark_processing(const std::string& job_id, const qbt_dequeue_request& request,
                         std::string& document);

    RedisPool pool_;
};

}  // namespace qbt::queue_plugin
