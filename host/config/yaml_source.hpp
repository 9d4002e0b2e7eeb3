// Reads config.yml into raw settings (one per key, sourced "<path>:<line>") and the
// plugins.config section as JSON per plugin id.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

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

// One key's YAML value as a RawSetting (scalar, null, list or map of plain values); `source`
// is where the key stands, `path` the file (for the lines of list items and map entries).
RawSetting raw_from_yaml(const std::string& key, const YAML::Node& value, const std::string& path,
                         const std::string& source, Problems& problems);

// Unknown sections/keys (those `keys` neither knows nor defers), unreadable files and YAML
// syntax errors go to `problems`. Keys below a subsection (engine.orphans.grace) are read
// from nested mappings.
YamlSettings read_yaml_settings(const std::string& path, const Keys& keys, Problems& problems);

}  // namespace qbt::config::detail
