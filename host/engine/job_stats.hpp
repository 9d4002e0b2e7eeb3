// A job's statistics (rules-syntax.md "Job statistics") and its result JSON.
#pragma once

#include "engine/audit.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace qbt::engine {

// A torrent as listed in a preview.
struct TorrentRef {
    std::string hash;
    std::string name;
    std::string state;  // qBittorrent's own spelling (4.x pausedUP, 5.x stoppedUP) when it matched
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
    std::string note = {};          // what the action said it would do (ABI 1.3 audit_note), or ""
};

// Values rules read that could not be computed (a missing file, an unreadable path, no
// metadata yet...): per field, how many torrents and why. Such a condition decides nothing.
class UnknownValues {
public:
    // Counts (field, torrent) once; at most kMaxReasons distinct reasons per field, the
    // rest under "other".
    void record(const std::string& field, size_t torrent, const std::string& reason);
    bool empty() const { return fields_.empty(); }
    int count(const std::string& field) const;
    // {"<field>": {"count": n, "reasons": {"<reason>": n}}}
    std::string to_json() const;

    static constexpr size_t kMaxReasons = 10;

private:
    struct Field {
        int count = 0;
        std::map<std::string, int> reasons;
    };
    std::map<std::string, Field> fields_;
    std::set<std::pair<std::string, size_t>> seen_;
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
    UnknownValues unknown_values;
    std::string disk_json;        // the file-usage index's counts, when a job built one
    std::string cleanup_json;     // what removals and moves did to files (cleanup::CleanupLog), or ""
    std::string protected_json;   // what rules.yml `protect:` held back (ProtectedLog), or ""
    std::string metadata_json;    // rules not run for want of metadata (metadata_wait.hpp), or ""
    std::string waiting_for;      // "metadata": nothing ran, the job waits (JobOutcome)

    // Add a rule's counters to the job totals.
    void add(const RuleStats& rule);
    std::string to_json() const;
};

}  // namespace qbt::engine
