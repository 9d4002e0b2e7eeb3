// Load a user plugin in a forked child first, so one that crashes while loading or
// initialising takes down the child, not the server.
#pragma once

#include <functional>
#include <string>

namespace qbt::plugin {

// "" when the child loaded and initialised the plugin (init with the configuration
// `config_of(plugin id)` gives, as in the server, then deinit) and exited cleanly, else
// why not ("crashed with signal 11 (Segmentation fault) while loading", "init failed:
// ...", "did not finish loading within 10 s").
std::string probe_in_child(const std::string& path, int timeout_ms,
                           const std::function<std::string(const std::string&)>& config_of);

}  // namespace qbt::plugin
