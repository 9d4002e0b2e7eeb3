// A rule's `instance:` restriction (rules.yml): which qBittorrent instances it runs on,
// and the check of its names against the configured instances.
#pragma once

#include "rules/rules_loader.hpp"

#include <string>
#include <vector>

namespace qbt::rules {

// True when `rule` runs in a job for `instance` (a rule without `instance:` runs on all).
bool rule_for_instance(const Rule& rule, const std::string& instance);

// Adds an error per rule naming an instance that is not in `configured` (so a typo never
// silently disables a rule); with any error, `result.rules` becomes null, as for every
// other load error. Does nothing when `configured` is empty (nothing to check against).
void check_rule_instances(LoadResult& result, const std::vector<std::string>& configured);

}  // namespace qbt::rules
