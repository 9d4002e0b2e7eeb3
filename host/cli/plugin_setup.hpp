// Load every plugin the configuration points at (built-in dir, then plugins.dirs).
#pragma once

#include "config/config.hpp"
#include "plugin/plugin_host.hpp"

#include <memory>

namespace qbt::cli {

// quiet: only warnings and errors are logged while loading (--validate, --show-config).
std::unique_ptr<plugin::PluginHost> load_plugins(const config::Config& config, bool quiet = false);

}  // namespace qbt::cli
