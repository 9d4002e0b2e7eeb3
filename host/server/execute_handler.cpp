// POST /api/execute: validate, build the job, store it, answer 202 with it. With an
// ExecuteCommitter (the server's), the store happens on the committer thread together
// with the other requests waiting, and the 202 is sent from there once committed.
#include "server/api.hpp"
#include "server/execute_committer.hpp"
#include "server/execute_params.hpp"
#include "server/instance_param.hpp"
#include "server/rule_param.hpp"

#include "metrics/job_metrics.hpp"
#include "queue/job.hpp"
#include "queue/submit.hpp"

#include <spdlog/spdlog.h>

namespace qbt::server {
namespace {

// The jobs one request asks for.
std::vector<queue::Job> jobs_for_request(ApiContext& api, const ApiRequest& request) {
    const ExecuteParams params = parse_execute_params(request);
    const std::vector<std::string> rules = rule_names_from(request);
    // Only a request naming rules pays for the rules' JSON (a stat of rules.yml, then
    // serialising every rule): most requests name none.
    if (!rules.empty()) check_rule_names(rules, api.deps.rules_json ? api.deps.rules_json() : std::string());
    std::vector<queue::Job> jobs;
    // instance=all: one job per configured instance (instance_param.hpp).
    for (const std::string& instance : target_instances(api.deps.config, params.instance)) {
        queue::Job job;
        job.job_id = queue::new_job_id();
        job.context = params.context;
        job.hash = params.hash;
        job.instance = instance;
        job.status = "pending";
        job.created_at = queue::now_iso();
        // The configured dry_run is a safety switch: a request cannot turn it off.
        job.dry_run = params.dry_run.value_or(false) || api.deps.config.engine.dry_run;
        queue::set_job_rules(job, rules);
        jobs.push_back(std::move(job));
    }
    return jobs;
}

// A coalesced job has the same context, hash and dry_run as the request. One line per
// job at debug (log_queued_batch() writes one per commit at info: a line per job cost 4 %
// of the server's CPU under load).
std::string reply_json(const queue::Submitted& submitted) {
    const queue::Job& job = submitted.job;
    const bool log_job = spdlog::should_log(spdlog::level::debug);  // spares building the arguments
    if (!submitted.coalesced) {
        if (log_job)
            spdlog::debug("job {} queued (context {}, hash {}, dry_run {})", job.job_id, job.context.value_or("-"),
                          job.hash.value_or("-"), job.dry_run);
        return submitted.document;  // as stored: serialised once
    }
    if (log_job)
        spdlog::debug("request coalesced into pending job {} (context {}, hash {}, dry_run {})", job.job_id,
                      job.context.value_or("-"), job.hash.value_or("-"), job.dry_run);
    queue::Job shown = job;
    shown.extra_json.erase("audit");
    shown.extra_json["coalesced"] = "true";  // in this reply only, never stored
    return queue::to_json(shown);
}

// 202 with the job (or {"jobs": [...]} when one request queued several).
Reply accepted_reply(ApiContext& api, const std::vector<queue::Submitted>& submitted) {
    const bool several = submitted.size() != 1;
    std::string body = several ? "{\"jobs\":[" : "";
    for (size_t i = 0; i < submitted.size(); ++i) {
        if (api.metrics) api.metrics->record_submitted("api", submitted[i].coalesced);
        if (i > 0) body += ',';
        body += reply_json(submitted[i]);
    }
    if (several) body += "]}";
    return json_reply(202, std::move(body));
}

// The answer when the jobs could not be stored (as the router answers a thrown error).
Reply failure_reply(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const queue::QueueError& e) {
        spdlog::error("POST /api/execute: queue error: {}", e.what());
        return error_reply(500, "queue_error", std::string("the job queue failed: ") + e.what());
    } catch (const std::exception& e) {
        spdlog::error("POST /api/execute: {}", e.what());
        return error_reply(500, "internal_error", e.what());
    } catch (...) {
        return error_reply(500, "internal_error", "unknown error while queueing the job");
    }
}

}  // namespace

Reply handle_execute(ApiContext& api, const ApiRequest& request) {
    std::vector<queue::Job> jobs = jobs_for_request(api, request);
    const bool coalesce = api.deps.config.queue.coalesce;
    if (!api.execute_committer) {
        // Durable once submit_jobs returns: only then answer 202.
        const auto submitted = queue::submit_jobs(api.deps.queue, jobs, coalesce);
        log_queued_batch(submitted, 1);
        return accepted_reply(api, submitted);
    }
    Reply later;
    later.deferred = [&api, coalesce, jobs = std::move(jobs)](std::function<void(Reply)> send) mutable {
        auto done = [&api, send](const std::vector<queue::Submitted>* submitted, std::exception_ptr error) {
            send(submitted ? accepted_reply(api, *submitted) : failure_reply(error));
        };
        if (api.execute_committer->submit(std::move(jobs), done)) return;
        // The committer is stopping (server shutdown): store the jobs in this thread.
        try {
            const auto submitted = queue::submit_jobs(api.deps.queue, jobs, coalesce);
            log_queued_batch(submitted, 1);
            done(&submitted, nullptr);
        } catch (...) {
            done(nullptr, std::current_exception());
        }
    };
    return later;
}

}  // namespace qbt::server
