// One function per mode of the executable. Each returns the process exit code.
#pragma once

#include "cli/options.hpp"
#include "config/config.hpp"

namespace qbt::cli {

int serve(const config::Config& config);
int validate(const config::Config& config, const CliOptions& options);
int webhook_line(const config::Config& config);
int show_config(const config::Config& config);
int client_mode(const config::Config& config, const CliOptions& options);

}  // namespace qbt::cli
