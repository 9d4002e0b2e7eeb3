// Environment variables that look like settings (QBT_RULES_*) but are none. The loader
// reads only the names it knows, so a typo (QBT_RULES_QUEUE_BAKEND=redis) or a key for an
// instance that was never declared would silently leave the default in place; these are
// reported as warnings (logged at start-up, printed by --validate and --show-config).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/key_table.hpp"

namespace qbt::config::detail {

// One sentence per unknown QBT_RULES_* name, with the nearest known name when one is close.
// In a first pass (keys defer queue settings) QBT_RULES_QUEUE_* names are left to the second.
std::vector<std::string> unknown_env_warnings(const std::map<std::string, std::string>& env,
                                              const Config& config, const Keys& keys);

}  // namespace qbt::config::detail
