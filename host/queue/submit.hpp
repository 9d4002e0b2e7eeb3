// Queueing a requested job, shared by POST /api/execute and the scheduler.
//
// Coalescing (queue.coalesce): a job identical to one still pending -- same context, hash,
// dry_run and instance (a job stored without one is the "default" instance's) -- is not
// queued again; the pending job is returned instead. Within one process the look-up and
// the enqueue are one step (a mutex); two processes sharing a queue may still both queue
// (the worker runs both).
#pragma once

#include "queue/job_queue.hpp"

#include <optional>
#include <vector>

namespace qbt::queue {

struct Submitted {
    Job job;                 // the queued job, or the pending twin it was coalesced into
    bool coalesced = false;
    std::string document;    // the JSON stored for a queued job (serialised once); "" when coalesced
};

Submitted submit_job(JobQueue& queue, const Job& job, bool coalesce);

// Several jobs in one enqueue_many (one transaction with SQLite), answers in order.
// With coalesce, a job with a pending twin -- in the queue, or earlier in `jobs` -- is
// not queued. All or none: throws QueueError when the batch could not be stored.
std::vector<Submitted> submit_jobs(JobQueue& queue, const std::vector<Job>& jobs, bool coalesce);

// The oldest pending job with the same context, hash, dry_run and instance, if any.
std::optional<Job> find_pending_twin(JobQueue& queue, const Job& job);

}  // namespace qbt::queue
