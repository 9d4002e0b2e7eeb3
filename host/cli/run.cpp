#include "cli/run.hpp"

#include "cli/modes.hpp"
#include "cli/options.hpp"
#include "cli/plugin_setup.hpp"
#include "config/config_loader.hpp"
#include "log/logging.hpp"
#include "queue/backend_settings.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

namespace qbt::cli {

namespace {

bool load(const config::LoadOptions& options, config::Config& cfg) {
    try {
        cfg = config::load_config(options);
        return true;
    } catch (const config::ConfigError& e) {
        std::cerr << "qbt-rules: configuration errors:\n";
        for (const auto& problem : e.problems) std::cerr << "  - " << problem << "\n";
        return false;
    }
}

// The modes that open the queue or show its settings load the plugins, then the
// configuration a second time knowing the queue backend's settings (config_loader.hpp).
bool needs_backend_settings(Mode mode) {
    return mode == Mode::Serve || mode == Mode::Validate || mode == Mode::ShowConfig || mode == Mode::ListRules;
}

}  // namespace

int run(int argc, char** argv) {
    auto parsed = parse_command_line(argc, argv);
    if (!parsed.options) return parsed.exit_code;
    const CliOptions& options = *parsed.options;

    config::LoadOptions load_options;
    if (!options.config_dir.empty()) load_options.config_dir = options.config_dir;
    load_options.config_file = options.config_file;
    load_options.cli = options.overrides;
    load_options.env = config::environment_map();
    // Client modes never open the queue: its backend's settings are not theirs to check.
    load_options.defer_backend_settings = true;
    config::Config cfg;
    if (!load(load_options, cfg)) return 2;
    try {
        log::configure(log::LogOptions{cfg.logging.level, cfg.logging.file, cfg.logging.trace_mode});
    } catch (const std::exception& e) {
        std::cerr << "qbt-rules: cannot set up logging: " << e.what() << "\n";
        return 2;
    }
    std::unique_ptr<plugin::PluginHost> plugins;
    if (needs_backend_settings(options.mode)) {
        if (options.mode == Mode::Serve) block_stop_signals();
        // Serving, plugin loading is worth a log line each; otherwise only problems show.
        plugins = load_plugins(cfg, /*quiet=*/options.mode != Mode::Serve);  // before any thread (the probe forks)
        load_options.defer_backend_settings = false;
        load_options.backend_settings =
            queue::declared_settings(plugins->registry().find_queue_backend(cfg.queue.backend));
        if (!load(load_options, cfg)) return 2;
    }
    for (const auto& warning : cfg.warnings) spdlog::warn("configuration: {}", warning);
    for (const auto& notice : cfg.notices) spdlog::info("configuration: {}", notice);

    try {
        switch (options.mode) {
            case Mode::Serve: return serve(cfg, *plugins);
            case Mode::Validate: return validate(cfg, options, *plugins);
            case Mode::ShowConfig: return show_config(cfg);
            case Mode::ListRules: return list_rules(cfg, *plugins);
            case Mode::WebhookLine: return webhook_line(cfg);
            default: return client_mode(cfg, options);
        }
    } catch (const std::exception& e) {
        std::cerr << "qbt-rules: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace qbt::cli
