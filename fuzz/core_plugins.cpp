#include "core_plugins.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>

namespace qbt::fuzz {

plugin::PluginHost& core_plugins() {
    static plugin::PluginHost* host = [] {
        spdlog::set_level(spdlog::level::off);  // plugin and engine logs would drown the fuzzer
        plugin::LoaderOptions options;
        options.builtin_dir = plugin::resolve_builtin_dir("");
        options.probe_user_plugins = false;
        auto* loaded = new plugin::PluginHost(options);  // kept for the process: plugins are never unloaded
        for (const char* name : {"qbt_core_operators.so", "qbt_core_actions.so"}) {
            const std::string path = options.builtin_dir + "/" + name;
            if (!loaded->load_file(path, true)) {
                std::fprintf(stderr, "fuzz: cannot load %s (set QBT_RULES_PLUGINS_BUILTIN_DIR)\n", path.c_str());
                std::abort();
            }
        }
        return loaded;
    }();
    return *host;
}

}  // namespace qbt::fuzz
