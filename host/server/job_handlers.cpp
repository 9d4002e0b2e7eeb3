// GET /api/jobs, GET /api/jobs/:id, DELETE /api/jobs/:id.
#include "server/api.hpp"
#include "server/instance_param.hpp"
#include "server/validation.hpp"

#include "metrics/job_metrics.hpp"
#include "queue/job.hpp"

#include <rapidjson/document.h>
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

// A stored job as the API shows it, without its audit (served only by GET
// /api/jobs/:id/actions): parsed once, in place (the text is ours), and written straight
// into the reply; the audit is skipped, never copied or re-serialised.
void write_lean(rapidjson::Writer<rapidjson::StringBuffer>& writer, std::string& document) {
    rapidjson::Document doc;
    doc.ParseInsitu(document.data());
    try {
        if (doc.HasParseError()) throw std::invalid_argument("job JSON: not a JSON object");
        queue::write_job(writer, doc, "audit");
    } catch (const std::invalid_argument& e) {
        throw queue::QueueError(QBT_E_IO, std::string("the queue holds a damaged job: ") + e.what());
    }
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

    queue::DocumentList list =
        api.deps.queue.list_documents(status, context, static_cast<uint32_t>(limit), offset, instance);
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
    for (std::string& document : list.documents) write_lean(writer, document);
    writer.EndArray();
    writer.EndObject();
    return json_reply(200, std::string(buffer.GetString(), buffer.GetSize()));
}

Reply handle_get_job(ApiContext& api, const ApiRequest& request) {
    const std::string id = request.job_id.value_or("");
    auto document = api.deps.queue.get_document(id);
    if (!document) return job_not_found(id);
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    write_lean(writer, *document);
    return json_reply(200, std::string(buffer.GetString(), buffer.GetSize()));
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
