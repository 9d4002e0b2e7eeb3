// Loads the built queue-backend plugins (qbt_queue_sqlite.so, qbt_queue_redis.so) from
// $QBT_RULES_PLUGINS_BUILTIN_DIR into a plugin::Registry, without the host's loader.
#pragma once

#include "plugin/registry.hpp"

namespace qbt::queue_test {

// Loaded once per process; plugins stay loaded. Throws std::runtime_error on failure.
const plugin::Registry& queue_registry();

}  // namespace qbt::queue_test
