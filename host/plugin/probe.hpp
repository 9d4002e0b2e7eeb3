// Load a user plugin in a forked child first, so one that crashes while loading or
// initialising takes down the child, not the server.
#pragma once

#include <string>

namespace qbt::plugin {

// "" when the child loaded and initialised the plugin and exited cleanly, else why not
// ("crashed with signal 11 (Segmentation fault) while loading", "init failed: ...",
// "did not finish loading within 10 s").
std::string probe_in_child(const std::string& path, int timeout_ms);

}  // namespace qbt::plugin
