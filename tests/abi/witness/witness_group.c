/* The witness queue's group support (ABI 1.1, declared with QBT_QUEUE_GROUP in 1.2):
 * instance leases with fencing tokens, fenced completion, recovery of expired leases,
 * heartbeats, the group's status and one-time claims, all in the in-memory store. */
#include "witness_queue.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

wq_lease* wq_lease_of(wq_store* store, const char* instance) {
    for (size_t i = 0; i < store->lease_count; ++i)
        if (strcmp(store->leases[i].instance, instance) == 0) return &store->leases[i];
    return NULL;
}

int wq_lease_live(const wq_lease* lease) { return lease && lease->token && lease->expires_ms > wq_now_ms(); }

static wq_lease* new_lease(wq_store* store, const char* instance) {
    wq_lease* lease = wq_lease_of(store, instance);
    if (lease) return lease;
    wq_lease* grown = realloc(store->leases, (store->lease_count + 1) * sizeof *grown);
    if (!grown) return NULL;
    store->leases = grown;
    lease = &store->leases[store->lease_count++];
    memset(lease, 0, sizeof *lease);
    lease->instance = witness_strdup(instance);
    return lease;
}

static void drop_lease(wq_lease* lease) {
    free(lease->server);
    lease->server = NULL;
    lease->token = 0;
    lease->expires_ms = 0;
}

static int serves(const qbt_leased_dequeue_request* request, const char* instance) {
    for (uint32_t i = 0; i < request->instance_count; ++i)
        if (strcmp(request->instances[i], instance) == 0) return 1;
    return 0;
}

static wq_job* oldest_free(wq_store* store, const qbt_leased_dequeue_request* request) {
    wq_job* best = NULL;
    for (size_t i = 0; i < store->count; ++i) {
        wq_job* job = &store->jobs[i];
        if (strcmp(job->status, QBT_JOB_PENDING) != 0 || !serves(request, job->instance)) continue;
        if (wq_lease_live(wq_lease_of(store, job->instance))) continue;
        if (!best || job->order < best->order) best = job;
    }
    return best;
}

int wq_dequeue_leased(void* handle, const qbt_leased_dequeue_request* request, qbt_job_sink sink, void* ctx,
                      uint64_t* token, qbt_error* err) {
    wq_store* store = wq_store_of(handle);
    const long long deadline = wq_now_ms() + request->timeout_ms;
    pthread_mutex_lock(&store->lock);
    wq_job* job;
    /* A lease frees by time, not by a signal: look again every 20 ms. */
    while (!(job = oldest_free(store, request)) && wq_now_ms() < deadline) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 20000000L;
        if (until.tv_nsec >= 1000000000L) until.tv_sec += 1, until.tv_nsec -= 1000000000L;
        pthread_cond_timedwait(&store->arrived, &store->lock, &until);
    }
    int rc = 0;
    if (job) {
        wq_lease* lease = new_lease(store, job->instance);
        char text[32];
        if (!lease) {
            rc = QBT_E_INTERNAL;
        } else {
            free(lease->server);
            lease->server = witness_strdup(request->server_id);
            lease->token = ++store->next_token;
            lease->expires_ms = wq_now_ms() + request->lease_ms;
            job->lease_token = lease->token;
            sprintf(text, "%llu", lease->token);
            char* doc = json_set(job->doc, "lease_token", text);
            rc = wq_replace_doc(job, doc, job->status);
            if (rc == QBT_OK) rc = wq_take(store, job, request->started_at, request->server_id, sink, ctx);
            *token = lease->token;
        }
    }
    pthread_mutex_unlock(&store->lock);
    if (rc < 0) return qbt_error_set(err, rc, "could not take a job");
    return job ? 1 : 0;
}

int wq_renew_lease(void* handle, const qbt_lease* lease, int64_t lease_ms, qbt_error* err) {
    wq_store* store = wq_store_of(handle);
    pthread_mutex_lock(&store->lock);
    wq_lease* held = wq_lease_of(store, lease->instance);
    const int ok = wq_lease_live(held) && held->token == lease->token;
    if (ok) held->expires_ms = wq_now_ms() + lease_ms;
    pthread_mutex_unlock(&store->lock);
    return ok ? QBT_OK : qbt_error_set(err, QBT_E_STATE, "lease of %s is no longer held with token %llu",
                                       lease->instance, (unsigned long long)lease->token);
}

