// Load every plugin the configuration points at (built-in dir, then plugins.dirs).
#pragma once

#include "config/config.hpp"
#include "plugin/plugin_host.hpp"

#include <memory>

namespace qbt::cli {

std::unique_ptr<plugin::PluginHost> load_plugins(const config::Config& config);

}  // namespace qbt::cli
