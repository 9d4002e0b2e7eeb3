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
 * Threads: one handle is used from several threads at once (HTTP threads, the execute
 * committer, the worker, the lease keeper); every function must be thread-safe, whatever
 * the plugin's QBT_PLUGIN_THREAD_SAFE flag says (that flag is about operators and
 * actions, entry.h). open() and close() run on the thread that starts and stops the
 * server, with no other call on that handle in flight.
 *
 * Settings (1.2): a backend lists the `queue` config keys it reads (qbt_queue_setting);
 * users set them like any other key (config.yml `queue: {<name>: ...}`, env
 * QBT_RULES_QUEUE_<NAME> or QBT_RULES_QUEUE_<NAME>_FILE, --set queue.<name>=...), they
 * show in --show-config (masked when secret), and open() receives exactly them.
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

/* 1.2, qbt_queue_backend.capabilities: */
#define QBT_QUEUE_GROUP 0x1u /* group support: dequeue_leased ... claim_once all filled in;
                                several servers may share the queue */
#define QBT_QUEUE_DEFER 0x2u /* 1.3: defer() filled in; dequeue() (and dequeue_leased() with
                                QBT_QUEUE_GROUP) never hand out a job before its not-before */

/* 1.2: a setting of the `queue` config section that a backend reads. */
typedef int32_t qbt_setting_kind;
#define QBT_SETTING_TEXT 0    /* a string */
#define QBT_SETTING_PATH 1    /* a file path (string); a relative default is taken relative
                                 to the config dir, a path the user gives is used as written */
#define QBT_SETTING_INTEGER 2 /* int64 */
#define QBT_SETTING_NUMBER 3  /* double */
#define QBT_SETTING_BOOLEAN 4 /* true/false/yes/no/on/off/1/0 in config; a bool in open() */

/* qbt_queue_setting.flags: */
#define QBT_SETTING_SECRET 0x1u    /* never shown: --show-config masks it, errors do not quote
                                      it; a URL keeps all but its password */
#define QBT_SETTING_REQUIRED 0x2u  /* must be set (and not empty) when no default is given */
#define QBT_SETTING_DATA_PATH 0x4u /* (PATH) the file this backend keeps its data in on this
                                      machine: the host keeps its own local state (the
                                      schedule's state file) in the same directory. Without
                                      one, that state goes to the config dir. */

typedef struct qbt_queue_setting {
    uint32_t struct_size;       /* sizeof(qbt_queue_setting) */
    const char* name;           /* the key under `queue:`, [a-z0-9_]: "sqlite_path" */
    qbt_setting_kind kind;      /* QBT_SETTING_TEXT ... */
    uint32_t flags;             /* QBT_SETTING_* */
    const char* default_value;  /* as it would be written in config.yml; NULL = none (the
                                   key is then absent from open()'s object when unset) */
    const char* description;    /* one line, for --show-config and errors */
} qbt_queue_setting;

typedef struct qbt_queue_backend {
    uint32_t struct_size;   /* sizeof(qbt_queue_backend) */
    const char* name;       /* config value of queue.backend, e.g. "sqlite" */
    const char* description;

    /* Open a queue. `config` is an object holding the backend's settings (see
     * `settings`, 1.2): each declared setting that has a value (set, or its default), as
     * a string (TEXT, PATH), an int64 (INTEGER), a double (NUMBER) or a bool (BOOLEAN).
     * A backend of a plugin built before 1.2 receives the 1.1 section instead: backend,
     * sqlite_path, sqlite_synchronous, redis_url (strings) and cleanup_after (seconds).
     * On success *handle is set. Creates or migrates storage as needed. */
    int (*open)(const qbt_value* config, void** handle, qbt_error* err);
    void (*close)(void* handle);

    /* Store a new pending job. Once this returns QBT_OK the job is durable to the
     * level the backend documents (the host acknowledges with 202 only after it). */
    int (*enqueue)(void* handle, const qbt_job* job, qbt_error* err);

    /* Take the oldest pending job, atomically (no job is ever handed out twice), and in
     * the same atomic step mark it started: status "processing", "started_at" and
     * "worker" from the request, and COUNT THE ATTEMPT: "attempts" = the stored value + 1
     * (absent = 0). Restart recovery depends on the count: list_orphans() hands the host
     * the jobs a dead process left processing, and the host re-queues one only while its
     * attempts < queue.max_attempts, so a job that kills the server is not re-run forever.
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

    /* 1.2: what this backend can do beyond the functions every backend has (QBT_QUEUE_*).
     * Checked at load against the functions filled in (a mismatch refuses the backend).
     * A backend of a plugin built before 1.2 reads as QBT_QUEUE_GROUP when it fills every
     * group-support function. */
    uint32_t capabilities;

    /* 1.2: the `queue` config keys this backend reads, `setting_count` pointers (NULL
     * when 0). open() receives exactly these; a key under `queue:` that neither the host
     * nor the selected backend knows is a configuration error, as any unknown key. */
    uint32_t setting_count;
    const qbt_queue_setting* const* settings;

    /* 1.3, deferred jobs (QBT_QUEUE_DEFER; NULL = absent: the host then never waits and
     * runs such a job at once, saying why in its result). Puts a job that is processing
     * back to pending with `job`'s document (the host's: it says why the job waits, and
     * takes back the attempt the dequeue counted, so waiting is never a failed attempt),
     * atomically, not to be handed out before `not_before_iso` (ISO 8601 UTC as
     * everywhere; the backend compares it with its own clock). Until then dequeue() and
     * dequeue_leased() pass over it and hand out the jobs behind it; once due it is taken
     * before jobs stored after it (oldest due job first). It stays pending in storage with
     * its not-before (a restart, even after kill -9, keeps both), list/get/stats see it as
     * pending, cancel_job() cancels it, update() and requeue() end the wait.
     * lease NULL: the job must be processing (QBT_E_STATE otherwise, nothing changed).
     * lease given (a job of dequeue_leased()): fenced like complete_leased(): applied only
     * while the job is still processing under lease->token, and that lease is released;
     * QBT_E_STATE when fenced out. QBT_E_NOT_FOUND for an unknown id. Thread-safe like
     * every member; `job` and `lease` are borrowed for the call. */
    int (*defer)(void* handle, const qbt_job* job, const char* not_before_iso, const qbt_lease* lease,
                 qbt_error* err);
} qbt_queue_backend;

typedef struct qbt_queue_backend_factory {
    uint32_t struct_size;
    uint32_t count;
    const qbt_queue_backend* const* backends;
} qbt_queue_backend_factory;

QBT_END_DECLS

#endif
