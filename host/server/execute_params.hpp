// The parameters of POST /api/execute, from the query string, a form-encoded body or a
// JSON body. A parameter given twice with different values is rejected.
#pragma once

#include "server/api.hpp"

#include <optional>
#include <string>

namespace qbt::server {

struct ExecuteParams {
    std::optional<std::string> context;
    std::optional<std::string> hash;  // lower-case
    std::optional<bool> dry_run;
    std::optional<std::string> instance;  // as given; see instance_param.hpp (absent = "default")
};

// Throws ParamError naming the parameter (or "body" for an unreadable body).
ExecuteParams parse_execute_params(const ApiRequest& request);

}  // namespace qbt::server
