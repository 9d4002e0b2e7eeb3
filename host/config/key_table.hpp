// The table of every configuration key: how to parse it into Config, how to show it, and
// its extra (legacy) environment names.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/setting.hpp"

namespace qbt::config::detail {

struct KeyDef {
    std::string key;  // dotted, e.g. "queue.cleanup_after"
    // Env names beyond the canonical QBT_RULES_<SECTION>_<KEY>, lowest priority last.
    std::vector<std::string> env_aliases;
    // Stores the parsed value; returns the problem text, "" when the value was fine.
    std::function<std::string(Config&, const RawSetting&)> apply;
    // The current value as text (unmasked: callers mask secrets).
    std::function<std::string(const Config&)> show;
};

const std::vector<KeyDef>& key_table();
const KeyDef* find_key(const std::string& dotted_key);  // nullptr when unknown

}  // namespace qbt::config::detail
