/* A user plugin built for ABI 1.1 (before remove_torrents existed): its action
 * `raw_delete` sends torrents/delete with deleteFiles=true itself, one torrent per call.
 * The 1.2 host must load it unchanged and route that call through its file guard. */
#include <qbt/qbt.h>

#include <stdio.h>
#include <string.h>

static int ignore_body(void* ctx, const char* data, size_t size) {
    (void)ctx;
    (void)data;
    (void)size;
    return 0;
}

static int raw_compile(const qbt_value* params, void** state, qbt_error* err) {
    (void)params;
    (void)err;
    *state = NULL;
    return QBT_OK;
}

static int raw_execute(const void* state, const qbt_action_call* call, const qbt_torrent* torrents, size_t count,
                       int32_t* results, qbt_error* err) {
    (void)state;
    (void)err;
    for (size_t i = 0; i < count; ++i) {
        char form[160];
        snprintf(form, sizeof form, "hashes=%.*s&deleteFiles=true", (int)torrents[i].hash.size, torrents[i].hash.data);
        qbt_api_request request = {sizeof(qbt_api_request), "POST", "torrents/delete", NULL, form};
        int32_t status = 0;
        qbt_error call_err;
        const int rc = call->host->qbt_request(call->host, call->client, &request, ignore_body, NULL, &status,
                                               &call_err);
        results[i] = rc == QBT_OK && status == 200 ? QBT_OK : QBT_E_IO;
    }
    return QBT_OK;
}

static void raw_release(void* state) { (void)state; }

static const qbt_action raw_delete = {
    offsetof(qbt_action, release) + sizeof(void (*)(void*)), "raw_delete", NULL, QBT_ACTION_REMOVES_TORRENT,
    "torrents/delete with deleteFiles=true, sent by the plugin itself",
    raw_compile, NULL, raw_execute, NULL, raw_release};
static const qbt_action* const actions[] = {&raw_delete};
static const qbt_action_factory factory = {sizeof(qbt_action_factory), 1, actions};

static int raw_init(const qbt_host* host, qbt_error* err) {
    (void)host;
    (void)err;
    return QBT_OK;
}

static const void* raw_factory(const char* id) {
    return id != NULL && strcmp(id, QBT_ACTION_FACTORY_ID) == 0 ? &factory : NULL;
}

QBT_PLUGIN_ENTRY = {sizeof(qbt_plugin_entry), QBT_ABI_MAJOR, 1 /* built for ABI 1.1 */,
                    "org.qbt-rules.tests.raw-delete", "Raw delete (ABI 1.1)", "1.0",
                    "A 1.1 plugin deleting with files through a raw Web API call", raw_init, NULL, raw_factory};
