// Compiling one entry of `rules:` into a Rule.
#pragma once

#include "rules/rule_model.hpp"

#include <yaml-cpp/yaml.h>

#include <optional>

namespace qbt::rules {

struct LoadContext;

// `index` is the rule's 1-based position, used to name a rule that has no name.
// Errors are reported to ctx (with ctx.rule set to the rule's name); nullopt when the
// entry is not even a mapping.
std::optional<Rule> compile_rule(LoadContext& ctx, const YAML::Node& node, size_t index);

}  // namespace qbt::rules
