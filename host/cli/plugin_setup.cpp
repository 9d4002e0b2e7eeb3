#include "cli/plugin_setup.hpp"

namespace qbt::cli {

std::unique_ptr<plugin::PluginHost> load_plugins(const config::Config& config) {
    plugin::LoaderOptions options;
    options.builtin_dir = plugin::resolve_builtin_dir(config.plugins.builtin_dir);
    options.user_dirs = config.plugins.dirs;
    options.probe_user_plugins = config.plugins.probe;
    options.plugin_config_json = config.plugins.config_json;
    auto host = std::make_unique<plugin::PluginHost>(std::move(options));
    host->load_all();
    return host;
}

}  // namespace qbt::cli
