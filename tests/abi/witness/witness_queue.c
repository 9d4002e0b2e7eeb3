/* The witness queue backend: every function of queue_backend.h over an in-memory store
 * (witness_queue.h), its declared settings (every kind and flag), group support in
 * witness_group.c. Thread-safe with one lock per store, as queue backends must be. */
#include "witness_queue.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* --- the store ---------------------------------------------------------------------- */

static pthread_mutex_t stores_lock = PTHREAD_MUTEX_INITIALIZER;
static wq_store* stores;

long long wq_now_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static wq_store* store_for(const char* dir) {
    pthread_mutex_lock(&stores_lock);
    wq_store* s = stores;
    while (s && strcmp(s->dir, dir) != 0) s = s->next;
    if (!s && (s = calloc(1, sizeof *s)) != NULL) {
        s->dir = witness_strdup(dir);
        pthread_mutex_init(&s->lock, NULL);
        pthread_cond_init(&s->arrived, NULL);
        s->next = stores;
        stores = s;
    }
    pthread_mutex_unlock(&stores_lock);
    return s;
}

wq_job* wq_find(wq_store* store, const char* id, size_t size) {
    for (size_t i = 0; i < store->count; ++i)
        if (strlen(store->jobs[i].id) == size && memcmp(store->jobs[i].id, id, size) == 0) return &store->jobs[i];
    return NULL;
}

int wq_replace_doc(wq_job* job, char* doc, const char* status) {
    char* copy = witness_strdup(status);
    if (!doc || !copy) {
        free(doc);
        free(copy);
        return QBT_E_INTERNAL;
    }
    free(job->doc);
    free(job->status);
    job->doc = doc;
    job->status = copy;
    return QBT_OK;
}

static char* with_member(char* doc, const char* key, const char* raw) {
    char* next = doc ? json_set(doc, key, raw) : NULL;
    free(doc);
    return next;
}

static char* with_text(char* doc, const char* key, const char* text) {
    char* quoted = json_quote(text, strlen(text));
    char* next = quoted ? with_member(doc, key, quoted) : (free(doc), NULL);
    free(quoted);
    return next;
}

int wq_take(wq_store* store, wq_job* job, const char* started_at, const char* worker, qbt_job_sink sink, void* ctx) {
    char attempts[32];
    sprintf(attempts, "%lld", json_get_int(job->doc, "attempts", 0) + 1);  /* the attempt counts */
    char* doc = with_member(witness_strdup(job->doc), "attempts", attempts);
    doc = with_text(doc, "status", QBT_JOB_PROCESSING);
    if (started_at) doc = with_text(doc, "started_at", started_at);
    if (worker) doc = with_text(doc, "worker", worker);
    if (wq_replace_doc(job, doc, QBT_JOB_PROCESSING) != QBT_OK) return QBT_E_INTERNAL;
    job->taken = store->next_taken++;
    return sink(ctx, job->doc, strlen(job->doc)) < 0 ? QBT_E_IO : QBT_OK;
}

char* wq_text(qbt_string s, const char* fallback) {
    return s.size ? witness_strndup(s.data, s.size) : witness_strdup(fallback);
}

static int add_job(wq_store* store, const qbt_job* job) {
    if (store->count == store->capacity) {
        size_t capacity = store->capacity ? store->capacity * 2 : 64;
        wq_job* grown = realloc(store->jobs, capacity * sizeof *grown);
        if (!grown) return QBT_E_INTERNAL;
        store->jobs = grown;
        store->capacity = capacity;
    }
    wq_job* j = &store->jobs[store->count];
    memset(j, 0, sizeof *j);
    j->id = wq_text(job->job_id, "");
    j->status = wq_text(job->status, QBT_JOB_PENDING);
    j->context = wq_text(job->context, "");
    /* 1.1 member: read only when the host's qbt_job reaches it. */
    j->instance = QBT_HAS_MEMBER(job, qbt_job, instance) ? wq_text(job->instance, "default") : witness_strdup("default");
    j->created_at = wq_text(job->created_at, "");
    j->doc = wq_text(job->document, "{}");
    j->order = store->next_order++;
    ++store->count;
    return QBT_OK;
}

