// The single job worker: one thread that dequeues a job (waiting up to the poll
// interval), runs it through the engine, and records completed/failed. Cleans up old
// jobs hourly. A failing or throwing job never stops the loop.
//
// Stopping: request_stop() makes the loop take no new job; stop() then waits up to
// stop_grace for the current job to finish. If it does not, stop() returns false and
// leaves the job "processing" for recover_orphans() at the next start (the thread is
// detached and will not touch the queue again; the caller should exit the process soon).
#pragma once

#include "engine/job_runner.hpp"
#include "queue/group_queue.hpp"
#include "queue/job_queue.hpp"
#include "worker/metadata_defer.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace qbt::metrics {
class ServerMetrics;
}

namespace qbt::worker {

struct WorkerOptions {
    std::chrono::milliseconds poll_interval{1000};
    std::chrono::seconds cleanup_after{7 * 86400};
    std::chrono::seconds cleanup_interval{3600};
    std::chrono::milliseconds stop_grace{30000};
    // A job running longer than this makes health report the worker stuck.
    std::chrono::seconds stuck_after{6 * 3600};
    std::string worker_id;  // "" = <hostname>:<pid>
    metrics::ServerMetrics* metrics = nullptr;  // job counts, durations, rule/action stats
    // The configured qBittorrent instance names (config.instances), in order; never empty
    // when filled from a loaded config ({"default"} for the single qbittorrent.host form).
    std::vector<std::string> instances;
    // Group support (several servers on one queue): when set, jobs are taken with
    // dequeue_leased under an instance lease of this length, renewed while the job runs
    // (LeaseKeeper); qBittorrent calls stop once it cannot be kept. Null = the plain queue.
    queue::GroupQueue* group = nullptr;
    std::chrono::milliseconds lease{30000};
    // Jobs for a torrent without metadata yet (issue 19): how long they may wait
    // (engine.metadata_wait). queue_defers and backend_name are filled from the queue.
    MetadataPolicy metadata;
    // Run with each queue cleanup (e.g. emptying the recycle bin); exceptions are logged.
    std::function<void()> housekeeping;
};

// <hostname>:<pid>, the default worker (server) id.
std::string default_server_id();

struct WorkerSnapshot {
    std::string state;  // not-started idle processing stopping stopped dead
    std::optional<std::string> current_job;
    std::optional<std::string> last_job_completed;  // ISO time
    uint64_t jobs_done = 0;
    uint64_t jobs_failed = 0;
};

class Worker {
public:
    Worker(queue::JobQueue& queue, engine::JobRunner& runner, WorkerOptions options);
    ~Worker();  // stop()
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void start();
    void request_stop();  // no blocking; safe from any thread
    bool stop();          // true when the thread finished within stop_grace

    WorkerSnapshot snapshot() const;
    // "" when running normally, else why not (stopped, died, stuck).
    std::string health_problem() const;
    // With group support: {"server_id", "lease_seconds", "instances", "servers", "leases",
    // "pending"} (queue errors as {"server_id", "error"}); "" without.
    std::string group_json() const;

    struct State;  // shared with the thread (outlives the Worker if the thread is abandoned)

private:
    std::shared_ptr<State> state_;
    bool started_ = false;
    bool joined_ = false;
};

}  // namespace qbt::worker
