#include "cli/options.hpp"

#include <CLI/CLI.hpp>

#include "qbt_build_config.h"

#include <iostream>

namespace qbt::cli {

namespace {
// A flag that sets one config key, e.g. --server-port -> server.port.
void config_flag(CLI::App& app, CliOptions& out, const std::string& flag, const std::string& key,
                 const std::string& help) {
    app.add_option_function<std::string>(
        flag, [&out, key](const std::string& value) { out.overrides[key] = value; }, help + " (" + key + ")");
}
}  // namespace

ParseResult parse_command_line(int argc, char** argv) {
    CliOptions out;
    CLI::App app{"qbt-rules: rules automation for qBittorrent.\n"
                 "Server: qbt-rules --serve.  Client: qbt-rules --context NAME [--hash H] [--wait]."};
    app.set_version_flag("--version", std::string("qbt-rules ") + QBT_RULES_VERSION);

    bool serve = false, list_jobs = false, stats = false, show_config = false, webhook_line = false;
    std::string job_status, cancel_job;
    app.add_flag("--serve", serve, "Run the HTTP API server and the worker");
    app.add_option("--context,--trigger", out.context,
                   "Queue a job for this context (client mode; --trigger is the old name)");
    app.add_option("--hash", out.hash, "Limit the job to one torrent (40 or 64 hex characters)");
    app.add_option("--instance", out.instance,
                   "qBittorrent instance of the job (all = one job per instance); with --list-jobs/--preview too");
    app.add_option("--rule", out.rules,
                   "Run only this rule of the server's rules.yml, whatever its context (repeatable); with --preview too");
    app.add_flag("--wait", out.wait, "Follow the queued job to its end and print its result");
    app.add_flag("--dry-run", out.dry_run, "Evaluate everything, change nothing");
    app.add_flag("--list-jobs", list_jobs, "List jobs on the server");
    app.add_option("--status-filter", out.status_filter, "With --list-jobs: pending, processing, completed, failed or cancelled");
    app.add_option("--limit", out.limit, "With --list-jobs: how many (1-100)")->check(CLI::Range(1, 100));
    app.add_option("--job-status", job_status, "Show one job");
    app.add_option("--cancel-job", cancel_job, "Cancel a pending job");
    app.add_flag("--stats", stats, "Show server statistics");
    app.add_option("--restore", out.restore_hash,
                   "Put a torrent back from the recycle bin (a restore job on the server; with --wait, --dry-run)");
    bool preview = false;
    app.add_flag("--preview", preview,
                 "Show what the rules would do now (dry-run on the server, nothing queued); with --context/--hash");
    app.add_option("--preview-rules", out.preview_rules_file,
                   "With --preview: try this rules file instead of the server's rules");
    auto* validate = app.add_option("--validate", out.validate_file,
                                    "Check a rules file and exit non-zero on errors; without FILE, rules.file and the configuration");
    validate->expected(0, 1);
    bool list_rules = false;
    app.add_flag("--list-rules", list_rules,
                 "List the rules in file order (position, enabled, stop_on_match, context, name) and exit");
    bool trace = false;
    app.add_flag("--trace", trace, "Trace mode: source locations in log lines (logging.trace_mode)");
    app.add_flag("--show-config", show_config, "Print the resolved configuration (secrets hidden) and exit");
    app.add_flag("--webhook-line", webhook_line, "Print the lines to paste into qBittorrent's settings");

    app.add_option("--config-dir", out.config_dir,
                   "Directory holding config.yml and rules.yml (else $QBT_RULES_CONFIG_DIR, $CONFIG_DIR, "
                   "./config when it exists, /config)");
    app.add_option("--config", out.config_file, "Path of config.yml");
    config_flag(app, out, "--log-level", "logging.level", "TRACE, DEBUG, INFO, WARNING or ERROR");
    config_flag(app, out, "--log-file", "logging.file", "Also log to this file");
    config_flag(app, out, "--rules-file,--rules", "rules.file", "Path of rules.yml");
    config_flag(app, out, "--server-host", "server.host", "Address to listen on");
    config_flag(app, out, "--server-port", "server.port", "Port to listen on");
    config_flag(app, out, "--server-api-key", "server.api_key", "API key of the server (prefer the env/_FILE forms)");
    config_flag(app, out, "--server-workers", "server.workers", "HTTP threads");
    config_flag(app, out, "--queue-backend", "queue.backend", "sqlite or redis (or a plugin's backend)");
    config_flag(app, out, "--queue-sqlite-path", "queue.sqlite_path", "SQLite queue file");
    config_flag(app, out, "--queue-redis-url", "queue.redis_url", "redis://[:password@]host[:port][/db]");
    config_flag(app, out, "--queue-cleanup-after", "queue.cleanup_after", "Delete finished jobs older than this (7d)");
    config_flag(app, out, "--client-server-url,--server-url", "client.server_url", "Server URL for client mode");
    config_flag(app, out, "--client-api-key,--api-key", "client.api_key", "API key for client mode (prefer the env/_FILE forms)");
    config_flag(app, out, "--qbittorrent-host", "qbittorrent.host", "qBittorrent WebUI URL");
    config_flag(app, out, "--qbittorrent-username", "qbittorrent.username", "qBittorrent WebUI user");
    config_flag(app, out, "--plugins-dirs", "plugins.dirs", "Colon-separated plugin directories");
    std::vector<std::string> sets;
    app.add_option("--set", sets, "Override any config key: --set section.key=value (repeatable)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return ParseResult{std::nullopt, app.exit(e)};
    }
    for (const auto& assignment : sets) {
        const auto eq = assignment.find('=');
        if (eq == std::string::npos || eq == 0) {
            std::cerr << "--set expects section.key=value, got '" << assignment << "'\n";
            return ParseResult{std::nullopt, 2};
        }
        out.overrides[assignment.substr(0, eq)] = assignment.substr(eq + 1);
    }
    if (out.dry_run) out.overrides.emplace("engine.dry_run", "true");
    if (trace) out.overrides.emplace("logging.trace_mode", "true");

    int modes = 0;
    auto pick = [&](bool on, Mode mode) {
        if (on) {
            ++modes;
            out.mode = mode;
        }
    };
    pick(serve, Mode::Serve);
    pick(!preview && (out.context.has_value() || out.hash.has_value() || !out.rules.empty()), Mode::Execute);
    pick(preview, Mode::Preview);
    pick(list_jobs, Mode::ListJobs);
    pick(!job_status.empty(), Mode::JobStatus);
    pick(!cancel_job.empty(), Mode::CancelJob);
    pick(stats, Mode::Stats);
    pick(!out.restore_hash.empty(), Mode::Restore);
    pick(validate->count() > 0, Mode::Validate);
    pick(show_config, Mode::ShowConfig);
    pick(list_rules, Mode::ListRules);
    pick(webhook_line, Mode::WebhookLine);
    out.job_id = !job_status.empty() ? job_status : cancel_job;
    if (modes > 1) {
        std::cerr << "choose one of --serve, --context, --preview, --list-jobs, --job-status, --cancel-job, --stats, "
                     "--restore, --validate, --list-rules, --show-config, --webhook-line\n";
        return ParseResult{std::nullopt, 2};
    }
    if (modes == 0) {
        std::cerr << app.help() << "\nNothing to do: give --serve (server) or --context NAME (client).\n";
        return ParseResult{std::nullopt, 2};
    }
    return ParseResult{out, 0};
}

}  // namespace qbt::cli
