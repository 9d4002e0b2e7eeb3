// How the engine behaves (engine.* settings of config.yml).
#pragma once

#include "cleanup/torrent_remover.hpp"
#include "disk/recycle_bin.hpp"
#include "config/config.hpp"
#include "engine/disk_scope.hpp"
#include "plugin/registry.hpp"

#include <qbt/host.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace qbt::engine {

// The qbt_host table a plugin was initialised with (its logs and config are attributed
// to it); handed to the plugin's actions in qbt_action_call. Supplied by the caller
// until plugin::host_table_for exists.
using HostTableFor = std::function<const qbt_host*(const plugin::LoadedPlugin*)>;

struct EngineOptions {
    bool dry_run_default = false;  // a job runs dry when it asks to, or when this is set
    int max_deletes_per_job = 50;  // negative = unlimited
    HostTableFor host_table;
    // Every instance the file-usage index covers (InstanceEngines sets it); null: only the
    // job's own instance, paths as qBittorrent reports them.
    std::shared_ptr<const DiskScope> disk_scope;
    std::vector<std::string> unregistered_messages;  // engine.unregistered_messages
    config::OrphansConfig orphans;                   // engine.orphans (the `orphans` job)
    std::vector<std::string> orphan_exclude_dirs;    // never scanned (the recycle bin)
    disk::RecycleBin* recycle_bin = nullptr;  // engine.recycle_bin; nullptr when off
    cleanup::ApiFor api_for;                  // every instance's client (cross-seed groups, restore)
    // Values masked in actions' audit notes (config::secret_values): a plugin must not be
    // able to put a configured secret into a job record.
    std::vector<std::string> audit_secrets;
};

// The reserved job context of a restore from the recycle bin (the job's hash says which).
inline constexpr const char* kRestoreContext = "restore";
// The reserved job context of an orphan scan (engine/orphan_job.cpp): it runs no rules.
inline constexpr const char* kOrphansContext = "orphans";

}  // namespace qbt::engine
