// The built-in plugins alone, loaded: for programs that read no configuration (tests,
// benchmarks). The server and the CLI load through cli/plugin_setup.cpp instead, with the
// user's plugin dirs and each plugin's configured section.
#pragma once

#include "plugin/plugin_host.hpp"

#include <map>
#include <memory>
#include <string>

namespace qbt::plugin {

// resolve_builtin_dir("") (so $QBT_RULES_PLUGINS_BUILTIN_DIR or the build tree), every
// *.so there loaded; `plugin_config_json` maps a plugin id to its config section as JSON.
std::unique_ptr<PluginHost> load_builtin_plugins(std::map<std::string, std::string> plugin_config_json = {});

}  // namespace qbt::plugin
