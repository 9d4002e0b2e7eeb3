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
    bool secret = false;  // beyond is_secret_key()'s names: a backend's secret setting
};

const std::vector<KeyDef>& key_table();  // the host's own keys
const KeyDef* find_key(const std::string& dotted_key);  // nullptr when unknown

// The keys one load knows: the host's table plus the selected queue backend's declared
// settings (backend_keys.hpp). In the first pass of a start-up (plugins not loaded yet,
// `defer_queue`), a queue.<name> nobody knows yet may be a backend's: it is set aside
// (no error, no warning) for the second pass, which knows the backend.
class Keys {
public:
    Keys() = default;
    Keys(std::vector<KeyDef> backend, bool defer_queue);
    const KeyDef* find(const std::string& dotted_key) const;  // nullptr when unknown
    std::vector<const KeyDef*> all() const;                   // host keys first
    bool deferred(const std::string& dotted_key) const;       // unknown, but maybe a backend's
    bool defers_queue() const { return defer_queue_; }
    bool secret(const KeyDef& def) const;

private:
    std::vector<KeyDef> backend_;
    bool defer_queue_ = false;
};

}  // namespace qbt::config::detail
