/* group_status(): {"servers":[...], "leases":{...}, "pending":{...}} as queue_backend.h spells it. */
#include "witness_queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct text {
    char* data;
    size_t size, capacity;
} text;

static void put(text* t, const char* piece) {
    const size_t n = strlen(piece);
    if (t->size + n + 1 > t->capacity) {
        size_t capacity = (t->size + n + 1) * 2;
        char* grown = realloc(t->data, capacity);
        if (!grown) return;
        t->data = grown;
        t->capacity = capacity;
    }
    memcpy(t->data + t->size, piece, n + 1);
    t->size += n;
}

static void put_quoted(text* t, const char* raw) {
    char* quoted = json_quote(raw, strlen(raw));
    if (quoted) put(t, quoted);
    free(quoted);
}

static const char* job_of_lease(wq_store* store, const wq_lease* lease) {
    for (size_t i = 0; i < store->count; ++i)
        if (store->jobs[i].lease_token == lease->token && strcmp(store->jobs[i].status, QBT_JOB_PROCESSING) == 0)
            return store->jobs[i].id;
    return "";
}

int wq_group_status(void* handle, qbt_write_fn write, void* ctx, qbt_error* err) {
    wq_store* store = wq_store_of(handle);
    text t = {NULL, 0, 0};
    char number[64];
    const long long now = wq_now_ms();
    pthread_mutex_lock(&store->lock);
    put(&t, "{\"servers\":[");
    int first = 1;
    for (size_t i = 0; i < store->server_count; ++i) {
        const wq_named* s = &store->servers[i];
        if (s->expires_ms <= now) continue;
        put(&t, first ? "{\"id\":" : ",{\"id\":");
        put_quoted(&t, s->name);
        put(&t, ",\"info\":");
        put(&t, s->text && s->text[0] ? s->text : "{}");
        sprintf(number, ",\"last_seen_ms_ago\":%lld}", now - s->seen_ms);
        put(&t, number);
        first = 0;
    }
    put(&t, "],\"leases\":{");
    first = 1;
    for (size_t i = 0; i < store->lease_count; ++i) {
        const wq_lease* lease = &store->leases[i];
        if (!wq_lease_live(lease)) continue;
        if (!first) put(&t, ",");
        put_quoted(&t, lease->instance);
        put(&t, ":{\"server\":");
        put_quoted(&t, lease->server);
        put(&t, ",\"job_id\":");
        put_quoted(&t, job_of_lease(store, lease));
        sprintf(number, ",\"token\":%llu,\"expires_in_ms\":%lld}", lease->token, lease->expires_ms - now);
        put(&t, number);
        first = 0;
    }
    put(&t, "},\"pending\":{");
    first = 1;
    for (size_t i = 0; i < store->count; ++i) {
        const wq_job* job = &store->jobs[i];
        if (strcmp(job->status, QBT_JOB_PENDING) != 0) continue;
        int seen = 0, count = 0;
        for (size_t k = 0; k < store->count; ++k) {
            if (strcmp(store->jobs[k].instance, job->instance) != 0 || strcmp(store->jobs[k].status, QBT_JOB_PENDING) != 0)
                continue;
            seen |= k < i;
            ++count;
        }
        if (seen || count == 0) continue;  /* each instance once, at its first pending job */
        if (!first) put(&t, ",");
        put_quoted(&t, job->instance);
        sprintf(number, ":%d", count);
        put(&t, number);
        first = 0;
    }
    put(&t, "}}");
    pthread_mutex_unlock(&store->lock);
    const int rc = t.data && write(ctx, t.data, t.size) == 0 ? QBT_OK : qbt_error_set(err, QBT_E_IO, "writer refused");
    free(t.data);
    return rc;
}
