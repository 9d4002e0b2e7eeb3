// Client mode: turn the command line into a client::ClientCommand and run it.
#include "cli/modes.hpp"
#include "client/client.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace qbt::cli {

int client_mode(const config::Config& config, const CliOptions& options) {
    client::ClientCommand command;
    switch (options.mode) {
        case Mode::Execute:
            command = client::ExecuteCommand{options.context, options.hash, options.dry_run, options.wait,
                                             options.instance, options.rules};
            break;
        case Mode::ListJobs: command = client::ListJobsCommand{options.status_filter, options.limit, options.instance}; break;
        case Mode::JobStatus: command = client::JobStatusCommand{options.job_id}; break;
        case Mode::CancelJob: command = client::CancelJobCommand{options.job_id}; break;
        case Mode::Stats: command = client::StatsCommand{}; break;
        case Mode::Restore: command = client::RestoreCommand{options.restore_hash, options.dry_run, options.wait}; break;
        case Mode::Preview: {
            client::PreviewCommand preview{options.context, options.hash, std::nullopt, options.instance, options.rules};
            if (options.preview_rules_file) {
                std::ifstream in(*options.preview_rules_file);
                if (!in) {
                    std::cerr << "qbt-rules: cannot read --preview-rules file " << *options.preview_rules_file << "\n";
                    return client::kError;
                }
                std::ostringstream text;
                text << in.rdbuf();
                preview.rules_yaml = text.str();
            }
            command = preview;
            break;
        }
        default: return client::kError;
    }
    return run_client(config, command);
}

}  // namespace qbt::cli
