// Reads config.yml into raw settings (one per key, sourced "<path>:<line>") and the
// plugins.config section as JSON per plugin id.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/instances_source.hpp"
#include "config/key_table.hpp"
#include "config/setting.hpp"

namespace qbt::config::detail {

struct YamlSettings {
    std::vector<RawSetting> settings;
    std::map<std::string, std::string> plugin_config_json;  // plugin id -> JSON object text
    std::map<std::string, std::string> plugin_config_sources;  // plugin id -> "<path>:<line>"
    std::optional<std::vector<ScheduleEntry>> schedule;  // the top-level `schedule:` list, when given
    std::string schedule_source;                         // "<path>:<line>" of `schedule:`
    std::optional<YamlInstances> instances;  // qbittorrent.instances, when given
};

// Unknown sections/keys (those `keys` neither knows nor defers), unreadable files and YAML
// syntax errors go to `problems`.
YamlSettings read_yaml_settings(const std::string& path, const Keys& keys, Problems& problems);

}  // namespace qbt::config::detail
