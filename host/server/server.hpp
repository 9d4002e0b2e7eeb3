// The qbt-rules HTTP API server and its job worker.
//
// start(): refuses a missing or placeholder API key, recovers jobs orphaned in
// "processing" by a previous process, binds HTTP (threads = server.workers), then starts
// the worker. request_stop() may be called from anywhere, even a signal handler; wait()
// blocks until then and shuts down: HTTP first (no new jobs), then the worker, which
// finishes its current job within WorkerOptions::stop_grace.
#pragma once

#include "metrics/job_metrics.hpp"
#include "schedule/scheduler.hpp"
#include "server/api.hpp"
#include "server/execute_committer.hpp"
#include "worker/group_member.hpp"
#include "worker/worker.hpp"

#include <atomic>
#include <memory>
#include <mutex>

namespace Pistache::Http {
class Endpoint;
}

namespace qbt::server {

struct ServerOptions {
    std::chrono::milliseconds stop_grace{30000};  // how long a stop waits for the current job
    std::chrono::seconds stuck_after{6 * 3600};
    // The scheduler's state file ("" = schedule::default_state_file, next to the queue's data) and clock
    // (null = the real one).
    std::string schedule_state_file;
    std::function<std::time_t()> schedule_clock;
};

class Server {
public:
    explicit Server(ServerDeps deps, ServerOptions options = {});
    ~Server();  // request_stop() + wait() when started
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    void start();  // throws std::runtime_error with a clear message (port taken, no key...)
    int port() const;
    void request_stop();  // async-signal-safe
    void wait();          // until request_stop(), then shuts down; idempotent
    // False when the worker's current job outlived stop_grace (it is left "processing"
    // for recovery at the next start; the caller should exit the process promptly).
    bool stopped_cleanly() const { return stopped_cleanly_; }

    worker::Worker& worker() { return worker_; }
    metrics::ServerMetrics& metrics() { return metrics_; }
    schedule::Scheduler* scheduler() { return scheduler_.get(); }  // null without a schedule

private:
    std::unique_ptr<schedule::Scheduler> make_scheduler(const ServerOptions& options);

    ServerDeps deps_;
    metrics::ServerMetrics metrics_;  // before worker_: the worker records into it
    std::unique_ptr<worker::GroupMember> group_;  // before worker_; null without group support
    worker::Worker worker_;
    std::unique_ptr<schedule::Scheduler> scheduler_;
    ApiContext api_;
    std::unique_ptr<ExecuteCommitter> committer_;  // stores POST /api/execute jobs in batches
    std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
    int wake_pipe_[2] = {-1, -1};
    std::atomic<bool> stop_requested_{false};
    std::mutex shutdown_mutex_;
    bool started_ = false;
    bool shut_down_ = false;
    bool stopped_cleanly_ = true;
    int port_ = 0;
};

// start(): a `schedule:` (config) runs in its own thread from the worker's start to the
// stop; its jobs are queued like POST /api/execute ones (coalesced too when
// queue.coalesce), marked "trigger": "schedule".

// Throws std::runtime_error when server.api_key is empty or the shipped placeholder.
void check_api_key(const config::ServerConfig& server);

}  // namespace qbt::server
