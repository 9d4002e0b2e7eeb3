/* Queue backends: where jobs wait and are recorded ("qbt.queue-backend/1").
 *
 * A job crosses the ABI as a JSON document (the job object of the HTTP API:
 * job_id, context, hash, status, created_at, started_at, completed_at, result, error,
 * plus any fields added later) together with the few fields a backend indexes,
 * copied out of the document for convenience. Backends must store the document
 * verbatim and return it verbatim, so new job fields need no ABI change.
 * Timestamps are ISO 8601 UTC with microseconds ("2024-01-15T10:30:00.123456Z"),
 * which sort lexically in time order.
 *
 * Threading: one handle is used from several threads at once (HTTP threads and the
 * worker); every function must be thread-safe.
 */
#ifndef QBT_QUEUE_BACKEND_H
#define QBT_QUEUE_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "export.h"
#include "host.h"
#include "value.h"

QBT_BEGIN_DECLS

#define QBT_QUEUE_BACKEND_FACTORY_ID "qbt.queue-backend/1"

/* Job states, as the strings stored in `status`. */
#define QBT_JOB_PENDING "pending"
#define QBT_JOB_PROCESSING "processing"
#define QBT_JOB_COMPLETED "completed"
#define QBT_JOB_FAILED "failed"
#define QBT_JOB_CANCELLED "cancelled"

/* A job as handed to a backend. Borrowed for the call. */
typedef struct qbt_job {
    uint32_t struct_size;   /* sizeof(qbt_job) */
    qbt_string job_id;
    qbt_string status;
    qbt_string context;     /* size 0 = none */
    qbt_string hash;        /* size 0 = none */
    qbt_string created_at;
    qbt_string document;    /* the whole job as a JSON object */
    /* 1.1: the qBittorrent instance the job is for (the document's "instance");
     * size 0 = "default". Read it only when QBT_HAS_MEMBER(job, qbt_job, instance). */
    qbt_string instance;
} qbt_job;

/* Receives one job's JSON document from the backend (borrowed for the call).
 * Return 0 to continue, negative to stop. */
typedef int (*qbt_job_sink)(void* sink_ctx, const char* document, size_t size);

typedef struct qbt_job_filter {
    uint32_t struct_size;   /* sizeof(qbt_job_filter) */
    const char* status;     /* NULL = any */
    const char* context;    /* NULL = any */
    uint32_t limit;         /* the host clamps; 0 = count only */
    uint64_t offset;
    /* 1.1: only jobs of this qBittorrent instance ("default" also matches jobs stored
     * without one); NULL = any. Read it only when QBT_HAS_MEMBER(filter, qbt_job_filter,
     * instance). */
    const char* instance;
} qbt_job_filter;

/* How a dequeue marks its job: the backend sets status "processing" and merges
 * these values into the stored document atomically with taking the job. */
typedef struct qbt_dequeue_request {
    uint32_t struct_size;   /* sizeof(qbt_dequeue_request) */
    int32_t timeout_ms;     /* block up to this long for a job; 0 = don't block */
    const char* started_at; /* ISO timestamp to store in started_at */
    const char* worker_id;  /* who took it, stored as "worker" */
} qbt_dequeue_request;

/* 1.1, group support: a lease on one qBittorrent instance. While a job runs, its
 * instance's lease is held by the server running it, so at most one job per instance
 * runs at a time across every server sharing the queue. A lease expires lease_ms after
 * it was taken or last renewed; every new lease gets a fencing token greater than all
 * earlier ones (of any instance). */
typedef struct qbt_lease {
    uint32_t struct_size;   /* sizeof(qbt_lease) */
    const char* instance;   /* "default", or a configured instance name */
    const char* server_id;  /* the server holding it */
    uint64_t token;         /* fencing token */
} qbt_lease;

/* 1.1: how dequeue_leased() takes a job. */
typedef struct qbt_leased_dequeue_request {
    uint32_t struct_size;          /* sizeof(qbt_leased_dequeue_request) */
    int32_t timeout_ms;            /* block up to this long for a job; 0 = don't block */
    const char* started_at;        /* ISO timestamp to store in started_at */
    const char* server_id;         /* stored as "worker" and as the lease holder */
    const char* const* instances;  /* the instances this server serves */
    uint32_t instance_count;
    int64_t lease_ms;              /* how long the new lease lasts unless renewed */
} qbt_leased_dequeue_request;

