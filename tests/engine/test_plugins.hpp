// Small in-process operators and actions (registered like a plugin's) so the engine's
// unit tests do not depend on the core plugins' exact behaviour, plus a qbt_host table
// whose qbt_request goes through the ClientHandle's WebApi.
#pragma once

#include "plugin/registry.hpp"

#include <qbt/host.h>

namespace qbt::testing {

// Operators: == != contains not_contains in > fail (always QBT_E_LIMIT).
// Actions: add_tag (effect), stop/pause (effect), set_category (no effect: the host
// re-reads), delete_torrent (removes), broken (execute fails per torrent).
// Returns the LoadedPlugin they are registered under.
const plugin::LoadedPlugin* register_test_plugins(plugin::Registry& registry);

const qbt_host* test_host_table();

}  // namespace qbt::testing
