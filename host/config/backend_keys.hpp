// The selected queue backend's declared settings (Config::queue.backend_specs) as keys of
// the `queue` section: parsed, sourced and shown like the host's own keys (key_table.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/key_table.hpp"
#include "config/setting.hpp"

namespace qbt::config::detail {

// A key per declared setting the host's table does not already have (a backend may
// declare a host key such as queue.sqlite_path: the host's definition then stays).
std::vector<KeyDef> backend_key_defs(const std::vector<BackendSettingSpec>& specs);

// After every layer: a declared setting left unset takes its default (a relative PATH
// default under the config dir); a required one without either is a problem.
void finish_backend_settings(Config& config, Problems& problems);

}  // namespace qbt::config::detail
