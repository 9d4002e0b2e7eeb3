// Secret action params (webhook URLs, tokens, passwords) never leave the server: the
// job's audit (engine/executor.cpp) and GET /api/rules (rules/rules_json.cpp) both show
// params only through redact_params_json.
#pragma once

#include <string>
#include <string_view>

namespace qbt::rules {

// Whether a param with this name holds a secret (url, token, password, secret, key,
// webhook anywhere in the name, any case): its value is never stored or shown.
bool is_secret_param(std::string_view name);

// The params object with every secret value (at any depth) replaced by "***".
// Text that is not a JSON object becomes "{}".
std::string redact_params_json(const std::string& params_json);

}  // namespace qbt::rules
