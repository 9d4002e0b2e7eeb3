// Runs one matched rule's actions over its torrents: idempotency skips, one execute()
// per action for the whole batch, effects merged into the job's torrents, deletions
// taken out of the job within the caps (cross-seed groups too), dry-run planning, and
// `until: {free_space}` rules one torrent at a time (engine/until_free_space.cpp).
#pragma once

#include "cleanup/job_guard.hpp"
#include "engine/effect_spelling.hpp"
#include "engine/engine_options.hpp"
#include "engine/job_stats.hpp"
#include "engine/protection.hpp"
#include "rules/rule_model.hpp"
#include "engine/torrent_store.hpp"
#include "plugin/registry.hpp"
#include "webapi/web_api.hpp"

#include <map>
#include <string>
#include <vector>

namespace qbt::engine {

class ActionExecutor {
public:
    // `cleanup`: the job's file guard (removals and moves of files); nullptr refuses them.
    ActionExecutor(TorrentStore& torrents, webapi::WebApi& api, const plugin::Registry& registry,
                   const EngineOptions& options, JobStats& stats, std::string job_id, bool dry_run,
                   cleanup::JobCleanup* cleanup = nullptr);

    // rules.yml `protect:` for this job (nullptr: nothing is protected).
    void set_protection(Protection* protection) { protection_ = protection; }

    // `matched`: torrent indexes, all alive. Updates `rule_stats` (executed/skipped/errors).
    void run(const rules::Rule& rule, const std::vector<size_t>& matched, RuleStats& rule_stats);

private:
    void run_action(const rules::Rule& rule, const rules::Action& action, const std::vector<size_t>& matched,
                    RuleStats& rule_stats, int& rule_deletes);
    // until: {free_space}: one matched torrent at a time, in order_by order, until the
    // target is reached or a step frees nothing (until_free_space.cpp).
    void run_until(const rules::Rule& rule, std::vector<size_t> matched, RuleStats& rule_stats);
    // How many torrents beyond `batch` the caps still allow (cross-seed group members);
    // negative = no cap.
    int extra_deletes_allowed(const rules::Rule& rule, size_t batch, int rule_deletes) const;
    // Torrents the guard removed with a cross-seed group beyond the batch: out of the job,
    // counted against the caps, audited (or planned).
    void take_out_group_members(const rules::Rule& rule, const rules::Action& action, const std::vector<size_t>& todo,
                                RuleStats& rule_stats, int& rule_deletes);
    // The guard's record of torrent t in the last execute(), as JSON, or "".
    std::string details_of(size_t t) const;
    // Takes the protected torrents out of a removal's `todo` before the caps count it.
    void hold_back_protected(const rules::Rule& rule, const rules::Action& action, std::vector<size_t>& todo);
    // Records torrent t as held back by `protect:` (result, log, audit outside dry runs).
    void record_protected(const rules::Rule& rule, const rules::Action& action, size_t t, const std::string& why);
    // Limit `todo` to what the job and rule caps still allow; records what was held back.
    void apply_delete_caps(const rules::Rule& rule, const rules::Action& action, std::vector<size_t>& todo, int rule_deletes);
    std::vector<int32_t> execute(const rules::Rule& rule, const rules::Action& action, const std::vector<size_t>& todo,
                                 RuleStats& rule_stats, int rule_deletes);
    // Merge the action's effect into torrent i (in the server's spelling: EffectSpelling);
    // false when the plugin could not say.
    bool apply_effect(const rules::Action& action, size_t torrent);
    // The action's audit note (ABI 1.3 audit_note) for torrent t in the last execute(), or "".
    std::string note_of(size_t t) const;
    // Records what happened to torrent t in the job's audit (params redacted).
    void audit(const rules::Rule& rule, const rules::Action& action, size_t t, std::string outcome,
               std::string details = {}, std::string note = {});
    // One torrents/info?hashes= call to refresh torrents whose effect is unknown.
    void refetch(const std::vector<size_t>& torrents, RuleStats& rule_stats);

    TorrentStore& torrents_;
    webapi::WebApi& api_;
    const plugin::Registry& registry_;
    const EngineOptions& options_;
    JobStats& stats_;
    std::string job_id_;
    bool dry_run_;
    int job_deletes_ = 0;
    cleanup::JobCleanup* cleanup_;
    Protection* protection_ = nullptr;
    std::map<std::string, std::string> call_held_back_;  // protected in the last execute(): hash -> why
    std::vector<cleanup::RemovalRecord> call_removals_;  // what the guard did in the last execute()
    std::vector<cleanup::MoveRecord> call_moves_;
    std::map<std::string, std::string> call_notes_;  // the action's audit notes in the last execute(): hash -> note
    uint64_t bytes_freed_ = 0;                   // by the guard's removals so far (until: free_space)
    std::string batch_error_;                    // why the last execute() failed as a whole
    const rules::Action* audit_params_for_ = nullptr;  // audit_params_ caches this action's
    std::string audit_params_;                   // redacted params
    EffectSpelling spelling_;                    // effects read like the running qBittorrent
};

}  // namespace qbt::engine
