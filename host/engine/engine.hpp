// The rules engine: runs the current RuleSet against qBittorrent's torrents for one job.
//
// Per job: ONE torrents/info call (or torrents/info?hashes=h for a hash job), which also
// carries every torrent's tracker rows when the rules read trackers.* and the server has
// includeTrackers (qBittorrent 5.1+, webapi::has_info_trackers); other data spaces only when
// a rule reaches a condition on them for a torrent that can still match (see
// engine_match.hpp); each action of a matched rule runs as ONE execute() per batch.
#pragma once

#include "engine/engine_options.hpp"
#include "engine/job_runner.hpp"
#include "engine/job_stats.hpp"
#include "engine/tracker_status.hpp"
#include "rules/rule_model.hpp"
#include "plugin/registry.hpp"
#include "webapi/web_api.hpp"

#include <functional>
#include <memory>

namespace qbt::engine {

class TorrentStore;

// The rule set to use for the next job (the server swaps it on reload).
using RulesProvider = std::function<std::shared_ptr<const rules::RuleSet>()>;

class Engine : public JobRunner {
public:
    Engine(RulesProvider rules, webapi::WebApi& api, const plugin::Registry& registry, EngineOptions options);

    // Never throws. ok=false only when the job could not run at all (qBittorrent
    // unreachable, unknown hash, no rules); per-torrent problems are counted in "errors".
    JobOutcome run(const JobRequest& request) override;

    // Runs `rules` (not the provider's) for `request` into `stats`: "" when done, else
    // why the job could not run. Throws only on unexpected failures. Used by previews.
    std::string run_rules(const JobRequest& request, const rules::RuleSet& rules, JobStats& stats);

private:
    JobOutcome run_job(const JobRequest& request);
    // Each instance's client by name: EngineOptions::api_for, else the disk scope's.
    cleanup::ApiFor api_for(const std::string& job_instance);
    // A job with the context `restore`: the hash's newest recycle-bin entry goes back.
    JobOutcome run_restore(const JobRequest& request);
    // A job with the context `orphans` (orphan_job.cpp): a scan, no rules.
    JobOutcome run_orphans(const JobRequest& request);
    // Fills `store` from torrents/info (with every torrent's tracker rows when
    // `want_trackers` and the server can); returns "" or why the job cannot run.
    std::string load_torrents(const JobRequest& request, bool want_trackers, TorrentStore& store);

    RulesProvider rules_;
    webapi::WebApi& api_;
    const plugin::Registry& registry_;
    EngineOptions options_;
    TrackerStatus tracker_status_;
};

// Whether `rule` runs in a job with `context` (rules-syntax.md: a rule without context
// runs in every job; one with contexts only in jobs naming one of them).
bool rule_applies(const rules::Rule& rule, const std::optional<std::string>& context);

}  // namespace qbt::engine