typedef struct qbt_queue_backend {
    uint32_t struct_size;   /* sizeof(qbt_queue_backend) */
    const char* name;       /* config value of queue.backend, e.g. "sqlite" */
    const char* description;

    /* Open a queue. `config` is the `queue` config section as an object (keys such as
     * sqlite_path, redis_url, sqlite_synchronous). On success *handle is set.
     * Creates or migrates storage as needed. */
    int (*open)(const qbt_value* config, void** handle, qbt_error* err);
    void (*close)(void* handle);

    /* Store a new pending job. Once this returns QBT_OK the job is durable to the
     * level the backend documents (the host acknowledges with 202 only after it). */
    int (*enqueue)(void* handle, const qbt_job* job, qbt_error* err);

    /* Take the oldest pending job, atomically (no job is ever handed out twice).
     * Returns 1 and calls sink with the updated document, or 0 on timeout. */
    int (*dequeue)(void* handle, const qbt_dequeue_request* request, qbt_job_sink sink,
                   void* sink_ctx, qbt_error* err);

    /* Replace a job's document and its indexed status (e.g. completed + result).
     * QBT_E_NOT_FOUND for an unknown id. */
    int (*update)(void* handle, const qbt_job* job, qbt_error* err);

    /* List jobs newest first (created_at descending), filtered; *total receives how
     * many jobs match the filter (ignoring limit/offset). */
    int (*list_jobs)(void* handle, const qbt_job_filter* filter, qbt_job_sink sink,
                     void* sink_ctx, uint64_t* total, qbt_error* err);

    /* Returns 1 and calls sink when found, 0 when not. */
    int (*get_job)(void* handle, const char* job_id, qbt_job_sink sink, void* sink_ctx,
                   qbt_error* err);

    /* Cancel a pending job atomically: status "cancelled", completed_at = now_iso.
     * Returns QBT_OK and calls sink with the new document; QBT_E_NOT_FOUND;
     * QBT_E_STATE when the job is not pending (message says its status). */
    int (*cancel_job)(void* handle, const char* job_id, const char* now_iso,
                      qbt_job_sink sink, void* sink_ctx, qbt_error* err);

    /* Delete finished (completed/failed/cancelled) jobs created before
     * `older_than_iso`; *removed receives the count. */
    int (*cleanup)(void* handle, const char* older_than_iso, uint64_t* removed, qbt_error* err);

    /* Write a JSON object {"pending":n,"processing":n,"completed":n,"failed":n,
     * "cancelled":n, ...backend extras} through `write`. */
    int (*stats)(void* handle, qbt_write_fn write, void* writer_ctx, qbt_error* err);

    /* Jobs left "processing" by a process that died: each is handed to sink; the host
     * decides (re-queue or fail) and calls requeue() or update(). Called once at
     * start, before the worker runs. */
    int (*list_orphans)(void* handle, qbt_job_sink sink, void* sink_ctx, qbt_error* err);

    /* Put a job back at the head of the pending queue with the given document. */
    int (*requeue)(void* handle, const qbt_job* job, qbt_error* err);

    /* Cheap liveness check (QBT_OK or QBT_E_UNAVAILABLE with a reason). */
    int (*ping)(void* handle, qbt_error* err);

    /* 1.1: store `count` new pending jobs at once, all or none (one transaction where the
     * backend has them), in array order; durability as for enqueue(). NULL (or a
     * struct_size that does not reach it) = absent: the host calls enqueue() per job.
     * An array of pointers, so a qbt_job that grows later keeps the stride right. */
    int (*enqueue_many)(void* handle, const qbt_job* const* jobs, size_t count, qbt_error* err);

    /* 1.1, group support (several servers on one queue; see qbt_lease). A backend fills
     * in all of the following or none; NULL = no group support (SQLite): the host then
     * runs its single worker with dequeue()/update() and list_orphans() at start. */

    /* Take the oldest pending job among request->instances whose instance lease is
     * free, atomically with taking that lease (new token, holder server_id) and marking
     * the job processing (status, started_at, "worker", attempts + 1, "lease_token").
     * Returns 1, calls sink with the new document and sets *token; 0 on timeout. */
    int (*dequeue_leased)(void* handle, const qbt_leased_dequeue_request* request,
                          qbt_job_sink sink, void* sink_ctx, uint64_t* token, qbt_error* err);

    /* Extend a lease held with lease->token to lease_ms from now. QBT_E_STATE when it is
     * no longer held with that token (expired, or taken since). */
    int (*renew_lease)(void* handle, const qbt_lease* lease, int64_t lease_ms, qbt_error* err);

    /* Record a leased job's final document, fenced: stored only while the job is still
     * processing under lease->token (not recovered by another server meanwhile); the
     * lease is released when still held with that token. QBT_E_STATE when fenced out
     * (nothing changed); QBT_E_NOT_FOUND for an unknown id. */
    int (*complete_leased)(void* handle, const qbt_job* job, const qbt_lease* lease,
                           qbt_error* err);

    /* Give up a lease held with lease->token (nothing happens when it is not). */
    int (*release_lease)(void* handle, const qbt_lease* lease, qbt_error* err);

    /* Processing jobs whose lease has expired (or that never had one): each document to
     * sink. The host decides (re-queue or fail) and calls recover_expired() per job. */
    int (*list_expired)(void* handle, qbt_job_sink sink, void* sink_ctx, qbt_error* err);

    /* Apply the host's recovery of one job from list_expired(): `job` is its new document,
     * pending (back at the head of its instance's queue) or failed. Atomic and applied
     * only while the job is still processing under expected_token (0 = it had none) and
     * that lease is not held: QBT_E_STATE otherwise (e.g. another server recovered it). */
    int (*recover_expired)(void* handle, const qbt_job* job, uint64_t expected_token,
                           qbt_error* err);

    /* Announce a live server: info_json (a JSON object) is shown by group_status() until
     * ttl_ms after the last heartbeat. */
    int (*heartbeat)(void* handle, const char* server_id, const char* info_json,
                     int64_t ttl_ms, qbt_error* err);

    /* Write {"servers":[{"id","info","last_seen_ms_ago"}...], "leases":{instance:
     * {"server","job_id","token","expires_in_ms"}}, "pending":{instance:n}} through write. */
    int (*group_status)(void* handle, qbt_write_fn write, void* writer_ctx, qbt_error* err);

    /* Returns 1 when this call is the first to claim `key` within ttl_ms across the
     * group (e.g. one scheduled slot), 0 when another call already claimed it. */
    int (*claim_once)(void* handle, const char* key, int64_t ttl_ms, qbt_error* err);
} qbt_queue_backend;

typedef struct qbt_queue_backend_factory {
    uint32_t struct_size;
    uint32_t count;
    const qbt_queue_backend* const* backends;
} qbt_queue_backend_factory;

QBT_END_DECLS

#endif
