// The action descriptors this plugin exports (each defined in its family's file).
#pragma once

#include <qbt/action.h>

namespace qbt::core_actions {

// run_state_actions.cpp
extern const qbt_action stop_action;
extern const qbt_action start_action;
extern const qbt_action force_start_action;
// maintenance_actions.cpp
extern const qbt_action recheck_action;
extern const qbt_action reannounce_action;
// delete_action.cpp
extern const qbt_action delete_torrent_action;
// set_location_action.cpp
extern const qbt_action set_location_action;
// category_action.cpp
extern const qbt_action set_category_action;
// tag_actions.cpp
extern const qbt_action add_tag_action;
extern const qbt_action remove_tag_action;
extern const qbt_action set_tags_action;
// limit_actions.cpp
extern const qbt_action set_upload_limit_action;
extern const qbt_action set_download_limit_action;
// share_limits_action.cpp
extern const qbt_action set_share_limits_action;
// priority_actions.cpp
extern const qbt_action increase_priority_action;
extern const qbt_action decrease_priority_action;
extern const qbt_action set_top_priority_action;
extern const qbt_action set_bottom_priority_action;

}  // namespace qbt::core_actions
