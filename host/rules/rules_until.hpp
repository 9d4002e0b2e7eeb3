// A rule's `until: {free_space: SIZE}` and `order_by: [-]info.KEY` (issue 15): the matched
// torrents are acted on one at a time in that order until the target free space is reached.
#pragma once

#include "rules/rule_model.hpp"

#include <yaml-cpp/yaml.h>

namespace qbt::rules {

struct LoadContext;

// Reads the rule's `until` and `order_by` keys (either may be undefined); reports bad
// values and an `until` without `order_by` (or the reverse) with file:line.
void read_until(LoadContext& ctx, const YAML::Node& until, const YAML::Node& order_by, Rule& rule);

}  // namespace qbt::rules
