// The group-support members of the Redis backend's qbt_queue_backend table (ABI 1.1):
// C functions around RedisQueue's group methods, turning sdk::Error into QBT_E_* codes.
#pragma once

#include "redis_queue.hpp"

#include <qbt/cpp/error.hpp>
#include <qbt/cpp/writer.hpp>
#include <qbt/queue_backend.h>

namespace qbt::queue_plugin::group_shims {

inline RedisQueue& queue(void* handle) { return *static_cast<RedisQueue*>(handle); }

inline int dequeue_leased(void* handle, const qbt_leased_dequeue_request* request, qbt_job_sink sink,
                          void* ctx, uint64_t* token, qbt_error* err) {
    return sdk::guard(err, [&] {
        auto job = queue(handle).dequeue_leased(*request);
        if (!job) return 0;
        if (token) *token = job->token;
        sink(ctx, job->document.data(), job->document.size());
        return 1;
    });
}

inline int renew_lease(void* handle, const qbt_lease* lease, int64_t lease_ms, qbt_error* err) {
    return sdk::guard(err, [&] {
        if (!queue(handle).renew_lease(*lease, lease_ms))
            throw sdk::Error(QBT_E_STATE, std::string("the lease on instance '") + lease->instance +
                                              "' is no longer held with token " + std::to_string(lease->token));
        return QBT_OK;
    });
}

inline int complete_leased(void* handle, const qbt_job* job, const qbt_lease* lease, qbt_error* err) {
    return sdk::guard(err, [&] {
        queue(handle).complete_leased(*job, *lease);
        return QBT_OK;
    });
}

inline int release_lease(void* handle, const qbt_lease* lease, qbt_error* err) {
    return sdk::guard(err, [&] {
        queue(handle).release_lease(*lease);
        return QBT_OK;
    });
}

inline int list_expired(void* handle, qbt_job_sink sink, void* ctx, qbt_error* err) {
    return sdk::guard(err, [&] {
        for (const auto& doc : queue(handle).list_expired())
            if (sink(ctx, doc.data(), doc.size()) < 0) break;
        return QBT_OK;
    });
}

inline int recover_expired(void* handle, const qbt_job* job, uint64_t expected_token, qbt_error* err) {
    return sdk::guard(err, [&] {
        queue(handle).recover_expired(*job, expected_token);
        return QBT_OK;
    });
}

inline int heartbeat(void* handle, const char* server_id, const char* info_json, int64_t ttl_ms,
                     qbt_error* err) {
    return sdk::guard(err, [&] {
        queue(handle).heartbeat(server_id, info_json, ttl_ms);
        return QBT_OK;
    });
}

inline int group_status(void* handle, qbt_write_fn write, void* ctx, qbt_error* err) {
    return sdk::guard(err, [&] {
        return sdk::write_all(write, ctx, queue(handle).group_status()) ? QBT_OK : QBT_E_IO;
    });
}

inline int claim_once(void* handle, const char* key, int64_t ttl_ms, qbt_error* err) {
    return sdk::guard(err, [&] { return queue(handle).claim_once(key, ttl_ms) ? 1 : 0; });
}

// `base` with every group member filled in, declared in its capabilities (ABI 1.2).
constexpr qbt_queue_backend with_group_support(qbt_queue_backend base) {
    base.capabilities |= QBT_QUEUE_GROUP;
    base.dequeue_leased = dequeue_leased;
    base.renew_lease = renew_lease;
    base.complete_leased = complete_leased;
    base.release_lease = release_lease;
    base.list_expired = list_expired;
    base.recover_expired = recover_expired;
    base.heartbeat = heartbeat;
    base.group_status = group_status;
    base.claim_once = claim_once;
    return base;
}

}  // namespace qbt::queue_plugin::group_shims
