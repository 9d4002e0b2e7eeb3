// Runs one matched rule's actions over its torrents: idempotency skips, one execute()
// per action for the whole batch, effects merged into the job's torrents, deletions
// taken out of the job within the caps, dry-run planning.
#pragma once

#include "engine/effect_spelling.hpp"
#include "engine/engine_options.hpp"
#include "engine/job_stats.hpp"
#include "rules/rule_model.hpp"
#include "engine/torrent_store.hpp"
#include "plugin/registry.hpp"
#include "webapi/web_api.hpp"

#include <string>
#include <vector>

namespace qbt::engine {

class ActionExecutor {
public:
    ActionExecutor(TorrentStore& torrents, webapi::WebApi& api, const plugin::Registry& registry,
                   const EngineOptions& options, JobStats& stats, std::string job_id, bool dry_run);

    // `matched`: torrent indexes, all alive. Updates `rule_stats` (executed/skipped/errors).
    void run(const rules::Rule& rule, const std::vector<size_t>& matched, RuleStats& rule_stats);

private:
    void run_action(const rules::Rule& rule, const rules::Action& action, const std::vector<size_t>& matched,
                    RuleStats& rule_stats, int& rule_deletes);
    // Limit `todo` to what the job and rule caps still allow; records what was held back.
    void apply_delete_caps(const rules::Rule& rule, const rules::Action& action, std::vector<size_t>& todo, int rule_deletes);
    std::vector<int32_t> execute(const rules::Rule& rule, const rules::Action& action, const std::vector<size_t>& todo,
                                 RuleStats& rule_stats);
    // Merge the action's effect into torrent i (in the server's spelling: EffectSpelling);
    // false when the plugin could not say.
    bool apply_effect(const rules::Action& action, size_t torrent);
    // Records what happened to torrent t in the job's audit (params redacted).
    void audit(const rules::Rule& rule, const rules::Action& action, size_t t, std::string outcome);
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
    std::string batch_error_;                    // why the last execute() failed as a whole
    const rules::Action* audit_params_for_ = nullptr;  // audit_params_ caches this action's
    std::string audit_params_;                   // redacted params
    EffectSpelling spelling_;                    // effects read like the running qBittorrent
};

}  // namespace qbt::engine
