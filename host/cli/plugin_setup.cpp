#include "cli/plugin_setup.hpp"

#include "config/plugin_sections.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace qbt::cli {

std::unique_ptr<plugin::PluginHost> load_plugins(const config::Config& config, bool quiet) {
    plugin::LoaderOptions options;
    options.builtin_dir = plugin::resolve_builtin_dir(config.plugins.builtin_dir);
    options.user_dirs = config.plugins.dirs;
    options.probe_user_plugins = config.plugins.probe;
    options.plugin_config_json = config::plugin_sections(config);  // + notifications, integrations
    auto host = std::make_unique<plugin::PluginHost>(std::move(options));
    const auto level = spdlog::default_logger()->level();
    if (quiet) spdlog::default_logger()->set_level(std::max(level, spdlog::level::warn));
    host->load_all();
    spdlog::default_logger()->set_level(level);
    return host;
}

}  // namespace qbt::cli
