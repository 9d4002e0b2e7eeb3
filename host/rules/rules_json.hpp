// The loaded rules as JSON, for GET /api/rules and the dashboard's rules tree: each rule,
// its condition groups and actions with the file:line:column they came from. Action
// params are redacted like the audit's (no webhook URL or token leaves the server).
#pragma once

#include "rules/rule_model.hpp"

#include <string>

namespace qbt::rules {

// {"source": path, "rules": [{name, enabled, contexts, instances, stop_on_match, max_deletes, where,
//   conditions: {kind:"all"|"any"|"none", where, items:[group | {field, operator,
//   expected, where}]}, actions: [{type, params, where}]}]}
std::string rules_to_json(const RuleSet& rules);

}  // namespace qbt::rules
