/* Shared body of the test plugins: each .c sets the macros, then includes this.
 * Written in plain C99 to prove the SDK headers need no C++. */
#include <qbt/qbt.h>
#include <string.h>

#ifndef TEST_ABI_MAJOR
#define TEST_ABI_MAJOR QBT_ABI_MAJOR
#endif
#ifndef TEST_ABI_MINOR
#define TEST_ABI_MINOR QBT_ABI_MINOR
#endif
#ifndef TEST_INIT_RESULT
#define TEST_INIT_RESULT QBT_OK
#endif

static const qbt_host* g_host;

static int echo_compile(const qbt_value* params, void** state, qbt_error* err) {
    (void)params; (void)err;
    *state = NULL;
    return QBT_OK;
}

static int echo_execute(const void* state, const qbt_action_call* call, const qbt_torrent* torrents,
                        size_t count, int32_t* results, qbt_error* err) {
    (void)state; (void)call; (void)torrents; (void)err;
    for (size_t i = 0; i < count; ++i) results[i] = QBT_OK;
    return QBT_OK;
}

static const qbt_action echo_action = {
    sizeof(qbt_action), TEST_ACTION_NAME, NULL, 0, "test action", echo_compile, NULL, echo_execute, NULL, NULL,
    NULL /* execute_batch (1.2): the 1.0 execute above is still accepted */};
static const qbt_action* const actions[] = {&echo_action};
static const qbt_action_factory action_factory = {sizeof(qbt_action_factory), 1, actions};

static int plugin_init(const qbt_host* host, qbt_error* err) {
    g_host = host;
#ifdef TEST_CRASH_IN_INIT
    *(volatile int*)0 = 1;
#endif
    if (TEST_INIT_RESULT != QBT_OK) return qbt_error_set(err, TEST_INIT_RESULT, "test plugin refuses to start: %s", "no database");
    if (host->log) host->log(host, QBT_LOG_DEBUG, "test plugin initialised");
    return QBT_OK;
}

static const void* plugin_get_factory(const char* id) {
    return strcmp(id, QBT_ACTION_FACTORY_ID) == 0 ? (const void*)&action_factory : NULL;
}

QBT_PLUGIN_ENTRY = {sizeof(qbt_plugin_entry), TEST_ABI_MAJOR, TEST_ABI_MINOR, TEST_PLUGIN_ID, "Test plugin",
                    "1.2.3", "a plugin for the loader tests", plugin_init, NULL, plugin_get_factory, 0};
