#include "engine/engine.hpp"

#include "engine/data_cache.hpp"
#include "engine/engine_match.hpp"
#include "engine/evaluator.hpp"
#include "engine/executor.hpp"
#include "cleanup/restorer.hpp"
#include "engine/field_matcher.hpp"
#include "engine/job_disk_index.hpp"
#include "engine/job_file_usage.hpp"
#include "engine/job_stats.hpp"
#include "engine/metadata_wait.hpp"
#include "engine/protection.hpp"
#include "rules/rule_instances.hpp"
#include "engine/torrent_store.hpp"
#include "webapi/endpoints.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>

namespace qbt::engine {

namespace {
bool is_hex(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

std::map<std::string, uint64_t> diff(const std::map<std::string, uint64_t>& after,
                                     const std::map<std::string, uint64_t>& before) {
    std::map<std::string, uint64_t> out;
    for (const auto& [endpoint, count] : after) {
        auto it = before.find(endpoint);
        uint64_t base = it == before.end() ? 0 : it->second;
        if (count > base) out[endpoint] = count - base;
    }
    return out;
}

std::string state_of(const TorrentRecord& torrent) {
    auto state = torrent.info->FindMember("state");
    return state != torrent.info->MemberEnd() && state->value.IsString() ? state->value.GetString() : "";
}

std::vector<const rules::Condition*> conditions_of(const std::vector<PlanNode>& plans) {
    std::vector<const rules::Condition*> conditions;
    for (const PlanNode& plan : plans) collect_fields(plan, conditions);
    return conditions;
}

bool reads_trackers(const std::vector<const rules::Condition*>& conditions) {
    return std::any_of(conditions.begin(), conditions.end(),
                       [](const rules::Condition* c) { return c->field.space == "trackers"; });
}

// Whether the active rules read trackers.url and no other trackers.* key: then one
// sync/maindata call can answer every torrent (where torrents/info cannot carry them).
bool only_tracker_urls(const std::vector<const rules::Condition*>& conditions) {
    return std::all_of(conditions.begin(), conditions.end(), [](const rules::Condition* c) {
        return c->field.space != "trackers" || c->field.key == "url";
    });
}
}  // namespace

static bool rule_named(const rules::Rule& rule, const std::vector<std::string>& names) {
    return std::find(names.begin(), names.end(), rule.name) != names.end();
}

bool rule_applies(const rules::Rule& rule, const std::optional<std::string>& context) {
    if (rule.contexts.empty()) return true;
    return context && std::find(rule.contexts.begin(), rule.contexts.end(), *context) != rule.contexts.end();
}

Engine::Engine(RulesProvider rules, webapi::WebApi& api, const plugin::Registry& registry, EngineOptions options)
    : rules_(std::move(rules)),
      api_(api),
      registry_(registry),
      options_(std::move(options)),
      tracker_status_(options_.unregistered_messages) {}

JobOutcome Engine::run(const JobRequest& request) {
    try {
        return run_job(request);
    } catch (const std::exception& e) {
        return JobOutcome{false, "", "job " + request.job_id + " failed: " + e.what()};
    } catch (...) {
        return JobOutcome{false, "", "job " + request.job_id + " failed with an unknown exception"};
    }
}

std::string Engine::load_torrents(const JobRequest& request, bool want_trackers, TorrentStore& store) {
    std::string with_trackers;
    auto fetch = [&](const std::string& query) {
        webapi::Response response = api_.request({"GET", "torrents/info", query + with_trackers, ""});
        if (response.status != 200)
            throw std::runtime_error("qBittorrent answered HTTP " + std::to_string(response.status) +
                                     " to torrents/info");
        store.load(response.body);
    };
    try {
        if (want_trackers && webapi::has_info_trackers(api_.api_version()))
            with_trackers = request.hash ? "&includeTrackers=true" : "includeTrackers=true";
        if (!request.hash) {
            fetch("");
            return {};
        }
        std::string hash = lower(*request.hash);
        if ((hash.size() != 40 && hash.size() != 64) || !is_hex(hash))
            return "hash '" + *request.hash + "' is not a torrent hash (40 or 64 hexadecimal digits)";
        fetch("hashes=" + hash);
        // A hybrid torrent's API hash is the first 40 digits of its v2 id.
        if (store.size() == 0 && hash.size() == 64) fetch("hashes=" + hash.substr(0, 40));
        if (store.size() == 0) return "no torrent with hash " + *request.hash + " in qBittorrent";
        return {};
    } catch (const webapi::WebApiError& e) {
        return std::string("cannot read torrents from qBittorrent: ") + e.what();
    }
}

cleanup::ApiFor Engine::api_for(const std::string& job_instance) {
    if (options_.api_for) return options_.api_for;
    // Every instance of the disk scope; at least this engine's own.
    return [this, job_instance](const std::string& name) -> webapi::WebApi* {
        if (options_.disk_scope)
            for (const DiskInstance& instance : *options_.disk_scope)
                if (instance.name == name) return instance.api;
        return name == job_instance ? &api_ : nullptr;
    };
}

JobOutcome Engine::run_restore(const JobRequest& request) {
    if (!options_.recycle_bin)
        return JobOutcome{false, "", "restore: no recycle bin is configured (engine.recycle_bin.dir)"};
    if (!request.hash) return JobOutcome{false, "", "restore: the job names no torrent (hash)"};
    const bool dry_run = request.dry_run || options_.dry_run_default;
    cleanup::RestoreOutcome outcome = cleanup::restore_torrent(*options_.recycle_bin, lower(*request.hash),
                                                               request.instance, api_for(request.instance), dry_run);
    return outcome.ok ? JobOutcome{true, outcome.result_json, ""} : JobOutcome{false, "", outcome.error};
}

JobOutcome Engine::run_job(const JobRequest& request) {
    if (request.context && *request.context == kRestoreContext) return run_restore(request);
    if (request.context && *request.context == kOrphansContext) return run_orphans(request);
    std::shared_ptr<const rules::RuleSet> rules = rules_ ? rules_() : nullptr;
    if (!rules) return JobOutcome{false, "", "no rules are loaded"};
    JobStats stats;
    if (std::string problem = run_rules(request, *rules, stats); !problem.empty())
        return JobOutcome{false, "", problem};
    if (!stats.waiting_for.empty()) {
        JobOutcome waiting{true, "", ""};
        waiting.waiting_for = stats.waiting_for;
        return waiting;
    }
    JobOutcome outcome{true, stats.to_json(), ""};
    if (!stats.audit.empty()) outcome.audit_json = stats.audit.to_json();
    return outcome;
}

std::string Engine::run_rules(const JobRequest& request, const rules::RuleSet& rules, JobStats& stats) {
    const auto calls_before = api_.call_counts();

    std::vector<const rules::Rule*> active;
    std::vector<PlanNode> plans;
    for (const rules::Rule& rule : rules.rules) {
        // Named rules (?rule=NAME) run whatever their context; a disabled one never runs.
        const bool chosen = request.rules.empty() ? rule_applies(rule, request.context) : rule_named(rule, request.rules);
        if (!rule.enabled || !chosen || !rules::rule_for_instance(rule, request.instance)) continue;
        active.push_back(&rule);
        plans.push_back(make_plan(rule.conditions));
    }
    std::vector<const rules::Condition*> conditions = conditions_of(plans);
    if (rules.protect) collect_fields(make_plan(*rules.protect), conditions);  // what protect reads is fetched alike

    TorrentStore store;
    if (std::string problem = load_torrents(request, reads_trackers(conditions), store); !problem.empty())
        return problem;

    // A torrent still fetching its metadata: wait before anything runs, or run without the
    // rules that need it (issue 19; the worker decides which, JobRequest::metadata_wait).
    if (request.hash && request.metadata_wait != JobRequest::MetadataWait::Ignore && store.size() == 1 &&
        !has_metadata(store.at(0))) {
        std::vector<std::string> not_run;
        for (size_t r = active.size(); r-- > 0;) {
            if (!rule_needs_metadata(*active[r])) continue;
            not_run.insert(not_run.begin(), active[r]->name);
            if (request.metadata_wait == JobRequest::MetadataWait::Wait) continue;
            active.erase(active.begin() + static_cast<std::ptrdiff_t>(r));
            plans.erase(plans.begin() + static_cast<std::ptrdiff_t>(r));
        }
        if (!not_run.empty() && request.metadata_wait == JobRequest::MetadataWait::Wait) {
            spdlog::info("job {}: torrent {} has no metadata yet; {} rule(s) need it: waiting", request.job_id,
                         store.at(0).hash, not_run.size());
            stats.waiting_for = "metadata";
            return {};
        }
        if (!not_run.empty()) stats.metadata_json = metadata_note_json(store.at(0).hash, request.metadata_note, not_run);
    }

    stats.dry_run = request.dry_run || options_.dry_run_default;
    stats.total_torrents = static_cast<int>(store.size());

    // Built only if a rule reaches a disk fact for a torrent still a candidate.
    JobDiskIndex disk_index(options_.disk_scope.get(), request.instance, api_, store, !request.hash);
    DataCache cache(api_, store);
    cache.allow_maindata_tracker_urls(!request.hash && only_tracker_urls(conditions));
    cache.set_disk_index(&disk_index);
    FieldMatcher matcher(store, cache, static_cast<int64_t>(std::time(nullptr)), &stats.unknown_values);
    matcher.set_tracker_status(&tracker_status_);
    JobFileUsage usage(disk_index, store);
    Protection protection(rules.protect ? &*rules.protect : nullptr, request.instance, store, matcher, cache);
    cleanup::JobCleanup job_cleanup({request.instance, request.job_id, stats.dry_run, api_for(request.instance),
                                     &usage, options_.recycle_bin,
                                     [&protection](const cleanup::TorrentKey& key) {
                                         return protection.reason(key.instance, key.hash);
                                     }});
    ActionExecutor executor(store, api_, registry_, options_, stats, request.job_id, stats.dry_run, &job_cleanup);
    executor.set_protection(&protection);

    std::vector<bool> claimed(store.size(), false);   // by an earlier stop_on_match rule
    std::vector<bool> processed(store.size(), false);
    for (size_t r = 0; r < active.size(); ++r) {
        const rules::Rule& rule = *active[r];
        RuleStats rule_stats;
        rule_stats.name = rule.name;
        std::vector<size_t> candidates;
        for (size_t t = 0; t < store.size(); ++t)
            if (store.at(t).alive && !claimed[t]) candidates.push_back(t);
        std::vector<size_t> matched = match_rule(plans[r], candidates, matcher, cache, rule_stats, request.job_id);
        rule_stats.matched = static_cast<int>(matched.size());
        for (size_t t : matched) {
            if (stats.record_matches)
                rule_stats.matched_torrents.push_back({store.at(t).hash, store.at(t).name, state_of(store.at(t))});
            processed[t] = true;
            if (rule.stop_on_match) claimed[t] = true;
        }
        if (!matched.empty()) executor.run(rule, matched, rule_stats);
        stats.add(rule_stats);
    }
    stats.torrents_processed = static_cast<int>(std::count(processed.begin(), processed.end(), true));
    if (!job_cleanup.log().empty()) stats.cleanup_json = job_cleanup.log().to_json();
    if (disk_index.built()) stats.disk_json = disk_index.stats_json();
    if (!protection.log().empty()) {
        stats.protected_json = protection.log().to_json();
        stats.audit.set_protected(stats.protected_json);
    }
    stats.api_calls = diff(api_.call_counts(), calls_before);
    spdlog::info("job {}: {} torrents, {} matched, {} executed, {} skipped, {} errors{}", request.job_id,
                 stats.total_torrents, stats.rules_matched, stats.actions_executed, stats.actions_skipped,
                 stats.errors, stats.dry_run ? " (dry-run)" : "");
    return {};
}

}  // namespace qbt::engine
