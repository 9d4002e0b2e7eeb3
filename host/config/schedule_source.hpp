// The top-level `schedule:` list of config.yml and its env form (internal to the loader).
//
// YAML:  schedule:
//          - cron: "*/30 * * * *"     # required; 5-field cron, server's local time (TZ)
//            context: nightly          # optional
//            dry_run: false            # optional
//            instance: a               # optional: a qBittorrent instance name or all (default: default)
// Env:   QBT_RULES_SCHEDULE_<N>_CRON, QBT_RULES_SCHEDULE_<N>_CONTEXT, QBT_RULES_SCHEDULE_<N>_DRY_RUN,
//        QBT_RULES_SCHEDULE_<N>_INSTANCE
//        (N a number; entries in N order). Any of these replaces the YAML list as a whole.
// The cron text itself is checked by the scheduler (host/schedule) when the server starts.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/config.hpp"
#include "config/setting.hpp"

namespace qbt::config::detail {

std::vector<ScheduleEntry> read_yaml_schedule(const YAML::Node& node, const std::string& path,
                                              Problems& problems);

// nullopt when no QBT_RULES_SCHEDULE_* variable is set.
std::optional<std::vector<ScheduleEntry>> read_env_schedule(const std::map<std::string, std::string>& env,
                                                            Problems& problems);

}  // namespace qbt::config::detail
