// Loads the layered configuration. Per key, highest precedence first:
//   CLI  >  *_FILE env  >  env  >  config.yml  >  defaults.
//
// Config file: LoadOptions::config_file (--config FILE), else env QBT_RULES_CONFIG_FILE,
// else <config dir>/config.yml if it exists. A missing file is an error only when it was
// named explicitly. Config dir: LoadOptions::config_dir when given (even "/config"),
// else env QBT_RULES_CONFIG_DIR, else env CONFIG_DIR (qbt-rules 0.6), else ./config when
// that folder exists (0.6), else "/config"; sources["config_dir"] says which.
//
// Defaults that are paths follow the config dir: rules.file = <config dir>/rules.yml,
// queue.sqlite_path = <config dir>/qbt-rules.db. Relative paths given by the user are used
// as written (relative to the working directory).
//
// Env names: QBT_RULES_<SECTION>_<KEY> upper-cased (plugins.dirs is colon-separated), plus
// legacy aliases (see env_source.cpp). Every env name also has a <NAME>_FILE form whose
// value is a path to read the value from (one trailing newline stripped). Empty env values
// count as unset. Unknown QBT_RULES_* names are ignored with a warning (Config::warnings);
// unknown YAML keys are errors.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace qbt::config {

// Every problem found, each naming the key and where the value came from.
struct ConfigError : std::runtime_error {
    explicit ConfigError(std::vector<std::string> all_problems);
    std::vector<std::string> problems;
};

struct LoadOptions {
    std::string config_dir;                  // --config-dir ("" = not given); config.yml looked up inside
    std::string config_file;                 // --config FILE (overrides dir lookup)
    std::map<std::string, std::string> cli;  // dotted key -> value; highest precedence
    std::map<std::string, std::string> env;  // the process environment (injectable)
    // Start-up loads twice (cli/run.cpp): first with defer_backend_settings, before the
    // plugins are loaded (a queue.<name> the host does not know is set aside, no error or
    // warning), then with the selected queue backend's declared settings, which are then
    // keys like the host's own (YAML, QBT_RULES_QUEUE_<NAME>[_FILE], --set, --show-config)
    // and anything else under queue: is unknown.
    bool defer_backend_settings = false;
    std::vector<BackendSettingSpec> backend_settings;
};

// Throws ConfigError listing every problem at once.
Config load_config(const LoadOptions& options);

// The process environment as a map.
std::map<std::string, std::string> environment_map();

// Human-readable dump (one "key = value  [source]" line per key); secrets as "***"
// (a URL keeps all but its password).
std::string describe(const Config& config);

// The text of queue setting `name` for a backend's open(): the host's own key queue.<name>
// when there is one, else the declared setting's value; nullopt when neither has one.
std::optional<std::string> queue_setting_text(const QueueConfig& queue, const std::string& name);

// True for keys whose values must never be shown (api_key, trigger_key, password,
// basic_auth_password, redis_url).
bool is_secret_key(const std::string& dotted_key);

// The CLI option spelling of a dotted key: "server.api_key" -> "--server-api-key".
std::string cli_option_name(const std::string& dotted_key);

// Every dotted key the loader knows, in display order (for building CLI options).
std::vector<std::string> known_keys();

}  // namespace qbt::config
