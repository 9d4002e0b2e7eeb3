// Live preview: the rules run in dry-run for one request, synchronously and bounded in
// time, answering per rule what matched and what would be done. Nothing is queued and
// nothing changes in qBittorrent. This header is the interface the server uses (it does
// not link the engine); engine/previewer.hpp implements it.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace qbt::engine {

struct PreviewRequest {
    std::optional<std::string> context;
    std::optional<std::string> hash;        // lower-case hex
    std::optional<std::string> rules_yaml;  // try these rules instead of the server's
    std::string instance = "default";       // the qBittorrent instance to preview on
    std::vector<std::string> rules = {};    // only these rules (JobRequest::rules); empty: all
};

struct PreviewOutcome {
    enum class Status {
        Ok,            // json: {rules:[...], stats:{...}, ...}
        InvalidRules,  // json: [{file,line,column,rule,message}...]; message: summary
        Busy,          // another preview is running (or still running after its timeout)
        Timeout,       // not finished within the time bound
        Failed,        // could not run (qBittorrent unreachable, unknown hash, no rules)
    };
    Status status = Status::Failed;
    std::string json;
    std::string message;
};

class PreviewRunner {
public:
    virtual ~PreviewRunner() = default;
    // Never throws.
    virtual PreviewOutcome preview(const PreviewRequest& request) = 0;
};

}  // namespace qbt::engine
