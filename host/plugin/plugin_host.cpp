#include "plugin/plugin_host.hpp"

#include "plugin/entry_check.hpp"
#include "plugin/probe.hpp"

#include <dlfcn.h>
#include <spdlog/spdlog.h>

namespace qbt::plugin {

// One loaded shared object (what it provides is copied into the registry).
struct PluginHost::Loaded {
    void* handle = nullptr;
    qbt_plugin_entry entry{};  // the host's copy (copy_descriptor): 1.2 members of older plugins read 0
    const LoadedPlugin* record = nullptr;
    std::unique_ptr<HostServices> services;
    bool initialised = false;
};

PluginHost::PluginHost(LoaderOptions options) : options_(std::move(options)) {}

PluginHost::~PluginHost() {
    for (auto it = loaded_.rbegin(); it != loaded_.rend(); ++it)
        if ((*it)->initialised && (*it)->entry.deinit) (*it)->entry.deinit();
}

void PluginHost::load_all() {
    const auto builtin = plugin_files_in(options_.builtin_dir);
    if (builtin.empty())
        spdlog::warn("no built-in plugins found in '{}' (set plugins.builtin_dir)", options_.builtin_dir);
    for (const auto& path : builtin) load_file(path, true);
    for (const auto& dir : options_.user_dirs) {
        if (dir == options_.builtin_dir) continue;
        for (const auto& path : plugin_files_in(dir)) load_file(path, false);
    }
}

bool PluginHost::refuse(const std::string& path, const std::string& reason) {
    spdlog::error("plugin {} refused: {}", path, reason);
    registry_.add_problem(path + ": " + reason);
    return false;
}

std::string PluginHost::config_of(const std::string& plugin_id) const {
    auto config = options_.plugin_config_json.find(plugin_id);
    return config == options_.plugin_config_json.end() ? "{}" : config->second;
}

bool PluginHost::load_file(const std::string& path, bool builtin) {
    if (!builtin && options_.probe_user_plugins) {
        const auto config = [this](const std::string& id) { return config_of(id); };
        if (std::string problem = probe_in_child(path, options_.probe_timeout_ms, config); !problem.empty())
            return refuse(path, problem);
    }
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* error = dlerror();
        return refuse(path, std::string("cannot be loaded: ") + (error ? error : "unknown dlopen error"));
    }
    // From here on the handle is never closed: a failed plugin stays mapped but unused.
    auto* exported = static_cast<const qbt_plugin_entry*>(dlsym(handle, QBT_ENTRY_SYMBOL));
    if (!exported) return refuse(path, std::string("does not export the entry symbol '") + QBT_ENTRY_SYMBOL + "'");
    if (std::string problem = check_entry(exported); !problem.empty()) return refuse(path, problem);
    const qbt_plugin_entry entry = copy_descriptor(exported);
    for (const auto& other : registry_.plugins())
        if (other.id == entry.id)
            return refuse(path, std::string("duplicate plugin id '") + entry.id + "', already loaded from " + other.path);

    auto loaded = std::make_unique<Loaded>();
    loaded->handle = handle;
    loaded->entry = entry;
    loaded->services = std::make_unique<HostServices>(entry.id, config_of(entry.id));
    qbt_error err{};
    if (entry.init(loaded->services->table(), &err) != QBT_OK)
        return refuse(path, std::string("init failed: ") + err.message);
    loaded->initialised = true;

    LoadedPlugin record;
    record.path = path;
    record.id = entry.id;
    record.name = entry.name ? entry.name : entry.id;
    record.version = entry.version ? entry.version : "";
    record.description = entry.description ? entry.description : "";
    record.abi_major = entry.abi_major;
    record.abi_minor = entry.abi_minor;
    record.builtin = builtin;
    record.thread_safe = (entry.flags & QBT_PLUGIN_THREAD_SAFE) != 0;
    loaded->record = registry_.add_plugin(std::move(record));
    Loaded& ref = *loaded;
    loaded_.push_back(std::move(loaded));

    size_t count = 0;
    auto take = [&](const auto* const* items, uint32_t n, auto add) {
        for (uint32_t i = 0; items && i < n; ++i) {
            if (!items[i]) continue;
            if ((registry_.*add)(items[i], ref.record)) ++count;
            else spdlog::error("plugin {}: {}", path, registry_.problems().back());
        }
    };
    if (auto* f = static_cast<const qbt_condition_operator_factory*>(entry.get_factory(QBT_CONDITION_OPERATOR_FACTORY_ID)))
        take(f->operators, f->count, &Registry::add_operator);
    if (auto* f = static_cast<const qbt_action_factory*>(entry.get_factory(QBT_ACTION_FACTORY_ID)))
        take(f->actions, f->count, &Registry::add_action);
    if (auto* f = static_cast<const qbt_queue_backend_factory*>(entry.get_factory(QBT_QUEUE_BACKEND_FACTORY_ID)))
        take(f->backends, f->count, &Registry::add_queue_backend);
    spdlog::info("loaded plugin {} {} ({}) from {}: {} registered", ref.record->id, ref.record->version,
                 builtin ? "built-in" : "user", path, count);
    return true;
}

const qbt_host* PluginHost::host_table_for(const LoadedPlugin* plugin) const {
    for (const auto& loaded : loaded_)
        if (loaded->record == plugin) return loaded->services->table();
    return nullptr;
}

}  // namespace qbt::plugin
