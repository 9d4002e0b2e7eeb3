// A job's statistics (rules-syntax.md "Job statistics") and its result JSON.
#pragma once

#include "engine/audit.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace qbt::engine {

// A torrent as listed in a preview.
struct TorrentRef {
    std::string hash;
    std::string name;
};

struct RuleStats {
    std::string name;
    int matched = 0;
    std::vector<TorrentRef> matched_torrents;  // only when JobStats::record_matches
    int actions_executed = 0;
    int actions_skipped = 0;
    int errors = 0;
    std::string until_json;  // until: {free_space} report (engine/until_free_space.cpp), "" when none
};

// An action a dry-run would have executed (already-in-effect ones are not listed).
struct PlannedAction {
    std::string rule;
    std::string hash;
    std::string name;
    std::string action;
    std::string params_json;  // the action's params object
    std::string details_json = {};  // what a planned removal or move would do (host/cleanup), or ""
};

struct JobStats {
    int total_torrents = 0;
    int torrents_processed = 0;
    int rules_matched = 0;
    int actions_executed = 0;
    int actions_skipped = 0;
    int errors = 0;
    bool dry_run = false;
    std::vector<RuleStats> rules;
    std::vector<PlannedAction> planned;
    int deletes_capped = 0;  // deletions not executed because a cap was reached
    std::string deletes_capped_message;
    std::map<std::string, uint64_t> api_calls;  // this job's Web API calls by endpoint
    bool record_matches = false;  // list each rule's matched torrents (previews)
    AuditLog audit;               // executed actions (not part of to_json())
    std::string cleanup_json;     // what removals and moves did to files (cleanup::CleanupLog), or ""
    std::string disk_json;        // the file index's costs {stat_calls, file_list_calls, ms}, or ""

    // Add a rule's counters to the job totals.
    void add(const RuleStats& rule);
    std::string to_json() const;
};

}  // namespace qbt::engine