/* --- open, settings -------------------------------------------------------------------- */

wq_store* wq_store_of(void* handle) { return ((wq_handle*)handle)->store; }
#define S wq_store_of

static const qbt_queue_setting dir_setting = {sizeof(qbt_queue_setting), "witness_dir", QBT_SETTING_PATH,
                                              QBT_SETTING_REQUIRED | QBT_SETTING_DATA_PATH, "witness-data/queue",
                                              "where the witness would keep its data"};
static const qbt_queue_setting token_setting = {sizeof(qbt_queue_setting), "witness_token", QBT_SETTING_TEXT,
                                                QBT_SETTING_SECRET, NULL, "a secret the witness never echoes"};
static const qbt_queue_setting limit_setting = {sizeof(qbt_queue_setting), "witness_limit", QBT_SETTING_INTEGER, 0,
                                                "10", "an integer"};
static const qbt_queue_setting ratio_setting = {sizeof(qbt_queue_setting), "witness_ratio", QBT_SETTING_NUMBER, 0,
                                                "0.5", "a number"};
static const qbt_queue_setting flag_setting = {sizeof(qbt_queue_setting), "witness_flag", QBT_SETTING_BOOLEAN, 0,
                                               "false", "a boolean"};
const qbt_queue_setting* const wq_settings[5] = {&dir_setting, &token_setting, &limit_setting, &ratio_setting,
                                                 &flag_setting};

/* {"witness_dir":"...","witness_token_length":N,"witness_limit":N,"witness_ratio":x,"witness_flag":b,
 *  "members":N}: what open() received, each with the type its kind promises. */
static int echo_settings(const qbt_value* config, char* out, size_t size, qbt_error* err) {
    const qbt_value* dir = value_member(config, "witness_dir");
    const qbt_value* token = value_member(config, "witness_token");
    const qbt_value* limit = value_member(config, "witness_limit");
    const qbt_value* ratio = value_member(config, "witness_ratio");
    const qbt_value* flag = value_member(config, "witness_flag");
    if (!dir || dir->type != QBT_VALUE_STRING) return qbt_error_set(err, QBT_E_INVALID, "queue.witness_dir: not a string");
    if (token && token->type != QBT_VALUE_STRING) return qbt_error_set(err, QBT_E_INVALID, "queue.witness_token: not a string");
    if (!limit || limit->type != QBT_VALUE_INT) return qbt_error_set(err, QBT_E_INVALID, "queue.witness_limit: not an int64");
    if (!ratio || ratio->type != QBT_VALUE_DOUBLE) return qbt_error_set(err, QBT_E_INVALID, "queue.witness_ratio: not a double");
    if (!flag || flag->type != QBT_VALUE_BOOL) return qbt_error_set(err, QBT_E_INVALID, "queue.witness_flag: not a bool");
    char* quoted = json_quote(dir->as.string.data, dir->as.string.size);
    if (!quoted) return qbt_error_set(err, QBT_E_INTERNAL, "out of memory");
    snprintf(out, size,
             "{\"witness_dir\":%s,\"witness_token_length\":%d,\"witness_limit\":%lld,\"witness_ratio\":%g,"
             "\"witness_flag\":%s,\"members\":%d}",
             quoted, token ? (int)token->as.string.size : -1, (long long)limit->as.integer, ratio->as.number,
             flag->as.boolean ? "true" : "false", (int)config->as.object.count);
    free(quoted);
    return QBT_OK;
}

