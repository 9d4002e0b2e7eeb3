#include "cli/run.hpp"

#include "cli/modes.hpp"
#include "cli/options.hpp"
#include "config/config_loader.hpp"
#include "log/logging.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

namespace qbt::cli {

int run(int argc, char** argv) {
    auto parsed = parse_command_line(argc, argv);
    if (!parsed.options) return parsed.exit_code;
    const CliOptions& options = *parsed.options;

    config::LoadOptions load;
    if (!options.config_dir.empty()) load.config_dir = options.config_dir;
    load.config_file = options.config_file;
    load.cli = options.overrides;
    load.env = config::environment_map();
    config::Config cfg;
    try {
        cfg = config::load_config(load);
    } catch (const config::ConfigError& e) {
        std::cerr << "qbt-rules: configuration errors:\n";
        for (const auto& problem : e.problems) std::cerr << "  - " << problem << "\n";
        return 2;
    }
    try {
        log::configure(log::LogOptions{cfg.logging.level, cfg.logging.file, cfg.logging.trace_mode});
    } catch (const std::exception& e) {
        std::cerr << "qbt-rules: cannot set up logging: " << e.what() << "\n";
        return 2;
    }
    for (const auto& warning : cfg.warnings) spdlog::warn("configuration: {}", warning);

    try {
        switch (options.mode) {
            case Mode::Serve: return serve(cfg);
            case Mode::Validate: return validate(cfg, options);
            case Mode::ShowConfig: return show_config(cfg);
            case Mode::WebhookLine: return webhook_line(cfg);
            default: return client_mode(cfg, options);
        }
    } catch (const std::exception& e) {
        std::cerr << "qbt-rules: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace qbt::cli
