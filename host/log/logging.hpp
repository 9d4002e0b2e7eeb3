// Process-wide logging on spdlog: level, optional file, trace mode (qbt-rules 0.6's
// `--trace` / logging.trace_mode: every level down to TRACE, each line with its thread and,
// where the call site records one, its source file:line and function).
#pragma once

#include <spdlog/spdlog.h>

#include <string>

namespace qbt::log {

struct LogOptions {
    std::string level = "INFO";  // TRACE DEBUG INFO WARNING (WARN) ERROR CRITICAL, any case
    std::string file;            // also log here when non-empty
    bool trace_mode = false;     // level TRACE, thread id and source location in every line
};

// The pattern configure() gives every sink (tests pin it).
std::string pattern(bool trace_mode);

// Parse a level name; throws std::invalid_argument naming the accepted names.
spdlog::level::level_enum parse_level(const std::string& name);

// Replace the default logger. Safe to call again (e.g. after config is loaded).
// Lines: "2026-12-07 12:00:00.123 INFO  [qbt-rules] message"; in trace mode
// "2026-12-07 12:00:00.123 TRACE [plugin] [thread 4242] message (file.cpp:12 function)", the
// source part only from calls that carry one (SPDLOG_LOGGER_* macros), never an empty "(:)".
void configure(const LogOptions& options);

// The logger plugins write through (name "plugin"; its lines carry the plugin id).
std::shared_ptr<spdlog::logger> plugin_logger();

}  // namespace qbt::log
