// Compiling `actions:` (and refs.actions bodies) into compiled Actions; `$ref: actions.NAME`
// items are spliced in place.
#pragma once

#include "rules/rule_model.hpp"

#include <yaml-cpp/yaml.h>

#include <vector>

namespace qbt::rules {

struct LoadContext;

// Compiles a rule's `actions:` list; reports an empty or non-list value.
std::vector<Action> compile_actions(LoadContext& ctx, const YAML::Node& node);

// Compiles every refs.actions entry not compiled yet (so unused refs are checked too).
void compile_action_refs(LoadContext& ctx);

}  // namespace qbt::rules
