/* The witness queue: listing, get, cancel, cleanup, stats, orphan recovery, ping, and the
 * backend table (every member of qbt_queue_backend, 1.2 settings and capabilities). */
#include "witness_queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int finished(const char* status) {
    return strcmp(status, QBT_JOB_COMPLETED) == 0 || strcmp(status, QBT_JOB_FAILED) == 0 ||
           strcmp(status, QBT_JOB_CANCELLED) == 0;
}

static int matches(const wq_job* job, const qbt_job_filter* filter) {
    if (filter->status && strcmp(job->status, filter->status) != 0) return 0;
    if (filter->context && strcmp(job->context, filter->context) != 0) return 0;
    /* 1.1 member, read only when the host's struct reaches it. */
    const char* instance = QBT_HAS_MEMBER(filter, qbt_job_filter, instance) ? filter->instance : NULL;
    return !instance || strcmp(job->instance, instance) == 0;
}

/* Newest first: created_at descending, then the later enqueued. */
static int newer_first(const void* a, const void* b) {
    const wq_job* x = *(const wq_job* const*)a;
    const wq_job* y = *(const wq_job* const*)b;
    const int by_time = strcmp(y->created_at, x->created_at);
    return by_time ? by_time : (y->order > x->order) - (y->order < x->order);
}

int wq_list_jobs(void* handle, const qbt_job_filter* filter, qbt_job_sink sink, void* ctx, uint64_t* total,
                 qbt_error* err) {
    wq_store* store = wq_store_of(handle);
    pthread_mutex_lock(&store->lock);
    const wq_job** hits = malloc((store->count + 1) * sizeof *hits);
    if (!hits) {
        pthread_mutex_unlock(&store->lock);
        return qbt_error_set(err, QBT_E_INTERNAL, "out of memory");
    }
    size_t n = 0;
    for (size_t i = 0; i < store->count; ++i)
        if (matches(&store->jobs[i], filter)) hits[n++] = &store->jobs[i];
    qsort(hits, n, sizeof *hits, newer_first);
    *total = n;
    for (uint64_t i = filter->offset; i < n && i < filter->offset + filter->limit; ++i)
        if (sink(ctx, hits[i]->doc, strlen(hits[i]->doc)) < 0) break;
    free(hits);
    pthread_mutex_unlock(&store->lock);
    return QBT_OK;
}

int wq_get_job(void* handle, const char* job_id, qbt_job_sink sink, void* ctx, qbt_error* err) {
    (void)err;
    wq_store* store = wq_store_of(handle);
    pthread_mutex_lock(&store->lock);
    const wq_job* job = wq_find(store, job_id, strlen(job_id));
    if (job) sink(ctx, job->doc, strlen(job->doc));
    pthread_mutex_unlock(&store->lock);
    return job ? 1 : 0;
}

int wq_cancel_job(void* handle, const char* job_id, const char* now_iso, qbt_job_sink sink, void* ctx, qbt_error* err) {
    wq_store* store = wq_store_of(handle);
    pthread_mutex_lock(&store->lock);
    wq_job* job = wq_find(store, job_id, strlen(job_id));
    int rc = QBT_OK;
    if (!job) {
        rc = qbt_error_set(err, QBT_E_NOT_FOUND, "no job %s", job_id);
    } else if (strcmp(job->status, QBT_JOB_PENDING) != 0) {
        rc = qbt_error_set(err, QBT_E_STATE, "job %s is %s", job_id, job->status);
    } else {
        char* quoted_status = json_quote(QBT_JOB_CANCELLED, strlen(QBT_JOB_CANCELLED));
        char* quoted_time = json_quote(now_iso, strlen(now_iso));
        char* doc = quoted_status ? json_set(job->doc, "status", quoted_status) : NULL;
        char* done = doc && quoted_time ? json_set(doc, "completed_at", quoted_time) : NULL;
        free(quoted_status), free(quoted_time), free(doc);
        rc = wq_replace_doc(job, done, QBT_JOB_CANCELLED);
        if (rc == QBT_OK) sink(ctx, job->doc, strlen(job->doc));
    }
    pthread_mutex_unlock(&store->lock);
    return rc;
}

