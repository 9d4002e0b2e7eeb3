// Loads the BUILT core-operators plugin through its C ABI, as the host does.
#pragma once

#include <qbt/qbt.h>

#include <cstdint>
#include <string>
#include <vector>

#include "test_value.hpp"

namespace qbt_test {

// What compile() + match() gave: rc is compile's error, else match's answer (1/0/error).
struct Outcome {
    int rc = 0;
    std::string message;  // err.message when rc < 0
};

class CorePlugin {
public:
    // dlopen()s <QBT_RULES_PLUGINS_BUILTIN_DIR>/qbt_core_operators.so once per process
    // and calls init(); aborts the test binary with a message when that fails.
    static CorePlugin& get();

    const qbt_plugin_entry& entry() const { return *entry_; }
    const qbt_condition_operator_factory& factory() const { return *factory_; }
    const qbt_condition_operator* find(const std::string& name) const;  // nullptr when absent
    const std::vector<std::string>& log_lines() const { return log_; }

    // compile(expected), then match(actual) at `now`, then release().
    Outcome evaluate(const std::string& op, const Value& expected, const Value& actual,
                     int64_t now = 1'700'000'000) const;
    // compile(expected) and release(): the compile result alone.
    Outcome compile(const std::string& op, const Value& expected) const;

private:
    CorePlugin();
    static void log_line(const qbt_host* host, qbt_log_level level, const char* message);

    const qbt_plugin_entry* entry_ = nullptr;
    const qbt_condition_operator_factory* factory_ = nullptr;
    qbt_host host_{};
    std::vector<std::string> log_;
};

}  // namespace qbt_test
