// The real core plugins (operators and actions) loaded once per fuzz process, from
// $QBT_RULES_PLUGINS_BUILTIN_DIR or <exe dir>/../plugins.
#pragma once

#include "plugin/plugin_host.hpp"

namespace qbt::fuzz {

plugin::PluginHost& core_plugins();

}  // namespace qbt::fuzz
