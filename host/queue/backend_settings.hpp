// What a queue backend reads from the `queue` config section (ABI 1.2: it declares it,
// qbt_queue_setting) and the object its open() receives. The host names no backend's keys
// here: a plugin built before 1.2 gets the frozen 1.1 section instead.
#pragma once

#include "abi/owned_value.hpp"
#include "config/config.hpp"
#include "plugin/registry.hpp"

#include <string>
#include <vector>

namespace qbt::queue {

// The backend's declared settings, for config loading (LoadOptions::backend_settings);
// empty for a backend of a plugin built before 1.2 or an unknown name.
std::vector<config::BackendSettingSpec> declared_settings(const plugin::Provided<qbt_queue_backend>& backend);

// open()'s object: each declared setting that has a value, typed by its kind (QueueError
// naming the key when a value does not fit, or a required one is missing); the 1.1 section
// (backend, sqlite_path, sqlite_synchronous, redis_url, cleanup_after) for older plugins.
abi::OwnedValue open_section(const plugin::Provided<qbt_queue_backend>& backend, const config::QueueConfig& config);

// The directory of the backend's QBT_SETTING_DATA_PATH setting ("" when it has none): where
// this server keeps its own local state (schedule/scheduler.hpp, default_state_file).
std::string local_state_dir(const plugin::Provided<qbt_queue_backend>& backend, const config::QueueConfig& config);

}  // namespace qbt::queue
