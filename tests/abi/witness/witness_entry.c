/* The witness's entry: init reads its configuration and asks the host to log; every kind
 * is offered by get_factory. Not thread-safe (flags 0): the host serialises its operator
 * and action calls (entry.h, "Threads"); the queue backend locks for itself. */
#include "witness.h"

#include <string.h>

const qbt_host* witness_host;

void witness_log(qbt_log_level level, const char* text) {
    if (witness_host && witness_host->log) witness_host->log(witness_host, level, text);
}

static int config_seen;

static int take_config(void* ctx, const char* data, size_t size) {
    (void)ctx;
    config_seen = size >= 2 && data[0] == '{';
    return 0;
}

static int witness_init(const qbt_host* host, qbt_error* err) {
    if (!QBT_HAS_MEMBER(host, qbt_host, qbt_api_version))
        return qbt_error_set(err, QBT_E_UNSUPPORTED, "the host lacks qbt_api_version (ABI 1.0 host?)");
    witness_host = host;
    if (host->get_config(host, take_config, NULL) != QBT_OK || !config_seen)
        return qbt_error_set(err, QBT_E_INVALID, "get_config did not write a JSON object");
    witness_log(QBT_LOG_INFO, "witness initialised");
    return QBT_OK;
}

static void witness_deinit(void) { witness_log(QBT_LOG_DEBUG, "witness stopping"); }

static const qbt_condition_operator* const operators[] = {&witness_is, &witness_is_not};
static const qbt_condition_operator_factory operator_factory = {sizeof operator_factory, 2, operators};
static const qbt_action* const actions[] = {&witness_tag, &witness_tag_v10, &witness_remove, &witness_move};
static const qbt_action_factory action_factory = {sizeof action_factory, 4, actions};
static const qbt_queue_backend* const backends[] = {&witness_backend};
static const qbt_queue_backend_factory backend_factory = {sizeof backend_factory, 1, backends};

static const void* witness_get_factory(const char* id) {
    if (strcmp(id, QBT_CONDITION_OPERATOR_FACTORY_ID) == 0) return &operator_factory;
    if (strcmp(id, QBT_ACTION_FACTORY_ID) == 0) return &action_factory;
    if (strcmp(id, QBT_QUEUE_BACKEND_FACTORY_ID) == 0) return &backend_factory;
    return NULL;
}

QBT_PLUGIN_ENTRY = {sizeof(qbt_plugin_entry), QBT_ABI_MAJOR, QBT_ABI_MINOR, "org.qbt-rules.test.witness",
                    "ABI witness", "1.0.0", "every callback of the installed headers", witness_init,
                    witness_deinit, witness_get_factory, 0};
