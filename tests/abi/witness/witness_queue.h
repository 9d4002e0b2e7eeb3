/* The witness queue's in-memory store, shared by witness_queue.c and witness_group.c.
 * One store per witness_dir setting, kept for the life of the process: closing and
 * opening again (a "restart" in the tests) finds the jobs where they were. */
#ifndef WITNESS_QUEUE_H
#define WITNESS_QUEUE_H

#include "witness.h"

#include <pthread.h>
#include <stdint.h>

typedef struct wq_job {
    char* id;
    char* status;
    char* context;     /* "" = none */
    char* instance;    /* "default" when the host sent none */
    char* created_at;
    char* doc;
    long long order;   /* pending order: smaller first; requeue goes below every other */
    long long taken;   /* when it was last taken (orphans are listed in that order) */
    unsigned long long lease_token;  /* the lease it runs under (group), 0 = none */
} wq_job;

typedef struct wq_lease {
    char* instance;
    char* server;
    unsigned long long token;
    long long expires_ms;
} wq_lease;

typedef struct wq_named {  /* a heartbeat (text = info JSON) or a claim (text unused) */
    char* name;
    char* text;
    long long expires_ms;
    long long seen_ms;
} wq_named;

typedef struct wq_store {
    char* dir;
    pthread_mutex_t lock;
    pthread_cond_t arrived;
    wq_job* jobs;
    size_t count, capacity;
    long long next_order, head_order, next_taken;
    unsigned long long next_token;
    wq_lease* leases;
    size_t lease_count;
    wq_named* servers;
    size_t server_count;
    wq_named* claims;
    size_t claim_count;
    char* settings_json;  /* what open() received, echoed by stats() */
    struct wq_store* next;
} wq_store;

typedef struct wq_handle {
    wq_store* store;
} wq_handle;

wq_store* wq_store_of(void* handle);
long long wq_now_ms(void);
char* wq_text(qbt_string s, const char* fallback);  /* malloc'd; `fallback` when empty */
wq_job* wq_find(wq_store* store, const char* id, size_t size);
int wq_replace_doc(wq_job* job, char* doc, const char* status);  /* takes doc; 0 or QBT_E_INTERNAL */
/* Marks a pending job taken: processing, started_at, worker, attempts + 1; the new doc to sink. */
int wq_take(wq_store* store, wq_job* job, const char* started_at, const char* worker, qbt_job_sink sink, void* ctx);
wq_lease* wq_lease_of(wq_store* store, const char* instance);
int wq_lease_live(const wq_lease* lease);

/* The backend's functions, by file. */
extern const qbt_queue_setting* const wq_settings[5];
int wq_open(const qbt_value* config, void** handle, qbt_error* err);                 /* witness_queue.c */
void wq_close(void* handle);
int wq_enqueue(void* handle, const qbt_job* job, qbt_error* err);
int wq_enqueue_many(void* handle, const qbt_job* const* jobs, size_t count, qbt_error* err);
int wq_dequeue(void* handle, const qbt_dequeue_request* request, qbt_job_sink sink, void* ctx, qbt_error* err);
int wq_update(void* handle, const qbt_job* job, qbt_error* err);
int wq_list_jobs(void* handle, const qbt_job_filter* filter, qbt_job_sink sink, void* ctx, uint64_t* total,
                 qbt_error* err);                                                     /* witness_queue_read.c */
int wq_get_job(void* handle, const char* job_id, qbt_job_sink sink, void* ctx, qbt_error* err);
int wq_cancel_job(void* handle, const char* job_id, const char* now_iso, qbt_job_sink sink, void* ctx, qbt_error* err);
int wq_cleanup(void* handle, const char* older_than_iso, uint64_t* removed, qbt_error* err);
int wq_stats(void* handle, qbt_write_fn write, void* ctx, qbt_error* err);
int wq_list_orphans(void* handle, qbt_job_sink sink, void* ctx, qbt_error* err);
int wq_requeue(void* handle, const qbt_job* job, qbt_error* err);
int wq_ping(void* handle, qbt_error* err);
int wq_dequeue_leased(void* handle, const qbt_leased_dequeue_request* request, qbt_job_sink sink, void* ctx,
                      uint64_t* token, qbt_error* err);                                /* witness_group.c */
int wq_renew_lease(void* handle, const qbt_lease* lease, int64_t lease_ms, qbt_error* err);
int wq_complete_leased(void* handle, const qbt_job* job, const qbt_lease* lease, qbt_error* err);
int wq_release_lease(void* handle, const qbt_lease* lease, qbt_error* err);
int wq_list_expired(void* handle, qbt_job_sink sink, void* ctx, qbt_error* err);
int wq_recover_expired(void* handle, const qbt_job* job, uint64_t expected_token, qbt_error* err);
int wq_heartbeat(void* handle, const char* server_id, const char* info_json, int64_t ttl_ms, qbt_error* err);
int wq_group_status(void* handle, qbt_write_fn write, void* ctx, qbt_error* err);
int wq_claim_once(void* handle, const char* key, int64_t ttl_ms, qbt_error* err);

#endif
