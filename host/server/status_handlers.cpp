// GET /api/health, /api/stats, /api/version.
#include "server/api.hpp"
#include "server/instance_param.hpp"
#include "server/instance_stats.hpp"
#include "server/params.hpp"
#include "server/schedule_status.hpp"
#include "worker/worker.hpp"

#include "queue/job.hpp"

#include <qbt/version.h>
#include <qbt_build_config.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <spdlog/fmt/fmt.h>

#include <vector>

namespace qbt::server {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

const char* const kStatuses[] = {"pending", "processing", "completed", "failed", "cancelled"};

struct QueueCounts {
    uint64_t by_status[5] = {};
    uint64_t total = 0;
};

// One instance's jobs: a count-only list per status (the backend's instance filter).
QueueCounts instance_queue_counts(queue::JobQueue& queue, const std::string& instance) {
    QueueCounts counts;
    for (int i = 0; i < 5; ++i) {
        counts.by_status[i] = queue.list(std::string(kStatuses[i]), std::nullopt, 0, 0, instance).total;
        counts.total += counts.by_status[i];
    }
    return counts;
}

// Reads queue.stats_json(); unknown or missing counts stay 0.
QueueCounts queue_counts(queue::JobQueue& queue) {
    QueueCounts counts;
    rapidjson::Document doc;
    const std::string json = queue.stats_json();
    doc.Parse(json.c_str(), json.size());
    if (doc.HasParseError() || !doc.IsObject()) return counts;
    for (int i = 0; i < 5; ++i) {
        const auto it = doc.FindMember(kStatuses[i]);
        if (it != doc.MemberEnd() && it->value.IsUint64()) counts.by_status[i] = it->value.GetUint64();
        counts.total += counts.by_status[i];
    }
    return counts;
}

void optional_string(Writer& w, const char* key, const std::optional<std::string>& value) {
    w.Key(key);
    if (value) w.String(value->c_str(), static_cast<rapidjson::SizeType>(value->size()));
    else w.Null();
}

void write_worker(Writer& w, const worker::WorkerSnapshot& snap, const std::string& status) {
    w.Key("worker");
    w.StartObject();
    w.Key("status");
    w.String(status.c_str());
    w.Key("activity");
    w.String(snap.state.c_str());
    optional_string(w, "current_job", snap.current_job);
    optional_string(w, "last_job_completed", snap.last_job_completed);
    w.Key("jobs_completed");
    w.Uint64(snap.jobs_done);
    w.Key("jobs_failed");
    w.Uint64(snap.jobs_failed);
    w.EndObject();
}

// Mean run time of the most recent completed jobs (of one instance, or all): (seconds, sample size).
std::pair<double, uint64_t> average_run_seconds(queue::JobQueue& queue, const std::optional<std::string>& instance) {
    const queue::JobList recent = queue.list(std::string("completed"), std::nullopt, 100, 0, instance);
    double total = 0;
    uint64_t samples = 0;
    for (const queue::Job& job : recent.jobs) {
        if (!job.started_at || !job.completed_at) continue;
        try {
            const int64_t micros =
                queue::unix_micros_from_iso(*job.completed_at) - queue::unix_micros_from_iso(*job.started_at);
            if (micros < 0) continue;
            total += static_cast<double>(micros) / 1e6;
            ++samples;
        } catch (const std::exception&) {
            // a malformed timestamp: leave this job out of the average
        }
    }
    return {samples ? total / static_cast<double>(samples) : 0.0, samples};
}

// "qbittorrent": {"<instance>": {"version": "v5.1.0"|null, "webapi_version": "2.11.4"|null}}.
void write_qbittorrent_versions(Writer& w, const ServerDeps& deps) {
    if (!deps.qbittorrent_versions) return;
    const std::string versions = deps.qbittorrent_versions();
    w.Key("qbittorrent");
    w.RawValue(versions.c_str(), versions.size(), rapidjson::kObjectType);
}

// With group support (several servers on one queue): this server's id, the servers seen,
// which holds which instance's lease, pending jobs per instance.
void write_group(Writer& w, const worker::Worker& worker) {
    const std::string group = worker.group_json();
    if (group.empty()) return;
    w.Key("group");
    w.RawValue(group.c_str(), group.size(), rapidjson::kObjectType);
}

}  // namespace

