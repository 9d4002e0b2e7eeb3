// host/worker: rules that wait for metadata (issue 19), the worker's side. Before a job
// runs the worker tells the engine whether it may wait (JobRequest::metadata_wait); when
// the engine answers waiting_for "metadata", the job goes back to the queue (ABI 1.3
// defer) with backoff: 2 s, doubling, at most 60 s between looks, until
// engine.metadata_wait has passed since its first wait. The waiting document shows
// `waiting_for`, `not_before`, `waits` and `waiting_since`.
#pragma once

#include "engine/job_runner.hpp"
#include "queue/job.hpp"

#include <chrono>
#include <string>

namespace qbt::worker {

struct MetadataPolicy {
    std::chrono::milliseconds bound{600000};  // engine.metadata_wait; 0 = never wait
    bool queue_defers = false;                // the backend has QBT_QUEUE_DEFER
    std::string backend_name;
};

// Sets request.metadata_wait/metadata_note for `job` (Ignore when it names no torrent).
void plan_metadata_wait(engine::JobRequest& request, const queue::Job& job, const MetadataPolicy& policy,
                        std::chrono::system_clock::time_point now);

// The document a deferred job is stored with (pending, the attempt the dequeue counted
// taken back, the wait members) and its not-before.
struct Deferral {
    queue::Job job;
    std::string not_before;
};
Deferral deferral_of(const queue::Job& taken, const MetadataPolicy& policy, std::chrono::system_clock::time_point now);

// The job as it runs at last: `waiting_for` and `not_before` dropped (waits and
// waiting_since stay, to show it waited).
void end_wait(queue::Job& job);

// "10m0s", "1h0m0s", "45s", "1.5s": how the notes name engine.metadata_wait.
std::string duration_text(std::chrono::milliseconds duration);

}  // namespace qbt::worker
