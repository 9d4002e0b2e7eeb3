// The plugin config sections the host builds from qbt-rules 0.6's top-level keys:
// `notifications` becomes the notify plugin's defaults, `integrations` the arr plugin's
// connections. A key the user set under plugins.config.<id> wins over the derived one.
#pragma once

#include <map>
#include <string>

#include "config/config.hpp"

namespace qbt::config {

inline constexpr const char* kNotifyPluginId = "org.qbt-rules.notify";
inline constexpr const char* kArrPluginId = "org.qbt-rules.arr";

// plugins.config_json with the derived sections merged in (secrets included: for the
// plugins only, never printed).
std::map<std::string, std::string> plugin_sections(const Config& config);

}  // namespace qbt::config