int wq_complete_leased(void* handle, const qbt_job* job, const qbt_lease* lease, qbt_error* err) {
    wq_store* store = wq_store_of(handle);
    pthread_mutex_lock(&store->lock);
    wq_job* j = wq_find(store, job->job_id.data, job->job_id.size);
    int rc = QBT_OK;
    if (!j) {
        rc = qbt_error_set(err, QBT_E_NOT_FOUND, "no job %.*s", (int)job->job_id.size, job->job_id.data);
    } else if (strcmp(j->status, QBT_JOB_PROCESSING) != 0 || j->lease_token != lease->token) {
        rc = qbt_error_set(err, QBT_E_STATE, "job %s is no longer ours (fenced)", j->id);
    } else {
        char* status = wq_text(job->status, "");
        rc = wq_replace_doc(j, wq_text(job->document, "{}"), status ? status : "");
        free(status);
        wq_lease* held = wq_lease_of(store, lease->instance);
        if (held && held->token == lease->token) drop_lease(held);
    }
    pthread_mutex_unlock(&store->lock);
    return rc;
}

int wq_release_lease(void* handle, const qbt_lease* lease, qbt_error* err) {
    (void)err;
    wq_store* store = wq_store_of(handle);
    pthread_mutex_lock(&store->lock);
    wq_lease* held = wq_lease_of(store, lease->instance);
    if (held && held->token == lease->token) drop_lease(held);
    pthread_mutex_unlock(&store->lock);
    return QBT_OK;
}

static int lease_gone(wq_store* store, const wq_job* job) {
    const wq_lease* held = wq_lease_of(store, job->instance);
    return job->lease_token == 0 || !wq_lease_live(held) || held->token != job->lease_token;
}

int wq_list_expired(void* handle, qbt_job_sink sink, void* ctx, qbt_error* err) {
    (void)err;
    wq_store* store = wq_store_of(handle);
    pthread_mutex_lock(&store->lock);
    for (size_t i = 0; i < store->count; ++i) {
        const wq_job* job = &store->jobs[i];
        if (strcmp(job->status, QBT_JOB_PROCESSING) == 0 && lease_gone(store, job) &&
            sink(ctx, job->doc, strlen(job->doc)) < 0)
            break;
    }
    pthread_mutex_unlock(&store->lock);
    return QBT_OK;
}

int wq_recover_expired(void* handle, const qbt_job* job, uint64_t expected_token, qbt_error* err) {
    wq_store* store = wq_store_of(handle);
    pthread_mutex_lock(&store->lock);
    wq_job* j = wq_find(store, job->job_id.data, job->job_id.size);
    int rc = QBT_OK;
    if (!j || strcmp(j->status, QBT_JOB_PROCESSING) != 0 || j->lease_token != expected_token || !lease_gone(store, j)) {
        rc = qbt_error_set(err, QBT_E_STATE, "job %.*s is not an expired job under token %llu (recovered already?)",
                           (int)job->job_id.size, job->job_id.data, (unsigned long long)expected_token);
    } else {
        char* status = wq_text(job->status, "");
        rc = wq_replace_doc(j, wq_text(job->document, "{}"), status ? status : "");
        free(status);
        j->lease_token = 0;
        if (rc == QBT_OK && strcmp(j->status, QBT_JOB_PENDING) == 0) {
            j->order = --store->head_order;
            pthread_cond_broadcast(&store->arrived);
        }
    }
    pthread_mutex_unlock(&store->lock);
    return rc;
}

static wq_named* named(wq_named** list, size_t* count, const char* name) {
    for (size_t i = 0; i < *count; ++i)
        if (strcmp((*list)[i].name, name) == 0) return &(*list)[i];
    wq_named* grown = realloc(*list, (*count + 1) * sizeof *grown);
    if (!grown) return NULL;
    *list = grown;
    wq_named* entry = &grown[(*count)++];
    memset(entry, 0, sizeof *entry);
    entry->name = witness_strdup(name);
    return entry;
}

int wq_heartbeat(void* handle, const char* server_id, const char* info_json, int64_t ttl_ms, qbt_error* err) {
    wq_store* store = wq_store_of(handle);
    pthread_mutex_lock(&store->lock);
    wq_named* server = named(&store->servers, &store->server_count, server_id);
    if (server) {
        free(server->text);
        server->text = witness_strdup(info_json);
        server->seen_ms = wq_now_ms();
        server->expires_ms = server->seen_ms + ttl_ms;
    }
    pthread_mutex_unlock(&store->lock);
    return server ? QBT_OK : qbt_error_set(err, QBT_E_INTERNAL, "out of memory");
}

int wq_claim_once(void* handle, const char* key, int64_t ttl_ms, qbt_error* err) {
    wq_store* store = wq_store_of(handle);
    pthread_mutex_lock(&store->lock);
    wq_named* claim = named(&store->claims, &store->claim_count, key);
    const long long now = wq_now_ms();
    const int first = claim && claim->expires_ms <= now;
    if (first) claim->expires_ms = now + ttl_ms;
    pthread_mutex_unlock(&store->lock);
    return claim ? first : qbt_error_set(err, QBT_E_INTERNAL, "out of memory");
}
