// What the worker asks of the rules engine: run one job, get its result.
#pragma once

#include <optional>
#include <string>

namespace qbt::engine {

struct JobRequest {
    std::string job_id;
    std::optional<std::string> context;
    std::optional<std::string> hash;
    bool dry_run = false;
};

struct JobOutcome {
    bool ok = false;
    std::string result_json;  // the job's "result" object (statistics etc.) when ok
    std::string error;        // clear one-paragraph message when !ok
};

class JobRunner {
public:
    virtual ~JobRunner() = default;
    // Never throws: every failure becomes !ok with a message.
    virtual JobOutcome run(const JobRequest& request) = 0;
};

}  // namespace qbt::engine