int wq_open(const qbt_value* config, void** handle, qbt_error* err) {
    char echo[1024];
    if (echo_settings(config, echo, sizeof echo, err) != QBT_OK) return err->code;
    const qbt_value* dir = value_member(config, "witness_dir");
    char* name = witness_strndup(dir->as.string.data, dir->as.string.size);
    wq_store* store = name ? store_for(name) : NULL;
    free(name);
    wq_handle* h = store ? malloc(sizeof *h) : NULL;
    if (!h) return qbt_error_set(err, QBT_E_INTERNAL, "out of memory");
    h->store = store;
    pthread_mutex_lock(&store->lock);
    free(store->settings_json);
    store->settings_json = witness_strdup(echo);
    pthread_mutex_unlock(&store->lock);
    *handle = h;
    return QBT_OK;
}

void wq_close(void* handle) { free(handle); }  /* the store outlives it: a "restart" finds the jobs */

/* --- jobs -------------------------------------------------------------------------------- */

int wq_enqueue_many(void* handle, const qbt_job* const* jobs, size_t count, qbt_error* err) {
    wq_store* store = S(handle);
    pthread_mutex_lock(&store->lock);
    for (size_t i = 0; i < count; ++i) {
        int clash = wq_find(store, jobs[i]->job_id.data, jobs[i]->job_id.size) != NULL;
        for (size_t k = 0; k < i && !clash; ++k)
            clash = jobs[k]->job_id.size == jobs[i]->job_id.size &&
                    memcmp(jobs[k]->job_id.data, jobs[i]->job_id.data, jobs[i]->job_id.size) == 0;
        if (clash) {
            pthread_mutex_unlock(&store->lock);
            return qbt_error_set(err, QBT_E_INVALID, "job id %.*s exists", (int)jobs[i]->job_id.size, jobs[i]->job_id.data);
        }
    }
    int rc = QBT_OK;
    for (size_t i = 0; i < count && rc == QBT_OK; ++i) rc = add_job(store, jobs[i]);
    pthread_cond_broadcast(&store->arrived);
    pthread_mutex_unlock(&store->lock);
    return rc == QBT_OK ? QBT_OK : qbt_error_set(err, rc, "out of memory");
}

int wq_enqueue(void* handle, const qbt_job* job, qbt_error* err) {
    return wq_enqueue_many(handle, &job, 1, err);
}

static wq_job* oldest_pending(wq_store* store) {
    wq_job* best = NULL;
    for (size_t i = 0; i < store->count; ++i)
        if (strcmp(store->jobs[i].status, QBT_JOB_PENDING) == 0 && (!best || store->jobs[i].order < best->order))
            best = &store->jobs[i];
    return best;
}

int wq_dequeue(void* handle, const qbt_dequeue_request* request, qbt_job_sink sink, void* ctx, qbt_error* err) {
    wq_store* store = S(handle);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += request->timeout_ms / 1000;
    until.tv_nsec += (long)(request->timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) until.tv_sec += 1, until.tv_nsec -= 1000000000L;
    pthread_mutex_lock(&store->lock);
    wq_job* job;
    while (!(job = oldest_pending(store)) && request->timeout_ms > 0)
        if (pthread_cond_timedwait(&store->arrived, &store->lock, &until) == ETIMEDOUT) break;
    job = oldest_pending(store);
    int rc = job ? wq_take(store, job, request->started_at, request->worker_id, sink, ctx) : 0;
    pthread_mutex_unlock(&store->lock);
    if (rc < 0) return qbt_error_set(err, rc, "could not mark the job taken");
    return job ? 1 : 0;
}

int wq_update(void* handle, const qbt_job* job, qbt_error* err) {
    wq_store* store = S(handle);
    pthread_mutex_lock(&store->lock);
    wq_job* j = wq_find(store, job->job_id.data, job->job_id.size);
    char* status = wq_text(job->status, "");
    int rc = !j ? QBT_E_NOT_FOUND : wq_replace_doc(j, wq_text(job->document, "{}"), status ? status : "");
    free(status);
    pthread_mutex_unlock(&store->lock);
    return rc == QBT_OK ? QBT_OK : qbt_error_set(err, rc, "update of job %.*s", (int)job->job_id.size, job->job_id.data);
}
