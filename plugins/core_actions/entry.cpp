// Plugin entry: exports the action factory of org.qbt-rules.core-actions.
#include "actions.hpp"

#include <qbt/qbt.h>

#include <cstring>
#include <iterator>

namespace qbt::core_actions {
namespace {

const qbt_action* const kActions[] = {
    &stop_action,           &start_action,           &force_start_action,
    &recheck_action,        &reannounce_action,      &delete_torrent_action,
    &set_category_action,   &add_tag_action,         &remove_tag_action,
    &set_tags_action,       &set_upload_limit_action, &set_download_limit_action,
    &set_share_limits_action, &increase_priority_action, &decrease_priority_action,
    &set_top_priority_action, &set_bottom_priority_action, &set_location_action,
};

const qbt_action_factory kFactory = {sizeof(qbt_action_factory),
                                     static_cast<uint32_t>(std::size(kActions)), kActions};

int plugin_init(const qbt_host*, qbt_error*) { return QBT_OK; }

const void* plugin_get_factory(const char* factory_id) {
    if (factory_id != nullptr && std::strcmp(factory_id, QBT_ACTION_FACTORY_ID) == 0) return &kFactory;
    return nullptr;
}

}  // namespace
}  // namespace qbt::core_actions

QBT_PLUGIN_ENTRY = {
    sizeof(qbt_plugin_entry),
    QBT_ABI_MAJOR,
    QBT_ABI_MINOR,
    "org.qbt-rules.core-actions",
    "Core actions",
    "0.1.0",
    "Built-in rule actions: stop/start, force start, recheck, reannounce, delete, category, "
    "tags, speed limits, share limits, queue priority and set_location.",
    &qbt::core_actions::plugin_init,
    nullptr,
    &qbt::core_actions::plugin_get_factory,
    QBT_PLUGIN_THREAD_SAFE,  // stateless calls; per-thread scratch where needed (entry.h, "Threads")
};
