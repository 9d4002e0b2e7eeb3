// Plugin entry: exports the action factory of org.qbt-rules.arr.
#include "arr_config.hpp"

#include <qbt/qbt.h>
#include <qbt/cpp/host.hpp>

#include <cstring>

namespace qbt::arr {
extern const qbt_action blocklist_action;

namespace {

const qbt_action* const kActions[] = {&blocklist_action};
const qbt_action_factory kFactory = {sizeof(qbt_action_factory), 1, kActions};

// The connections of config.yml `integrations:` (arr_config.hpp). libcurl is loaded by the
// first call (lib/lazy_curl), not here.
int plugin_init(const qbt_host* host, qbt_error* err) {
    return sdk::guard(err, [&] {
        set_connections(sdk::Host(host).config_json());
        return QBT_OK;
    });
}

const void* plugin_get_factory(const char* factory_id) {
    if (factory_id != nullptr && std::strcmp(factory_id, QBT_ACTION_FACTORY_ID) == 0) return &kFactory;
    return nullptr;
}

}  // namespace
}  // namespace qbt::arr

QBT_PLUGIN_ENTRY = {
    sizeof(qbt_plugin_entry),
    QBT_ABI_MAJOR,
    QBT_ABI_MINOR,
    "org.qbt-rules.arr",
    "Sonarr/Radarr",
    "0.1.0",
    "The arr_blocklist action of qbt-rules 0.6: blocklist a torrent's records in Sonarr's or "
    "Radarr's download queue and search again.",
    &qbt::arr::plugin_init,
    nullptr,
    &qbt::arr::plugin_get_factory,
    QBT_PLUGIN_THREAD_SAFE,  // connections are read-only after init; each call has its own handle
};
