#include "worker/finished_job.hpp"

#include <exception>
#include <string>
#include <utility>

namespace qbt::worker {

namespace {

// Parses `text` into `doc`; true when it is a JSON object.
bool parse_object(rapidjson::Document& doc, const std::string& text) {
    doc.Parse(text.c_str(), text.size());
    return !doc.HasParseError() && doc.IsObject();
}

}  // namespace

engine::JobOutcome run_safely(engine::JobRunner& runner, const engine::JobRequest& request) {
    try {
        return runner.run(request);
    } catch (const std::exception& e) {
        return {false, "", std::string("the rules engine failed unexpectedly: ") + e.what()};
    } catch (...) {
        return {false, "", "the rules engine failed unexpectedly (unknown exception)"};
    }
}

void finish_job(FinishedJob& out, queue::Job job, engine::JobOutcome outcome) {
    job.completed_at = queue::now_iso();
    if (outcome.ok && outcome.result_json.empty()) outcome.result_json = "{}";
    if (outcome.ok && !parse_object(out.result, outcome.result_json)) {
        outcome = {false, "", "the rules engine returned a result that is not a JSON object"};
    }
    // The audit of executed actions lives in the job document (as long as the job), but
    // outside its result: GET /api/jobs/:id/actions serves it.
    if (!outcome.audit_json.empty() && parse_object(out.audit, outcome.audit_json))
        job.extra_json["audit"] = std::move(outcome.audit_json);
    if (outcome.ok) {
        job.status = "completed";
        job.result_json = std::move(outcome.result_json);
        job.error.reset();
    } else {
        job.status = "failed";
        job.error = outcome.error.empty() ? "the job failed without a message" : outcome.error;
    }
    out.job = std::move(job);
}

}  // namespace qbt::worker
