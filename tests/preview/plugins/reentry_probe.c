/* A plugin that notices when two threads are inside it at once (tests/preview/thread_rule_test.cpp).
 *
 * Every operator and action callback enters a counter, stays ~1 ms (so calls from the job
 * worker, the preview thread and HTTP threads have time to meet), and leaves. An entry that
 * finds another call inside counts as an overlap. The counts, and how many different threads
 * called, are written at deinit() to the file named by its config {"report": PATH}.
 *
 * Built twice: as is (the host must serialise it: overlaps stay 0), and with
 * -DREENTRY_DECLARES_THREAD_SAFE (the host may call it concurrently: the test expects
 * overlaps, proving it would have seen them). C11 for <stdatomic.h>. */
#include <qbt/qbt.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#ifdef REENTRY_DECLARES_THREAD_SAFE
#define REENTRY_ID "test.reentry-parallel"
#define REENTRY_FLAGS QBT_PLUGIN_THREAD_SAFE
#define REENTRY_SUFFIX "_parallel"
#else
#define REENTRY_ID "test.reentry-serial"
#define REENTRY_FLAGS 0u
#define REENTRY_SUFFIX "_serial"
#endif

enum { kMaxThreads = 64 };

static const qbt_host* g_host;
static char g_report[512];
static atomic_int g_inside;
static atomic_long g_calls, g_overlaps, g_matches, g_executes;
static pthread_mutex_t g_threads_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t g_threads[kMaxThreads];
static int g_thread_count;

static void note_thread(void) {
    pthread_t self = pthread_self();
    pthread_mutex_lock(&g_threads_lock);
    int known = 0;
    for (int i = 0; i < g_thread_count; ++i) known |= pthread_equal(g_threads[i], self);
    if (!known && g_thread_count < kMaxThreads) g_threads[g_thread_count++] = self;
    pthread_mutex_unlock(&g_threads_lock);
}

static void enter(void) {
    if (atomic_fetch_add(&g_inside, 1) != 0) atomic_fetch_add(&g_overlaps, 1);
    atomic_fetch_add(&g_calls, 1);
    note_thread();
    struct timespec pause = {0, 1000000};
    nanosleep(&pause, NULL);
}

static void leave(void) { atomic_fetch_sub(&g_inside, 1); }

static int op_compile(const qbt_value* expected, void** state, qbt_error* err) {
    (void)expected; (void)err;
    enter();
    *state = NULL;
    leave();
    return QBT_OK;
}

static int op_match(const void* state, const qbt_value* actual, const qbt_match_context* ctx, qbt_error* err) {
    (void)state; (void)actual; (void)ctx; (void)err;
    enter();
    atomic_fetch_add(&g_matches, 1);
    leave();
    return 1;
}

static void any_release(void* state) {
    (void)state;
    enter();
    leave();
}

static int action_compile(const qbt_value* params, void** state, qbt_error* err) {
    return op_compile(params, state, err);
}

static int action_is_satisfied(const void* state, const qbt_torrent* torrent, qbt_error* err) {
    (void)state; (void)torrent; (void)err;
    enter();
    leave();
    return 0;
}

static int action_execute(const void* state, const qbt_action_call* call, const qbt_torrent* const* torrents,
                          size_t count, int32_t* results, qbt_error* err) {
    (void)state; (void)call; (void)torrents; (void)err;
    enter();
    atomic_fetch_add(&g_executes, 1);
    for (size_t i = 0; i < count; ++i) results[i] = QBT_OK;
    leave();
    return QBT_OK;
}

static int action_effect(const void* state, const qbt_torrent* torrent, qbt_write_fn write, void* ctx,
                         qbt_error* err) {
    (void)state; (void)torrent; (void)err;
    enter();
    int rc = write(ctx, "{}", 2) == 0 ? QBT_OK : QBT_E_IO;
    leave();
    return rc;
}

static const qbt_condition_operator probe_operator = {
    sizeof(qbt_condition_operator), "probe" REENTRY_SUFFIX, 0, "always holds, slowly",
    op_compile, op_match, any_release};
static const qbt_condition_operator* const operators[] = {&probe_operator};
static const qbt_condition_operator_factory operator_factory = {sizeof(qbt_condition_operator_factory), 1, operators};

static const qbt_action probe_action = {
    sizeof(qbt_action), "probe_mark" REENTRY_SUFFIX, NULL, 0, "changes nothing, slowly",
    action_compile, action_is_satisfied, NULL, action_effect, any_release, action_execute};
static const qbt_action* const actions[] = {&probe_action};
static const qbt_action_factory action_factory = {sizeof(qbt_action_factory), 1, actions};

/* {"report": "/path"} -> g_report (a plain scan: the value has no escapes in the test). */
static int read_config(const char* data, size_t size) {
    char text[1024];
    if (size >= sizeof text) return -1;
    memcpy(text, data, size);
    text[size] = '\0';
    const char* key = strstr(text, "\"report\"");
    const char* open = key ? strchr(key + 8, '"') : NULL;
    const char* close = open ? strchr(open + 1, '"') : NULL;
    if (!close || (size_t)(close - open - 1) >= sizeof g_report) return -1;
    memcpy(g_report, open + 1, (size_t)(close - open - 1));
    g_report[close - open - 1] = '\0';
    return 0;
}

static int config_writer(void* ctx, const char* data, size_t size) {
    (void)ctx;
    return read_config(data, size);
}

static int plugin_init(const qbt_host* host, qbt_error* err) {
    g_host = host;
    if (host->get_config(host, config_writer, NULL) != QBT_OK || g_report[0] == '\0')
        return qbt_error_set(err, QBT_E_INVALID, "config needs {\"report\": PATH}");
    return QBT_OK;
}

static void plugin_deinit(void) {
    FILE* out = fopen(g_report, "w");
    if (!out) return;
    fprintf(out, "calls %ld overlaps %ld threads %d matches %ld executes %ld\n", atomic_load(&g_calls),
            atomic_load(&g_overlaps), g_thread_count, atomic_load(&g_matches), atomic_load(&g_executes));
    fclose(out);
}

static const void* plugin_get_factory(const char* id) {
    if (strcmp(id, QBT_CONDITION_OPERATOR_FACTORY_ID) == 0) return &operator_factory;
    if (strcmp(id, QBT_ACTION_FACTORY_ID) == 0) return &action_factory;
    return NULL;
}

QBT_PLUGIN_ENTRY = {sizeof(qbt_plugin_entry), QBT_ABI_MAJOR, QBT_ABI_MINOR, REENTRY_ID, "Re-entry probe",
                    "1.0.0", "counts overlapping calls", plugin_init, plugin_deinit, plugin_get_factory,
                    REENTRY_FLAGS};
