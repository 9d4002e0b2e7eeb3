// GET /api/jobs, GET /api/jobs/:id, DELETE /api/jobs/:id.
#include "server/api.hpp"
#include "server/instance_param.hpp"
#include "server/validation.hpp"

#include "metrics/job_metrics.hpp"
#include "queue/job.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

namespace qbt::server {
namespace {

constexpr uint64_t kDefaultLimit = 50;
constexpr uint64_t kMaxLimit = 100;

Reply job_not_found(const std::string& id) {
    return error_reply(404, "not_found", "no job with id " + quote_input(id));
}

// A job's JSON without its audit (served only by GET /api/jobs/:id/actions). By value:
// callers that are done with the job move it in (no copy of a large audit just to drop it).
std::string lean_json(queue::Job job) {
    job.extra_json.erase("audit");
    return queue::to_json(job);
}

}  // namespace

Reply handle_list_jobs(ApiContext& api, const ApiRequest& request) {
    std::optional<std::string> status;
    std::optional<std::string> context;
    if (auto v = find_param(request.query, "status")) status = validate_status(*v);
    if (auto v = find_param(request.query, "context")) context = validate_context(*v);
    uint64_t limit = kDefaultLimit;
    uint64_t offset = 0;
    if (auto v = find_param(request.query, "limit")) limit = std::min(parse_count("limit", *v), kMaxLimit);
    if (auto v = find_param(request.query, "offset")) offset = parse_count("offset", *v);
    std::optional<std::string> instance;  // absent = every instance's jobs
    if (auto v = find_param(request.query, "instance")) instance = validate_instance(api.deps.config, v);

    queue::JobList list = api.deps.queue.list(status, context, static_cast<uint32_t>(limit), offset, instance);
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.StartObject();
    writer.Key("total");
    writer.Uint64(list.total);
    writer.Key("limit");
    writer.Uint64(limit);
    writer.Key("offset");
    writer.Uint64(offset);
    writer.Key("jobs");
    writer.StartArray();
    for (queue::Job& job : list.jobs) {
        const std::string json = lean_json(std::move(job));
        writer.RawValue(json.c_str(), json.size(), rapidjson::kObjectType);
    }
    writer.EndArray();
    writer.EndObject();
    return json_reply(200, buffer.GetString());
}

Reply handle_get_job(ApiContext& api, const ApiRequest& request) {
    const std::string id = request.job_id.value_or("");
    const auto job = api.deps.queue.get(id);
    if (!job) return job_not_found(id);
    return json_reply(200, lean_json(*job));
}

Reply handle_cancel_job(ApiContext& api, const ApiRequest& request) {
    const std::string id = request.job_id.value_or("");
    const queue::CancelResult result = api.deps.queue.cancel(id);
    using Outcome = queue::CancelResult::Outcome;
    if (result.outcome == Outcome::NotFound) return job_not_found(id);
    if (result.outcome == Outcome::NotPending) {
        const std::string status = result.job ? result.job->status : "no longer pending";
        return error_reply(400, "not_pending",
                           "job " + id + " is " + status + "; only pending jobs can be cancelled");
    }
    spdlog::info("job {} cancelled", id);
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.StartObject();
    writer.Key("job_id");
    writer.String(id.c_str());
    writer.Key("status");
    writer.String("cancelled");
    writer.Key("message");
    writer.String("Job cancelled successfully");
    writer.EndObject();
    return json_reply(200, buffer.GetString());
}

}  // namespace qbt::server
