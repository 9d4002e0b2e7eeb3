// host/worker: what the worker does with a job the engine has run, before it is stored —
// the engine called without letting an exception out, and its result and audit checked and
// parsed once.
#pragma once

#include "engine/job_runner.hpp"
#include "queue/job.hpp"

#include <rapidjson/document.h>

namespace qbt::worker {

// Runs the job; an exception from the engine becomes a failed outcome naming it.
engine::JobOutcome run_safely(engine::JobRunner& runner, const engine::JobRequest& request);

// A finished job and its result and audit, each parsed once: checked here, read by the
// metrics, stored as the text they came as (to_json embeds them raw, unparsed).
struct FinishedJob {
    queue::Job job;
    rapidjson::Document result;  // an object when the job completed
    rapidjson::Document audit;   // an object when the job has an audit
};

// Fills `out` from the job and the engine's outcome: completed with its result, or failed
// with a reason (also when the result is not a JSON object); the audit as an extra.
void finish_job(FinishedJob& out, queue::Job job, engine::JobOutcome outcome);

}  // namespace qbt::worker