int wq_cleanup(void* handle, const char* older_than_iso, uint64_t* removed, qbt_error* err) {
    (void)err;
    wq_store* store = wq_store_of(handle);
    pthread_mutex_lock(&store->lock);
    size_t kept = 0;
    *removed = 0;
    for (size_t i = 0; i < store->count; ++i) {
        wq_job* job = &store->jobs[i];
        if (finished(job->status) && strcmp(job->created_at, older_than_iso) < 0) {
            free(job->id), free(job->status), free(job->context), free(job->instance), free(job->created_at), free(job->doc);
            ++*removed;
        } else {
            store->jobs[kept++] = *job;
        }
    }
    store->count = kept;
    pthread_mutex_unlock(&store->lock);
    return QBT_OK;
}

int wq_stats(void* handle, qbt_write_fn write, void* ctx, qbt_error* err) {
    static const char* const statuses[] = {QBT_JOB_PENDING, QBT_JOB_PROCESSING, QBT_JOB_COMPLETED, QBT_JOB_FAILED,
                                           QBT_JOB_CANCELLED};
    wq_store* store = wq_store_of(handle);
    char out[2048];
    size_t n = 0;
    pthread_mutex_lock(&store->lock);
    for (int s = 0; s < 5; ++s) {
        int count = 0;
        for (size_t i = 0; i < store->count; ++i) count += strcmp(store->jobs[i].status, statuses[s]) == 0;
        n += (size_t)snprintf(out + n, sizeof out - n, "%s\"%s\":%d", s ? "," : "{", statuses[s], count);
    }
    n += (size_t)snprintf(out + n, sizeof out - n, ",\"backend\":\"witness\",\"settings\":%s}",
                          store->settings_json ? store->settings_json : "null");
    pthread_mutex_unlock(&store->lock);
    if (n >= sizeof out) return qbt_error_set(err, QBT_E_INTERNAL, "stats do not fit");
    return write(ctx, out, n) == 0 ? QBT_OK : qbt_error_set(err, QBT_E_IO, "the host's writer refused the stats");
}

/* Processing jobs of a dead process, oldest taken first. */
int wq_list_orphans(void* handle, qbt_job_sink sink, void* ctx, qbt_error* err) {
    (void)err;
    wq_store* store = wq_store_of(handle);
    pthread_mutex_lock(&store->lock);
    for (long long taken = -1;;) {
        const wq_job* next = NULL;
        for (size_t i = 0; i < store->count; ++i) {
            const wq_job* job = &store->jobs[i];
            if (strcmp(job->status, QBT_JOB_PROCESSING) == 0 && job->taken > taken && (!next || job->taken < next->taken))
                next = job;
        }
        if (!next || sink(ctx, next->doc, strlen(next->doc)) < 0) break;
        taken = next->taken;
    }
    pthread_mutex_unlock(&store->lock);
    return QBT_OK;
}

int wq_requeue(void* handle, const qbt_job* job, qbt_error* err) {
    wq_store* store = wq_store_of(handle);
    pthread_mutex_lock(&store->lock);
    wq_job* j = wq_find(store, job->job_id.data, job->job_id.size);
    int rc = j ? wq_replace_doc(j, wq_text(job->document, "{}"), QBT_JOB_PENDING) : QBT_E_NOT_FOUND;
    if (rc == QBT_OK) {
        j->order = --store->head_order;  /* back at the head */
        j->lease_token = 0;
        pthread_cond_broadcast(&store->arrived);
    }
    pthread_mutex_unlock(&store->lock);
    return rc == QBT_OK ? QBT_OK : qbt_error_set(err, rc, "requeue of job %.*s", (int)job->job_id.size, job->job_id.data);
}

int wq_ping(void* handle, qbt_error* err) {
    return wq_store_of(handle) ? QBT_OK : qbt_error_set(err, QBT_E_UNAVAILABLE, "no store");
}

const qbt_queue_backend witness_backend = {
    sizeof(qbt_queue_backend), "witness", "in memory, for the ABI test",
    wq_open, wq_close, wq_enqueue, wq_dequeue, wq_update, wq_list_jobs, wq_get_job, wq_cancel_job, wq_cleanup,
    wq_stats, wq_list_orphans, wq_requeue, wq_ping, wq_enqueue_many,
    wq_dequeue_leased, wq_renew_lease, wq_complete_leased, wq_release_lease, wq_list_expired, wq_recover_expired,
    wq_heartbeat, wq_group_status, wq_claim_once,
    QBT_QUEUE_GROUP, 5, wq_settings,
    /* 1.3 defer: left out on purpose: the witness is the third-party backend without
     * QBT_QUEUE_DEFER, which must keep working (the host then never waits). */
    NULL};
