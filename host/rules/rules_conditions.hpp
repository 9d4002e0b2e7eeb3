// Compiling `conditions:` (and refs.conditions bodies) into Groups of compiled Conditions.
#pragma once

#include "rules/rule_model.hpp"

#include <yaml-cpp/yaml.h>

namespace qbt::rules {

struct LoadContext;

// Compiles a rule's `conditions:` value: a list (= all), a mapping with all/any/none
// groups side by side (all of them must hold), one condition, or a `$ref`. The result
// is always Kind::All. When `legacy_context` is non-null a `context:` key inside the
// mapping (qbt-rules 0.4.0) is accepted and handed back there; otherwise it is an error.
// Errors are reported to ctx; the returned group then is incomplete.
Group compile_conditions(LoadContext& ctx, const YAML::Node& node, YAML::Node* legacy_context);

// Compiles every refs.conditions entry not compiled yet (so unused refs are checked too).
void compile_condition_refs(LoadContext& ctx);

}  // namespace qbt::rules
