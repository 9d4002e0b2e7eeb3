// Queueing a requested job, shared by POST /api/execute and the scheduler.
//
// Coalescing (queue.coalesce): a job identical to one still pending -- same context, hash,
// dry_run and "instance" member (when jobs carry one) -- is not queued again; the pending
// job is returned instead. Within one process the look-up and the enqueue are one step
// (a mutex); two processes sharing a queue may still both queue (the worker runs both).
#pragma once

#include "queue/job_queue.hpp"

#include <optional>

namespace qbt::queue {

struct Submitted {
    Job job;                 // the queued job, or the pending twin it was coalesced into
    bool coalesced = false;
};

Submitted submit_job(JobQueue& queue, const Job& job, bool coalesce);

// The oldest pending job with the same context, hash, dry_run and instance, if any.
std::optional<Job> find_pending_twin(JobQueue& queue, const Job& job);

}  // namespace qbt::queue
