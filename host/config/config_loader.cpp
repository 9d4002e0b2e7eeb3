#include "config/config_loader.hpp"

#include <filesystem>

#include "config/backend_keys.hpp"
#include "config/env_source.hpp"
#include "config/instances_source.hpp"
#include "config/unknown_env.hpp"
#include "config/key_table.hpp"
#include "config/schedule_source.hpp"
#include "config/yaml_source.hpp"

extern char** environ;

namespace qbt::config {

namespace {

using detail::Problems;
using detail::RawSetting;

constexpr const char* kDefaultConfigDir = "/config";

std::string env_value(const LoadOptions& options, const std::string& name) {
    auto it = options.env.find(name);
    return it == options.env.end() ? "" : it->second;
}

std::string join_path(const std::string& dir, const std::string& name) {
    return (std::filesystem::path(dir) / name).string();
}

// Config dir, ours first, then qbt-rules 0.6's: --config-dir, QBT_RULES_CONFIG_DIR,
// CONFIG_DIR, ./config when that folder exists, else /config.
void resolve_config_dir(const LoadOptions& options, Config& config) {
    std::error_code ec;
    config.config_dir = kDefaultConfigDir;
    if (!options.config_dir.empty()) {  // given, even when it is /config
        config.config_dir = options.config_dir;
        config.sources["config_dir"] = "cli --config-dir";
    } else if (auto dir = env_value(options, "QBT_RULES_CONFIG_DIR"); !dir.empty()) {
        config.config_dir = dir;
        config.sources["config_dir"] = "env QBT_RULES_CONFIG_DIR";
    } else if (auto legacy = env_value(options, "CONFIG_DIR"); !legacy.empty()) {
        config.config_dir = legacy;
        config.sources["config_dir"] = "env CONFIG_DIR";
    } else if (std::filesystem::is_directory("config", ec)) {
        config.config_dir = std::filesystem::absolute("config", ec).string();
        config.sources["config_dir"] = "./config (the folder exists)";
    }
    // Path defaults follow the config dir.
    config.rules.file = join_path(config.config_dir, "rules.yml");
    config.queue.sqlite_path = join_path(config.config_dir, "qbt-rules.db");
}

// The config.yml to read ("" for none); a named file that is missing is a problem.
std::string resolve_config_file(const LoadOptions& options, Config& config,
                                Problems& problems) {
    std::string named = options.config_file;
    std::string source = "cli --config";
    if (named.empty()) {
        named = env_value(options, "QBT_RULES_CONFIG_FILE");
        source = "env QBT_RULES_CONFIG_FILE";
    }
    std::error_code ec;
    if (!named.empty()) {
        if (!std::filesystem::exists(named, ec)) {
            problems.add_plain("config file " + named + ": not found (" + source + ")");
            return "";
        }
        config.sources["config_file"] = source;
        return named;
    }
    std::string implicit = join_path(config.config_dir, "config.yml");
    return std::filesystem::exists(implicit, ec) ? implicit : "";
}

void apply_layer(const std::vector<RawSetting>& layer, const detail::Keys& keys, Config& config,
                 Problems& problems) {
    for (const auto& raw : layer) {
        const auto* def = keys.find(raw.key);
        if (!def) {
            if (!keys.deferred(raw.key)) problems.add(raw.key, "unknown key", raw.source);
            continue;
        }
        if (auto problem = def->apply(config, raw); !problem.empty())
            problems.add(raw.key, problem, raw.source);
        else
            config.sources[raw.key] = raw.source;
    }
}

std::vector<RawSetting> cli_settings(const LoadOptions& options, const detail::Keys& keys) {
    std::vector<RawSetting> layer;
    for (const auto& [key, value] : options.cli) {
        if (detail::is_instance_cli_key(key)) continue;  // read by resolve_instances
        const auto* def = keys.find(key);
        layer.push_back(RawSetting::scalar(key, value, "cli " + cli_option_name(key),
                                           def ? keys.secret(*def) : is_secret_key(key)));
    }
    return layer;
}

std::string join_names(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
    return text;
}

std::string join_problems(const std::vector<std::string>& problems) {
    std::string text = "invalid configuration (" + std::to_string(problems.size()) +
                       (problems.size() == 1 ? " problem):" : " problems):");
    for (const auto& problem : problems) text += "\n  - " + problem;
    return text;
}

}  // namespace

ConfigError::ConfigError(std::vector<std::string> all_problems)
    : std::runtime_error(join_problems(all_problems)), problems(std::move(all_problems)) {}

Config load_config(const LoadOptions& options) {
    Problems problems;
    Config config;
    resolve_config_dir(options, config);
    config.config_file = resolve_config_file(options, config, problems);

    config.queue.backend_specs = options.backend_settings;
    const detail::Keys keys(detail::backend_key_defs(options.backend_settings), options.defer_backend_settings);
    detail::YamlSettings yaml;
    if (!config.config_file.empty()) yaml = detail::read_yaml_settings(config.config_file, keys, problems);
    const detail::EnvSettings env = detail::read_env_settings(options.env, keys, problems);

    // Lowest precedence first: each layer overwrites the one before. Every value given is
    // validated, even when a higher layer overrides it.
    apply_layer(yaml.settings, keys, config, problems);
    apply_layer(env.plain, keys, config, problems);
    apply_layer(env.files, keys, config, problems);
    apply_layer(cli_settings(options, keys), keys, config, problems);
    detail::finish_backend_settings(config, problems);

    config.plugins.config_json = yaml.plugin_config_json;
    for (const auto& [id, source] : yaml.plugin_config_sources)
        config.sources["plugins.config." + id] = source;

    // schedule: the env list (if any QBT_RULES_SCHEDULE_* is set) replaces the YAML list.
    if (auto from_env = detail::read_env_schedule(options.env, problems)) {
        config.schedule = std::move(*from_env);
        config.sources["schedule"] = "env QBT_RULES_SCHEDULE_*";
    } else if (yaml.schedule) {
        config.schedule = std::move(*yaml.schedule);
        config.sources["schedule"] = yaml.schedule_source;
    }

    detail::resolve_instances(yaml.instances ? &*yaml.instances : nullptr, options.env, options.cli, config,
                              problems);
    for (const auto& entry : config.schedule)
        if (entry.instance != kAllInstances && !config.find_instance(entry.instance))
            problems.add("schedule", "instance '" + entry.instance + "' is not configured (configured: " +
                                         join_names(config.instance_names()) + ", or all)",
                         entry.source);

    if (!problems.items.empty()) throw ConfigError(std::move(problems.items));
    config.warnings = detail::unknown_env_warnings(options.env, config, keys);
    if (!config.metrics.multiproc_dir.empty())
        config.notices.push_back("metrics.multiproc_dir (" + config.sources["metrics.multiproc_dir"] +
                                 ") is accepted and ignored: it exists for gunicorn's worker processes, "
                                 "and this server is one process");
    return config;
}

std::optional<std::string> queue_setting_text(const QueueConfig& queue, const std::string& name) {
    if (const auto* def = detail::find_key("queue." + name)) {
        Config view;
        view.queue = queue;
        return def->show(view);
    }
    auto it = queue.backend_values.find(name);
    if (it == queue.backend_values.end()) return std::nullopt;
    return it->second;
}

std::map<std::string, std::string> environment_map() {
    std::map<std::string, std::string> env;
    for (char** entry = environ; entry && *entry; ++entry) {
        std::string text(*entry);
        auto eq = text.find('=');
        if (eq == std::string::npos) continue;
        env.emplace(text.substr(0, eq), text.substr(eq + 1));
    }
    return env;
}

}  // namespace qbt::config
