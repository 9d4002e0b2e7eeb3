// GET /api/jobs/:id/actions: the job's audit of executed actions (engine/audit.hpp),
// kept in the job document as `audit` and left out of the other job answers.
#include "server/api.hpp"

#include "queue/job.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace qbt::server {

Reply handle_job_actions(ApiContext& api, const ApiRequest& request) {
    const std::string id = request.job_id.value_or("");
    const auto job = api.deps.queue.get(id);
    if (!job) return error_reply(404, "not_found", "no job with id " + quote_input(id));

    rapidjson::Document audit;
    if (auto it = job->extra_json.find("audit"); it != job->extra_json.end()) audit.Parse(it->second.c_str());
    const bool usable = !audit.HasParseError() && audit.IsObject() && audit.HasMember("actions") &&
                        audit["actions"].IsArray();

    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("job_id");
    w.String(job->job_id.c_str(), static_cast<rapidjson::SizeType>(job->job_id.size()));
    w.Key("status");
    w.String(job->status.c_str(), static_cast<rapidjson::SizeType>(job->status.size()));
    w.Key("dry_run");
    w.Bool(job->dry_run);
    w.Key("actions");
    if (usable) audit["actions"].Accept(w);
    else w.StartArray(), w.EndArray();
    w.Key("omitted");  // entries past the audit's cap (engine::AuditLog::kMaxEntries)
    w.Uint64(usable && audit.HasMember("omitted") && audit["omitted"].IsUint64() ? audit["omitted"].GetUint64() : 0);
    if (usable && audit.HasMember("protected") && audit["protected"].IsObject()) {
        w.Key("protected");  // what rules.yml protect: held back (engine/protected_log.hpp)
        audit["protected"].Accept(w);
    }
    w.EndObject();
    return json_reply(200, buffer.GetString());
}

}  // namespace qbt::server
