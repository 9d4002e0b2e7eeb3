// Finds, validates, probes and loads plugins, and keeps them loaded for the life of the
// process (never dlclose: unloading in a threaded process is unsafe). Load everything
// before starting any other thread.
#pragma once

#include "plugin/host_services.hpp"
#include "plugin/registry.hpp"

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace qbt::plugin {

struct LoaderOptions {
    std::string builtin_dir;               // resolved with resolve_builtin_dir()
    std::vector<std::string> user_dirs;    // plugins.dirs; missing dirs are skipped quietly
    bool probe_user_plugins = true;        // load+init each user plugin in a forked child first
    int probe_timeout_ms = 10000;
    std::map<std::string, std::string> plugin_config_json;  // plugin id -> its config section
};

class PluginHost {
public:
    explicit PluginHost(LoaderOptions options);
    ~PluginHost();  // calls deinit() of every loaded plugin
    PluginHost(const PluginHost&) = delete;
    PluginHost& operator=(const PluginHost&) = delete;

    // Built-in dir first (its plugins win name clashes), then each user dir in order.
    void load_all();
    // Load one file; false when refused (the reason is logged and kept in problems()).
    bool load_file(const std::string& path, bool builtin);

    const Registry& registry() const { return registry_; }
    // The services table handed to the plugin that registered `plugin`.
    const qbt_host* host_table_for(const LoadedPlugin* plugin) const;

private:
    struct Loaded;
    bool refuse(const std::string& path, const std::string& reason);
    std::string config_of(const std::string& plugin_id) const;  // its section as JSON, "{}" when none

    LoaderOptions options_;
    Registry registry_;
    std::deque<std::unique_ptr<Loaded>> loaded_;
};

// Where built-in plugins live: `configured` when non-empty, else
// $QBT_RULES_PLUGINS_BUILTIN_DIR, else <dir of the executable>/../plugins when it
// exists (running from the build tree), else the install dir.
std::string resolve_builtin_dir(const std::string& configured);

// The *.so files of a directory, sorted by name (empty when the dir does not exist).
std::vector<std::string> plugin_files_in(const std::string& dir);

}  // namespace qbt::plugin
