// The `rule` parameter of POST /api/execute and POST /api/preview (issue 19): run only
// these rules. Read from the query string (one: Pistache 0.0.5 keeps the first of a
// repeated query name), a form body (repeatable: rule=a&rule=b) or a JSON body ("rule":
// a name or a list of names); checked against the loaded rules.
#pragma once

#include "server/api.hpp"

#include <string>
#include <vector>

namespace qbt::server {

// The names in request order, duplicates dropped. Throws ParamError("rule") for an empty
// name or a JSON value that is neither a string nor a list of strings.
std::vector<std::string> rule_names_from(const ApiRequest& request);

// Throws ParamError("rule") naming each unknown or disabled rule and listing the rules
// (`rules_json`: rules::rules_to_json of the loaded rules; "" when none loaded).
void check_rule_names(const std::vector<std::string>& names, const std::string& rules_json);

}  // namespace qbt::server
