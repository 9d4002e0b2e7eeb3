// GET /metrics (Prometheus text format 0.0.4) and the schedule's part of GET /api/stats.
#include "server/api.hpp"
#include "server/schedule_status.hpp"

#include "metrics/exposition.hpp"
#include "metrics/job_metrics.hpp"
#include "schedule/scheduler.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

namespace qbt::server {

Reply handle_metrics(ApiContext& api, const ApiRequest&) {
    if (!api.metrics) return error_reply(404, "not_found", "metrics are not collected by this server");
    // metrics.enabled: false (qbt-rules 0.6's default file) turns /metrics off unless our own
    // metrics.public asks for it (config/config.hpp, MetricsConfig).
    const auto& settings = api.deps.config.metrics;
    if (!settings.enabled && !settings.public_access)
        return error_reply(404, "not_found", "metrics are turned off (metrics.enabled: false)");
    try {
        // Queue counts are read now: they include jobs other processes queued or ran.
        rapidjson::Document doc;
        const std::string json = api.deps.queue.stats_json();
        doc.Parse(json.c_str(), json.size());
        std::map<std::string, uint64_t> counts;
        if (!doc.HasParseError() && doc.IsObject())
            for (const auto& m : doc.GetObject())
                if (m.value.IsUint64()) counts[m.name.GetString()] = m.value.GetUint64();
        api.metrics->set_queue_counts(counts);
    } catch (const std::exception& e) {
        spdlog::warn("GET /metrics: queue counts unavailable: {}", e.what());
    }
    Reply reply;
    reply.code = 200;
    reply.body = api.metrics->render();
    reply.headers.emplace_back("Content-Type", metrics::kExpositionContentType);
    return reply;
}

std::string schedule_json(const schedule::Scheduler& scheduler) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartArray();
    for (const schedule::EntryStatus& e : scheduler.status()) {
        w.StartObject();
        w.Key("cron");
        w.String(e.cron.c_str());
        w.Key("context");
        if (e.context) w.String(e.context->c_str());
        else w.Null();
        w.Key("dry_run");
        w.Bool(e.dry_run);
        w.Key("next_run");
        w.String(schedule::iso_utc(e.next_run).c_str());
        w.Key("last_run");
        if (e.last_fired) w.String(schedule::iso_utc(e.last_fired).c_str());
        else w.Null();
        w.EndObject();
    }
    w.EndArray();
    return buffer.GetString();
}

}  // namespace qbt::server
