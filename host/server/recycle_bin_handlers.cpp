// GET /api/recycle-bin (what the bin holds) and POST /api/recycle-bin/:hash/restore (a job
// with the reserved context `restore` for the instance the entry came from; `dry_run`
// lists what would move back).
#include "server/api.hpp"
#include "server/execute_params.hpp"
#include "server/validation.hpp"

#include "metrics/job_metrics.hpp"
#include "queue/job.hpp"
#include "queue/submit.hpp"

#include <spdlog/spdlog.h>

namespace qbt::server {

namespace {

Reply no_bin() {
    return error_reply(404, "not_found",
                       "no recycle bin is configured (engine.recycle_bin.dir, QBT_RULES_ENGINE_RECYCLE_BIN_DIR)");
}

}  // namespace

Reply handle_recycle_bin(ApiContext& api, const ApiRequest&) {
    if (!api.deps.recycle_bin_json) return no_bin();
    return json_reply(200, api.deps.recycle_bin_json());
}

Reply handle_restore(ApiContext& api, const ApiRequest& request) {
    if (!api.deps.recycle_bin_instance) return no_bin();
    const std::string hash = validate_hash(request.path_hash.value_or(""));
    const ExecuteParams params = parse_execute_params(request);
    if (params.context || params.hash || params.instance)
        throw ParamError(params.context ? "context" : params.hash ? "hash" : "instance",
                         "a restore takes only dry_run: the hash is in the path and the instance is the entry's");
    const std::optional<std::string> instance = api.deps.recycle_bin_instance(hash);
    if (!instance) return error_reply(404, "not_found", "the recycle bin has no entry for torrent " + hash);
    queue::Job job;
    job.job_id = queue::new_job_id();
    job.context = "restore";
    job.hash = hash;
    job.instance = *instance;
    job.status = "pending";
    job.created_at = queue::now_iso();
    job.dry_run = params.dry_run.value_or(false) || api.deps.config.engine.dry_run;
    const queue::Submitted submitted = queue::submit_job(api.deps.queue, job, false);
    if (api.metrics) api.metrics->record_submitted("api", false);
    spdlog::info("job {} queued: restore of {} from the recycle bin (instance {}, dry_run {})", job.job_id, hash,
                 job.instance, job.dry_run);
    return json_reply(202, queue::to_json(submitted.job));
}

}  // namespace qbt::server
