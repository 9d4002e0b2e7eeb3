// Plugin entry: exports the action factory of org.qbt-rules.notify.
#include "notify_params.hpp"

#include <qbt/qbt.h>
#include <qbt/cpp/host.hpp>

#include <cstring>

namespace qbt::notify {
extern const qbt_action notify_action;

namespace {

const qbt_action* const kActions[] = {&notify_action};
const qbt_action_factory kFactory = {sizeof(qbt_action_factory), 1, kActions};

// libcurl is loaded and initialised by the first message (sender.cpp), not here: a server
// whose rules never notify does not pay for it (lib/lazy_curl/lazy_curl.hpp).
// The defaults of config.yml `notifications:` (notify_params.hpp).
int plugin_init(const qbt_host* host, qbt_error* err) {
    return sdk::guard(err, [&] {
        set_defaults(sdk::Host(host).config_json());
        return QBT_OK;
    });
}

const void* plugin_get_factory(const char* factory_id) {
    if (factory_id != nullptr && std::strcmp(factory_id, QBT_ACTION_FACTORY_ID) == 0) return &kFactory;
    return nullptr;
}

}  // namespace
}  // namespace qbt::notify

QBT_PLUGIN_ENTRY = {
    sizeof(qbt_plugin_entry),
    QBT_ABI_MAJOR,
    QBT_ABI_MINOR,
    "org.qbt-rules.notify",
    "Notify",
    "0.1.0",
    "The notify action: one message per rule per job to Discord, Slack, ntfy or a generic "
    "JSON webhook, with retries and a time bound.",
    &qbt::notify::plugin_init,
    nullptr,
    &qbt::notify::plugin_get_factory,
    QBT_PLUGIN_THREAD_SAFE,  // stateless calls; per-thread scratch where needed (entry.h, "Threads")
};
