// Client mode: talks to a running qbt-rules server (client.server_url, X-API-Key =
// client.api_key) to queue a job, follow it, list jobs, show or cancel one, or show stats.
#pragma once

#include "config/config.hpp"

#include <chrono>
#include <iosfwd>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace qbt::client {

struct ExecuteCommand {
    std::optional<std::string> context;
    std::optional<std::string> hash;
    bool dry_run = false;
    bool wait = false;  // follow the job to its end
    std::optional<std::string> instance;  // qBittorrent instance ("all": one job each)
    std::vector<std::string> rules = {};  // only these rules (sent as the JSON body's "rule")
};
struct ListJobsCommand {
    std::optional<std::string> status_filter;
    int limit = 50;
    std::optional<std::string> instance;  // only this instance's jobs
};
struct JobStatusCommand {
    std::string id;
};
struct CancelJobCommand {
    std::string id;
};
struct StatsCommand {};
// POST /api/preview: the rules in dry-run now, printed as a table.
struct PreviewCommand {
    std::optional<std::string> context;
    std::optional<std::string> hash;
    std::optional<std::string> rules_yaml;  // try these rules instead of the server's
    std::optional<std::string> instance;
    std::vector<std::string> rules = {};    // only these rules
};

// POST /api/recycle-bin/<hash>/restore: a restore job, followed with --wait like a job.
struct RestoreCommand {
    std::string hash;
    bool dry_run = false;
    bool wait = false;
};

using ClientCommand = std::variant<ExecuteCommand, ListJobsCommand, JobStatusCommand, CancelJobCommand,
                                   StatsCommand, PreviewCommand, RestoreCommand>;

// Exit codes. Without --wait, a successful request exits kCompleted.
inline constexpr int kCompleted = 0;
inline constexpr int kFailed = 1;
inline constexpr int kCancelled = 2;
inline constexpr int kError = 3;  // unreachable server, rejected key, bad request...

struct ClientIo {
    std::ostream& out;
    std::ostream& err;
    bool live_status = false;  // \r-updated status line (stdout is a terminal)
    std::chrono::milliseconds poll_interval{1000};
    // How long --wait tolerates an unreachable server before giving up.
    std::chrono::milliseconds unreachable_grace{30000};
};

// With std::cout / std::cerr; live status when stdout is a terminal.
int run_client(const config::Config& config, const ClientCommand& command);
int run_client(const config::Config& config, const ClientCommand& command, const ClientIo& io);

}  // namespace qbt::client
