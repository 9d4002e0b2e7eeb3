// Process-wide logging on spdlog: level, optional file, trace mode (source locations).
#pragma once

#include <spdlog/spdlog.h>

#include <string>

namespace qbt::log {

struct LogOptions {
    std::string level = "INFO";  // TRACE DEBUG INFO WARNING (WARN) ERROR CRITICAL, any case
    std::string file;            // also log here when non-empty
    bool trace_mode = false;     // add source file:line to every line
};

// Parse a level name; throws std::invalid_argument naming the accepted names.
spdlog::level::level_enum parse_level(const std::string& name);

// Replace the default logger. Safe to call again (e.g. after config is loaded).
void configure(const LogOptions& options);

// The logger plugins write through (name "plugin"; its lines carry the plugin id).
std::shared_ptr<spdlog::logger> plugin_logger();

}  // namespace qbt::log
