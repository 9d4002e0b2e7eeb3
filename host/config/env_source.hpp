// Reads configuration from environment variables: the env layer and the *_FILE layer.
//
// Names tried per key, first set (non-empty) one wins within a layer:
//   QBT_RULES_<SECTION>_<KEY>, then the key's legacy aliases in this order:
//     logging.level       QBT_RULES_LOG_LEVEL, LOG_LEVEL
//     logging.file        QBT_RULES_LOG_FILE
//     logging.trace_mode  QBT_RULES_LOG_TRACE_MODE, TRACE_MODE
//     logging.http_access QBT_RULES_LOG_HTTP_ACCESS
//     engine.dry_run      QBT_RULES_DRY_RUN
// Each name also has a <NAME>_FILE form (the value is read from that file, one trailing
// "\n" or "\r\n" removed); any *_FILE beats any plain name.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "config/key_table.hpp"
#include "config/setting.hpp"

namespace qbt::config::detail {

struct EnvSettings {
    std::vector<RawSetting> plain;  // from QBT_RULES_... values
    std::vector<RawSetting> files;  // from QBT_RULES_..._FILE files (higher precedence)
};

// Reads a *_FILE file into `value` (one trailing "\n" or "\r\n" removed); returns the
// problem ("" when fine).
std::string read_value_file(const std::string& path, std::string& value);

// The env names for a key, highest priority first (without the _FILE forms).
std::vector<std::string> env_names(const KeyDef& def);

// Every key of `keys` (the host's and the queue backend's); unreadable *_FILE files go to
// `problems` (naming the variable and path).
EnvSettings read_env_settings(const std::map<std::string, std::string>& env, const Keys& keys,
                              Problems& problems);

}  // namespace qbt::config::detail
