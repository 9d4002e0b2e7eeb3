// Several qBittorrent instances (internal to the loader).
//
// YAML:  qbittorrent:
//          instances:
//            - name: a                    # [a-z0-9_-], 1..32 characters, unique
//              host: http://127.0.0.1:8080
//              username: admin
//              password: ...              # and every other key of the single form
// Env:   QBT_RULES_QBITTORRENT_INSTANCES=a,b declares instances (added to the YAML ones);
//        QBT_RULES_QBITTORRENT_<NAME>_<KEY> and ..._<KEY>_FILE set one key of one instance
//        (NAME upper-cased, '-' -> '_'), e.g. QBT_RULES_QBITTORRENT_A_PASSWORD_FILE.
// CLI:   --set qbittorrent.instances=a,b   --set qbittorrent.instances.a.host=URL
// Per key: CLI > _FILE > env > YAML > defaults; host is required for every listed instance.
// The single form (any qbittorrent.<key>) and the list cannot be used together.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/config.hpp"
#include "config/setting.hpp"

namespace qbt::config::detail {

struct YamlInstance {
    std::string name;
    std::string source;                // "<path>:<line>" of the entry
    std::vector<RawSetting> settings;  // key = the field ("host", "password", ...)
};

struct YamlInstances {
    std::vector<YamlInstance> entries;
    std::string source;  // "<path>:<line>" of `instances:`
};

// node = the value of qbittorrent.instances.
YamlInstances read_yaml_instances(const YAML::Node& node, const std::string& path, Problems& problems);

// True for CLI keys that belong to the instance list ("qbittorrent.instances[.<name>.<key>]").
bool is_instance_cli_key(const std::string& dotted_key);

// The env names that set keys of instance `name` (QBT_RULES_QBITTORRENT_<NAME>_<KEY>, and
// each with _FILE).
std::vector<std::string> instance_env_names(const std::string& name);

// Fills config.instances: the list form when YAML, env or CLI declares instances, else one
// "default" instance from config.qbittorrent. Call after the single-form layers were applied.
void resolve_instances(const YamlInstances* yaml, const std::map<std::string, std::string>& env,
                       const std::map<std::string, std::string>& cli, Config& config, Problems& problems);

}  // namespace qbt::config::detail
