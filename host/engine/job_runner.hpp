// What the worker asks of the rules engine: run one job, get its result.
#pragma once

#include <optional>
#include <string>
#include <vector>
#include <utility>

namespace qbt::engine {

struct JobRequest {
    std::string job_id;
    std::optional<std::string> context;
    std::optional<std::string> hash;
    bool dry_run = false;
    std::string instance = "default";  // which qBittorrent instance the job is for
    // Only these rules run (POST /api/execute?rule=NAME), whatever their context; empty:
    // every rule that applies to the context. protect:, caps and dry-run hold as ever.
    std::vector<std::string> rules = {};
    // Issue 19: the job's one torrent (hash) has no metadata yet and a rule to run reads a
    // field that needs it (engine/metadata_wait.hpp). Ignore: run as ever (previews).
    // Wait: run nothing, answer waiting_for "metadata" (the worker defers the job).
    // RunWithout: run the other rules, not those, and say why (metadata_note) in the
    // result's `metadata`.
    enum class MetadataWait { Ignore, Wait, RunWithout };
    MetadataWait metadata_wait = MetadataWait::Ignore;
    std::string metadata_note = {};
};

struct JobOutcome {
    // A constructor (not an aggregate) so {ok, result, error} stays valid without
    // missing-initializer warnings now that audit_json exists.
    JobOutcome(bool ok_ = false, std::string result = {}, std::string error_ = {}, std::string audit = {})
        : ok(ok_), result_json(std::move(result)), error(std::move(error_)), audit_json(std::move(audit)) {}

    bool ok = false;
    std::string result_json;  // the job's "result" object (statistics etc.) when ok
    std::string error;        // clear one-paragraph message when !ok
    std::string audit_json;   // executed actions (engine/audit.hpp), "" when none; kept
                              // in the job document as `audit`, not in the result
    // Non-empty ("metadata"): nothing ran; the job waits for this (JobRequest::metadata_wait).
    std::string waiting_for = {};
};

class JobRunner {
public:
    virtual ~JobRunner() = default;
    // Never throws: every failure becomes !ok with a message.
    virtual JobOutcome run(const JobRequest& request) = 0;
};

}  // namespace qbt::engine
