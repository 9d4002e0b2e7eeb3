#include "plugin/plugin_host.hpp"

#include "plugin/entry_check.hpp"
#include "plugin/probe.hpp"

#include <dlfcn.h>
#include <spdlog/spdlog.h>

namespace qbt::plugin {

// One loaded shared object and the host-side copies of what it provides.
struct PluginHost::Loaded {
    void* handle = nullptr;
    const qbt_plugin_entry* entry = nullptr;
    const LoadedPlugin* record = nullptr;
    std::unique_ptr<HostServices> services;
    std::deque<qbt_condition_operator> operators;
    std::deque<qbt_action> actions;
    std::deque<qbt_queue_backend> backends;
    bool initialised = false;
};

PluginHost::PluginHost(LoaderOptions options) : options_(std::move(options)) {}

PluginHost::~PluginHost() {
    for (auto it = loaded_.rbegin(); it != loaded_.rend(); ++it)
        if ((*it)->initialised && (*it)->entry->deinit) (*it)->entry->deinit();
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

bool PluginHost::load_file(const std::string& path, bool builtin) {
    if (!builtin && options_.probe_user_plugins) {
        if (std::string problem = probe_in_child(path, options_.probe_timeout_ms); !problem.empty())
            return refuse(path, problem);
    }
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* error = dlerror();
        return refuse(path, std::string("cannot be loaded: ") + (error ? error : "unknown dlopen error"));
    }
    // From here on the handle is never closed: a failed plugin stays mapped but unused.
    auto* entry = static_cast<const qbt_plugin_entry*>(dlsym(handle, QBT_ENTRY_SYMBOL));
    if (!entry) return refuse(path, std::string("does not export the entry symbol '") + QBT_ENTRY_SYMBOL + "'");
    if (std::string problem = check_entry(entry); !problem.empty()) return refuse(path, problem);
    for (const auto& other : registry_.plugins())
        if (other.id == entry->id)
            return refuse(path, std::string("duplicate plugin id '") + entry->id + "', already loaded from " + other.path);

    auto loaded = std::make_unique<Loaded>();
    loaded->handle = handle;
    loaded->entry = entry;
    auto config = options_.plugin_config_json.find(entry->id);
    loaded->services = std::make_unique<HostServices>(
        entry->id, config == options_.plugin_config_json.end() ? "{}" : config->second);
    qbt_error err{};
    if (entry->init(loaded->services->table(), &err) != QBT_OK)
        return refuse(path, std::string("init failed: ") + err.message);
    loaded->initialised = true;

    LoadedPlugin record;
    record.path = path;
    record.id = entry->id;
    record.name = entry->name ? entry->name : entry->id;
    record.version = entry->version ? entry->version : "";
    record.description = entry->description ? entry->description : "";
    record.abi_major = entry->abi_major;
    record.abi_minor = entry->abi_minor;
    record.builtin = builtin;
    loaded->record = registry_.add_plugin(std::move(record));
    Loaded& ref = *loaded;
    loaded_.push_back(std::move(loaded));

    size_t count = 0;
    auto take = [&](auto& store, const auto* const* items, uint32_t n, auto add) {
        for (uint32_t i = 0; items && i < n; ++i) {
            if (!items[i]) continue;
            auto copy = copy_descriptor(items[i]);
            if (std::string problem = check_descriptor(copy); !problem.empty()) {
                refuse(path, problem);
                continue;
            }
            store.push_back(copy);
            if ((registry_.*add)(&store.back(), ref.record)) ++count;
            else spdlog::error("plugin {}: {}", path, registry_.problems().back());
        }
    };
    if (auto* f = static_cast<const qbt_condition_operator_factory*>(entry->get_factory(QBT_CONDITION_OPERATOR_FACTORY_ID)))
        take(ref.operators, f->operators, f->count, &Registry::add_operator);
    if (auto* f = static_cast<const qbt_action_factory*>(entry->get_factory(QBT_ACTION_FACTORY_ID)))
        take(ref.actions, f->actions, f->count, &Registry::add_action);
    if (auto* f = static_cast<const qbt_queue_backend_factory*>(entry->get_factory(QBT_QUEUE_BACKEND_FACTORY_ID)))
        take(ref.backends, f->backends, f->count, &Registry::add_queue_backend);
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
