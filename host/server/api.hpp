// What every API handler sees: the server's dependencies, the worker, and the request
// reduced to what the API uses (decoded), so handlers need no Pistache types.
#pragma once

#include "config/config.hpp"
#include "engine/job_runner.hpp"
#include "engine/preview.hpp"
#include "plugin/registry.hpp"
#include "queue/job_queue.hpp"
#include "server/params.hpp"
#include "server/reply.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace qbt::server {
class ExecuteCommitter;
}
namespace qbt::worker {
class Worker;
}
namespace qbt::metrics {
class ServerMetrics;
}
namespace qbt::schedule {
class Scheduler;
}
namespace qbt::server {

struct ServerDeps {
    const config::Config& config;
    const plugin::Registry& registry;
    queue::JobQueue& queue;
    engine::JobRunner& runner;
    std::function<std::string()> rules_problem;  // "" when the rules loaded fine
    engine::PreviewRunner* previewer = nullptr;  // POST /api/preview; null = not offered
    // GET /api/rules: the loaded rules as JSON (rules::rules_to_json), "" when none loaded;
    // empty function = not offered.
    std::function<std::string()> rules_json = {};
    // GET /api/health's "disk" member: can the server read the mapped local roots (JSON
    // object, cli/disk_check.hpp), and "" or the error when a rule needs unreadable ones.
    struct DiskHealth {
        std::string json;
        std::string error;
    };
    std::function<DiskHealth()> disk_health = {};
    // The recycle bin (engine.recycle_bin), empty functions when none is configured.
    // GET /api/recycle-bin: {"dir", "keep_seconds", "entries": [...]}.
    std::function<std::string()> recycle_bin_json = {};
    // The instance of a hash's newest complete entry (where its restore job runs).
    std::function<std::optional<std::string>(const std::string& hash)> recycle_bin_instance = {};
    // Run by the worker with its hourly queue cleanup (the bin's expiry).
    std::function<void()> housekeeping = {};
    // GET /api/health and /api/stats "qbittorrent": each instance's qBittorrent and Web API
    // version once known (engine::InstanceEngines::versions_json); empty function = not shown.
    std::function<std::string()> qbittorrent_versions = {};
};

struct ApiContext {
    ServerDeps deps;
    const worker::Worker& worker;
    std::chrono::steady_clock::time_point started_at;
    metrics::ServerMetrics* metrics = nullptr;          // null: GET /metrics answers 404
    const schedule::Scheduler* scheduler = nullptr;     // null: no schedule configured
    ExecuteCommitter* execute_committer = nullptr;      // null: POST /api/execute stores in the HTTP thread
};

struct ApiRequest {
    std::string method;
    std::string path;
    ParamMap query;            // decoded
    std::string body;
    std::string content_type;  // lower-case media type without parameters, "" if none
    std::optional<std::string> job_id;  // the :id path segment
    std::optional<std::string> path_hash;  // the :hash path segment (recycle bin)
    std::optional<std::string> if_none_match;  // the If-None-Match header (dashboard files)
};

Reply handle_execute(ApiContext& api, const ApiRequest& request);
Reply handle_list_jobs(ApiContext& api, const ApiRequest& request);
Reply handle_get_job(ApiContext& api, const ApiRequest& request);
Reply handle_cancel_job(ApiContext& api, const ApiRequest& request);
Reply handle_job_actions(ApiContext& api, const ApiRequest& request);
Reply handle_preview(ApiContext& api, const ApiRequest& request);
Reply handle_health(ApiContext& api, const ApiRequest& request);
Reply handle_stats(ApiContext& api, const ApiRequest& request);
Reply handle_version(ApiContext& api, const ApiRequest& request);
Reply handle_metrics(ApiContext& api, const ApiRequest& request);
Reply handle_rules(ApiContext& api, const ApiRequest& request);
Reply handle_actions_summary(ApiContext& api, const ApiRequest& request);
Reply handle_dashboard(ApiContext& api, const ApiRequest& request);
Reply handle_recycle_bin(ApiContext& api, const ApiRequest& request);
Reply handle_restore(ApiContext& api, const ApiRequest& request);

}  // namespace qbt::server
