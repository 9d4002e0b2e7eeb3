// Client mode: turn the command line into a client::ClientCommand and run it.
#include "cli/modes.hpp"
#include "client/client.hpp"

namespace qbt::cli {

int client_mode(const config::Config& config, const CliOptions& options) {
    client::ClientCommand command;
    switch (options.mode) {
        case Mode::Execute:
            command = client::ExecuteCommand{options.context, options.hash, options.dry_run, options.wait};
            break;
        case Mode::ListJobs: command = client::ListJobsCommand{options.status_filter, options.limit}; break;
        case Mode::JobStatus: command = client::JobStatusCommand{options.job_id}; break;
        case Mode::CancelJob: command = client::CancelJobCommand{options.job_id}; break;
        case Mode::Stats: command = client::StatsCommand{}; break;
        default: return client::kError;
    }
    return run_client(config, command);
}

}  // namespace qbt::cli