Reply handle_health(ApiContext& api, const ApiRequest&) {
    std::vector<std::string> errors;
    std::string queue_problem;
    QueueCounts counts;
    try {
        queue_problem = api.deps.queue.health_problem();
        if (queue_problem.empty()) counts = queue_counts(api.deps.queue);
    } catch (const std::exception& e) {
        queue_problem = e.what();
    }
    if (!queue_problem.empty()) errors.push_back("queue: " + queue_problem);
    const std::string worker_problem = api.worker.health_problem();
    if (!worker_problem.empty()) errors.push_back("worker: " + worker_problem);
    const std::string rules_problem = api.deps.rules_problem ? api.deps.rules_problem() : "";
    if (!rules_problem.empty()) errors.push_back("rules: " + rules_problem);
    const ServerDeps::DiskHealth disk = api.deps.disk_health ? api.deps.disk_health() : ServerDeps::DiskHealth{};
    if (!disk.error.empty()) errors.push_back("disk: " + disk.error);

    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("status");
    w.String(errors.empty() ? "healthy" : "unhealthy");
    w.Key("version");
    w.String(QBT_RULES_VERSION);
    w.Key("queue");
    w.StartObject();
    w.Key("status");
    w.String(queue_problem.empty() ? "ok" : "error");
    w.Key("backend");
    w.String(api.deps.queue.backend_name().c_str());
    w.Key("pending_jobs");
    w.Uint64(counts.by_status[0]);
    w.Key("processing_jobs");
    w.Uint64(counts.by_status[1]);
    w.EndObject();
    const worker::WorkerSnapshot snap = api.worker.snapshot();
    // "running" when healthy; a live but unhealthy thread is stuck; else its state (stopped, dead...).
    const bool alive = snap.state == "idle" || snap.state == "processing";
    write_worker(w, snap, worker_problem.empty() ? "running" : alive ? "stuck" : snap.state);
    write_group(w, api.worker);
    write_qbittorrent_versions(w, api.deps);
    w.Key("rules");
    w.String(rules_problem.empty() ? "ok" : "error");
    if (!disk.json.empty()) {
        w.Key("disk");
        w.RawValue(disk.json.c_str(), disk.json.size(), rapidjson::kObjectType);
    }
    if (!errors.empty()) {
        w.Key("errors");
        w.StartArray();
        for (const std::string& e : errors) w.String(e.c_str());
        w.EndArray();
    }
    w.Key("timestamp");
    w.String(queue::now_iso().c_str());
    w.EndObject();
    return json_reply(errors.empty() ? 200 : 503, buffer.GetString());
}

Reply handle_stats(ApiContext& api, const ApiRequest& request) {
    // ?instance=NAME: the job counts, depth and run times of that instance's jobs only
    // (absent or "all": every instance); an unknown name is a 400 naming the parameter.
    std::optional<std::string> instance = find_param(request.query, "instance");
    if (instance && *instance == config::kAllInstances) instance.reset();
    if (instance) instance = validate_instance(api.deps.config, instance);
    const QueueCounts counts = instance ? instance_queue_counts(api.deps.queue, *instance) : queue_counts(api.deps.queue);
    const auto [average, samples] = average_run_seconds(api.deps.queue, instance);
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("instance");  // whose jobs are counted: a name, or "all"
    w.String(instance ? instance->c_str() : config::kAllInstances);
    w.Key("jobs");
    w.StartObject();
    w.Key("total");
    w.Uint64(counts.total);
    for (int i = 0; i < 5; ++i) {
        w.Key(kStatuses[i]);
        w.Uint64(counts.by_status[i]);
    }
    w.EndObject();
    w.Key("instances");  // job counts per qBittorrent instance
    const std::string per_instance = instance_counts_json(api.deps.config, api.deps.queue, instance);
    w.RawValue(per_instance.c_str(), per_instance.size(), rapidjson::kObjectType);
    write_qbittorrent_versions(w, api.deps);
    w.Key("performance");
    w.StartObject();
    w.Key("average_execution_seconds");
    if (samples) w.Double(average);
    else w.Null();
    w.Key("average_execution_time");
    if (samples) w.String(fmt::format("{:.2f}s", average).c_str());
    else w.Null();
    w.Key("sample_size");
    w.Uint64(samples);
    w.EndObject();
    w.Key("queue");
    w.StartObject();
    w.Key("backend");
    w.String(api.deps.queue.backend_name().c_str());
    w.Key("depth");
    w.Uint64(counts.by_status[0]);
    w.EndObject();
    const worker::WorkerSnapshot snap = api.worker.snapshot();
    write_worker(w, snap, snap.state);
    write_group(w, api.worker);
    if (api.scheduler) {
        w.Key("schedule");
        const std::string schedule = schedule_json(*api.scheduler);
        w.RawValue(schedule.c_str(), schedule.size(), rapidjson::kArrayType);
    }
    w.Key("uptime_seconds");
    w.Int64(std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                             api.started_at).count());
    w.Key("timestamp");
    w.String(queue::now_iso().c_str());
    w.EndObject();
    return json_reply(200, buffer.GetString());
}

Reply handle_version(ApiContext& api, const ApiRequest&) {
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("version");
    w.String(QBT_RULES_VERSION);
    w.Key("api_version");
    w.String("1");
    w.Key("abi");
    w.StartObject();
    w.Key("major");
    w.Uint(QBT_ABI_MAJOR);
    w.Key("minor");
    w.Uint(QBT_ABI_MINOR);
    w.EndObject();
    w.Key("plugins");
    w.StartArray();
    for (const plugin::LoadedPlugin& p : api.deps.registry.plugins()) {
        w.StartObject();
        w.Key("id");
        w.String(p.id.c_str());
        w.Key("name");
        w.String(p.name.c_str());
        w.Key("version");
        w.String(p.version.c_str());
        w.Key("path");
        w.String(p.path.c_str());
        w.Key("builtin");
        w.Bool(p.builtin);
        w.Key("provides");
        w.StartArray();
        for (const std::string& item : p.provides) w.String(item.c_str());
        w.EndArray();
        w.EndObject();
    }
    w.EndArray();
    w.Key("plugin_problems");
    w.StartArray();
    for (const std::string& problem : api.deps.registry.problems()) w.String(problem.c_str());
    w.EndArray();
    w.EndObject();
    return json_reply(200, buffer.GetString());
}

}  // namespace qbt::server
