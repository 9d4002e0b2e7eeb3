#include "plugin/builtin_plugins.hpp"

#include <utility>

namespace qbt::plugin {

std::unique_ptr<PluginHost> load_builtin_plugins(std::map<std::string, std::string> plugin_config_json) {
    LoaderOptions options;
    options.builtin_dir = resolve_builtin_dir("");
    options.probe_user_plugins = false;
    options.plugin_config_json = std::move(plugin_config_json);
    auto host = std::make_unique<PluginHost>(std::move(options));
    host->load_all();
    return host;
}

}  // namespace qbt::plugin
