// How the engine behaves (engine.* settings of config.yml).
#pragma once

#include "cleanup/torrent_remover.hpp"
#include "disk/recycle_bin.hpp"
#include "plugin/registry.hpp"

#include <qbt/host.h>

#include <functional>

namespace qbt::engine {

// The qbt_host table a plugin was initialised with (its logs and config are attributed
// to it); handed to the plugin's actions in qbt_action_call. Supplied by the caller
// until plugin::host_table_for exists.
using HostTableFor = std::function<const qbt_host*(const plugin::LoadedPlugin*)>;

struct EngineOptions {
    bool dry_run_default = false;  // a job runs dry when it asks to, or when this is set
    int max_deletes_per_job = 50;  // negative = unlimited
    HostTableFor host_table;
    disk::RecycleBin* recycle_bin = nullptr;  // engine.recycle_bin; nullptr when off
    cleanup::ApiFor api_for;                  // every instance's client (cross-seed groups, restore)
};

// The reserved job context of a restore from the recycle bin (the job's hash says which).
inline constexpr const char* kRestoreContext = "restore";

}  // namespace qbt::engine
