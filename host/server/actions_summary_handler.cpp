// GET /api/stats/actions?hours=24: actions executed per type and result in the last
// hours, read from the stored jobs' audits (so it survives restarts and counts jobs run
// by any process sharing the queue). Uses each audit's uncapped `totals` when present.
#include "server/api.hpp"

#include "metrics/audit_counts.hpp"
#include "queue/job.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <map>

namespace qbt::server {
namespace {

constexpr uint32_t kPage = 200;
constexpr uint64_t kMaxJobsScanned = 20000;  // bounds the work of one request
constexpr int64_t kMicrosPerHour = 3600LL * 1000 * 1000;

using Counts = metrics::ActionCounts;

int64_t micros_or(const std::optional<std::string>& iso, int64_t fallback) {
    if (!iso) return fallback;
    try {
        return queue::unix_micros_from_iso(*iso);
    } catch (const std::exception&) {
        return fallback;
    }
}

}  // namespace

Reply handle_actions_summary(ApiContext& api, const ApiRequest& request) {
    int64_t hours = 24;
    if (auto it = request.query.find("hours"); it != request.query.end()) {
        try {
            size_t used = 0;
            hours = std::stoll(it->second, &used);
            if (used != it->second.size() || hours < 1 || hours > 24 * 31) throw std::invalid_argument("range");
        } catch (const std::exception&) {
            return error_reply(400, "invalid_parameter",
                               "hours must be a whole number from 1 to 744, got " + quote_input(it->second));
        }
    }
    const int64_t now = queue::unix_micros_from_iso(queue::now_iso());
    const int64_t since = now - hours * kMicrosPerHour;
    Counts counts;
    uint64_t scanned = 0, jobs_counted = 0;
    bool truncated = false, done = false;
    for (uint64_t offset = 0; !done; offset += kPage) {
        const queue::JobList page = api.deps.queue.list(std::nullopt, std::nullopt, kPage, offset);
        for (const queue::Job& job : page.jobs) {
            // Newest first: a job created an hour before the window cannot have finished in it
            // (jobs are run in order and take minutes), so stop there.
            if (micros_or(job.created_at, now) < since - kMicrosPerHour) {
                done = true;
                break;
            }
            if (++scanned > kMaxJobsScanned) {
                truncated = done = true;
                break;
            }
            if (micros_or(job.completed_at, 0) < since) continue;
            auto audit = job.extra_json.find("audit");
            if (audit == job.extra_json.end()) continue;
            metrics::add_audit_counts(audit->second, counts);
            ++jobs_counted;
        }
        if (page.jobs.size() < kPage) done = true;
    }

    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("hours"); w.Int64(hours);
    w.Key("since"); w.String(queue::iso_from_unix_micros(since).c_str());
    w.Key("by_action");
    w.StartObject();
    for (const auto& [action, results] : counts) {
        w.Key(action.c_str(), static_cast<rapidjson::SizeType>(action.size()));
        w.StartObject();
        for (const auto& [result, n] : results) {
            w.Key(result.c_str(), static_cast<rapidjson::SizeType>(result.size()));
            w.Uint64(n);
        }
        w.EndObject();
    }
    w.EndObject();
    w.Key("jobs_counted"); w.Uint64(jobs_counted);
    w.Key("jobs_scanned"); w.Uint64(std::min(scanned, kMaxJobsScanned));
    w.Key("truncated"); w.Bool(truncated);
    w.EndObject();
    return json_reply(200, buffer.GetString());
}

}  // namespace qbt::server
