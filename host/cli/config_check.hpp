// What `--validate` without a file checks in the configuration (qbt-rules 0.6's "check
// config"): per instance a qBittorrent URL that parses and credentials, the queue backend
// and its required settings, the API key, the plugin directories and the rules file. One
// finding per problem, naming the config key and where its value came from; secret values
// are never part of a finding.
#pragma once

#include "config/config.hpp"
#include "plugin/registry.hpp"

#include <string>
#include <vector>

namespace qbt::cli {

struct ConfigFinding {
    bool error = true;  // false: a warning (the server starts, but it is worth a look)
    std::string key;    // dotted, e.g. "qbittorrent.host" or "qbittorrent.instances[nas].host"
    std::string where;  // "config.yml:7", "env QBT_RULES_SERVER_API_KEY", "default", ...
    std::string text;
    // "error: qbittorrent.host (config.yml:7): ..."
    std::string to_string() const;
};

// API keys shorter than this draw a warning.
inline constexpr size_t kShortApiKey = 16;

std::vector<ConfigFinding> check_config(const config::Config& config, const plugin::Registry& registry);

}  // namespace qbt::cli
