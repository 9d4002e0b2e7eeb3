// ActionExecutor's side of the file guard (host/cleanup): the caps left for cross-seed
// group members, taking those members out of the job, and the guard's records as audit
// details (and the action's own audit notes, ABI 1.3).
#include "engine/executor.hpp"

#include "rules/redact.hpp"

#include <algorithm>
#include <set>

namespace qbt::engine {

int ActionExecutor::extra_deletes_allowed(const rules::Rule& rule, size_t batch, int rule_deletes) const {
    int left = -1;
    if (options_.max_deletes_per_job >= 0) left = std::max(0, options_.max_deletes_per_job - job_deletes_);
    if (rule.max_deletes) {
        const int rule_left = std::max(0, *rule.max_deletes - rule_deletes);
        left = left < 0 ? rule_left : std::min(left, rule_left);
    }
    return left < 0 ? -1 : std::max(0, left - static_cast<int>(batch));
}

std::string ActionExecutor::details_of(size_t t) const {
    const std::string& hash = torrents_.at(t).hash;
    for (const cleanup::RemovalRecord& r : call_removals_)
        if (r.torrent.hash == hash && r.group_of.empty()) return cleanup::CleanupLog::to_json(r);
    for (const cleanup::MoveRecord& m : call_moves_)
        if (m.torrent.hash == hash) return cleanup::CleanupLog::to_json(m);
    return "";
}

std::string ActionExecutor::note_of(size_t t) const {
    auto it = call_notes_.find(torrents_.at(t).hash);
    return it == call_notes_.end() ? std::string() : it->second;
}

void ActionExecutor::take_out_group_members(const rules::Rule& rule, const rules::Action& action,
                                            const std::vector<size_t>& todo, RuleStats& rule_stats,
                                            int& rule_deletes) {
    if (!cleanup_) return;
    std::set<std::string> asked;
    for (size_t t : todo) asked.insert(torrents_.at(t).hash);
    const std::string& instance = cleanup_->settings().instance;
    const std::string params = rules::redact_params_json(action.params_json);
    for (const cleanup::RemovalRecord& r : call_removals_) {
        if (r.code != QBT_OK || r.group_of.empty()) continue;
        if (r.torrent.instance == instance && asked.count(r.torrent.hash)) continue;
        ++job_deletes_;
        ++rule_deletes;
        const std::optional<size_t> t =
            r.torrent.instance == instance ? torrents_.find(r.torrent.hash) : std::nullopt;
        if (t) torrents_.at(*t).alive = false;
        const std::string details = cleanup::CleanupLog::to_json(r);
        if (dry_run_) {
            ++rule_stats.actions_skipped;
            stats_.planned.push_back({rule.name, r.torrent.hash, r.torrent.name, action.type, params, details});
        } else {
            ++rule_stats.actions_executed;
            stats_.audit.add({rule.name, r.torrent.hash, r.torrent.name, action.type, params, "ok", details});
        }
    }
}

}  // namespace qbt::engine
