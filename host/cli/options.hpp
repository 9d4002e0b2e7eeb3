// The command line (CLI11): which mode to run and which config keys it overrides.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace qbt::cli {

enum class Mode { Serve, Execute, ListJobs, JobStatus, CancelJob, Stats, Validate, ShowConfig, WebhookLine, Version, Preview,
                  Restore, ListRules, None };

struct CliOptions {
    Mode mode = Mode::None;
    std::string config_dir;   // --config-dir ("" = resolved by config_loader.hpp)
    std::string config_file;  // --config
    std::map<std::string, std::string> overrides;  // dotted config key -> value (highest precedence)

    // Client mode.
    std::optional<std::string> context;  // --context / --trigger
    std::optional<std::string> hash;
    std::optional<std::string> instance;  // --instance (execute, list jobs, preview)
    std::vector<std::string> rules;       // --rule NAME, repeatable (execute, preview)
    bool dry_run = false;
    bool wait = false;
    std::string job_id;                  // --job-status / --cancel-job
    std::string restore_hash;            // --restore HASH
    std::optional<std::string> status_filter;
    int limit = 20;  // --list-jobs --limit (qbt-rules 0.6's default)

    std::optional<std::string> validate_file;  // --validate [FILE]
    std::optional<std::string> preview_rules_file;  // --preview-rules FILE
};

// Parse argv. Returns the options, or an exit code when CLI11 already handled the
// call (--help) or the arguments were wrong (message printed).
struct ParseResult {
    std::optional<CliOptions> options;
    int exit_code = 0;
};
ParseResult parse_command_line(int argc, char** argv);

}  // namespace qbt::cli
