// The `instance` parameter (POST /api/execute, GET /api/jobs, POST /api/preview):
// which configured qBittorrent instance a request is about.
//   absent        -> "default" (the single qbittorrent.host form's instance)
//   "all"         -> every configured instance (only where the endpoint fans out)
//   unknown name  -> ParamError (400) naming the parameter and listing the configured names
#pragma once

#include "config/config.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qbt::server {

// One instance name (no "all").
std::string validate_instance(const config::Config& config, const std::optional<std::string>& value);

// The instances a request targets: one name, or every configured one for "all".
std::vector<std::string> target_instances(const config::Config& config, const std::optional<std::string>& value);

}  // namespace qbt::server
