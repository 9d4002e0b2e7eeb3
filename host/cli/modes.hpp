// One function per mode of the executable. Each returns the process exit code.
#pragma once

#include "cli/options.hpp"
#include "config/config.hpp"
#include "plugin/plugin_host.hpp"

namespace qbt::cli {

// Serve takes SIGTERM/SIGINT with sigwait(): block them before any thread starts (the
// plugins' init may start some), so every thread inherits the mask.
void block_stop_signals();

// `plugins`: loaded by run() before the configuration's second pass (config_loader.hpp).
int serve(const config::Config& config, plugin::PluginHost& plugins);
int validate(const config::Config& config, const CliOptions& options, plugin::PluginHost& plugins);
int list_rules(const config::Config& config, plugin::PluginHost& plugins);
int webhook_line(const config::Config& config);
int show_config(const config::Config& config);
int client_mode(const config::Config& config, const CliOptions& options);

}  // namespace qbt::cli
