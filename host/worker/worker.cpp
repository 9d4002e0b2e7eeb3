#include "worker/worker.hpp"

#include "metrics/job_metrics.hpp"
#include "webapi/call_gate.hpp"
#include "queue/job.hpp"
#include "worker/finished_job.hpp"
#include "worker/lease_keeper.hpp"

#include <pthread.h>
#include <malloc.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace qbt::worker {

using Clock = std::chrono::steady_clock;

struct Worker::State {
    State(queue::JobQueue& q, engine::JobRunner& r, WorkerOptions o)
        : queue(q), runner(r), options(std::move(o)) {}

    queue::JobQueue& queue;
    engine::JobRunner& runner;
    const WorkerOptions options;

    std::atomic<bool> stop_requested{false};
    mutable std::mutex mutex;
    std::condition_variable cv;
    bool finished = false;
    bool abandoned = false;
    std::string state = "not-started";
    std::string dead_reason;
    std::optional<std::string> current_job;
    std::optional<std::string> last_job_completed;
    Clock::time_point last_beat = Clock::now();
    Clock::time_point job_started = Clock::now();
    uint64_t jobs_done = 0;
    uint64_t jobs_failed = 0;
    std::thread thread;

    // Sleeps up to `duration` unless a stop is requested meanwhile.
    void pause(std::chrono::milliseconds duration) {
        std::unique_lock lock(mutex);
        cv.wait_for(lock, duration, [&] { return stop_requested.load(); });
    }
    void set_idle() {
        std::lock_guard lock(mutex);
        state = "idle";
        current_job.reset();
        last_beat = Clock::now();
    }
};

namespace {

// The result must reach the queue: while the queue is down (e.g. Redis restarting) keep
// trying, backing off up to 5 s, so the job is not left "processing" until the next
// start; only a stop request leaves it to recovery (recover_orphans(), or an expired lease).
void keep_trying(Worker::State& s, const queue::Job& job, const char* what, const std::function<void()>& store) {
    std::chrono::milliseconds wait{200};
    for (int attempt = 1;; ++attempt) {
        try {
            store();
            if (attempt > 1) spdlog::info("job {}: {} recorded at attempt {}", job.job_id, what, attempt);
            return;
        } catch (const std::exception& e) {
            if (s.stop_requested) {
                spdlog::error("job {}: could not record its {} ({}) before stopping; it will be recovered: {}",
                              job.job_id, what, job.status, e.what());
                return;
            }
            if (attempt == 1) spdlog::warn("job {}: recording its {} failed, retrying: {}", job.job_id, what, e.what());
            s.pause(wait);
            wait = std::min(wait * 2, std::chrono::milliseconds(5000));
        }
    }
}

void record(Worker::State& s, const queue::Job& job) {
    keep_trying(s, job, "outcome", [&] { s.queue.update(job); });
}

// With group support: store the outcome only while the job is still ours (fenced by its
// lease token).
void record_leased(Worker::State& s, const queue::Job& job, const queue::Lease& lease) {
    keep_trying(s, job, "outcome", [&] {
        if (!s.options.group->complete(job, lease))
            spdlog::warn("job {}: not recorded: another server recovered it after this server lost the "
                         "lease for instance {}", job.job_id, lease.instance);
    });
}

// The engine found the job's torrent without metadata and rules that need it: back to the
// queue until the next look (nothing ran). `lease` null without group support.
void defer_for_metadata(Worker::State& s, const queue::Job& job, const queue::Lease* lease) {
    const Deferral deferral = deferral_of(job, s.options.metadata, std::chrono::system_clock::now());
    keep_trying(s, deferral.job, "wait for metadata", [&] {
        if (!lease) return s.queue.defer(deferral.job, deferral.not_before);
        if (!s.options.group->defer(deferral.job, *lease, deferral.not_before))
            spdlog::warn("job {}: not deferred: another server recovered it after this server lost the "
                         "lease for instance {}", job.job_id, lease->instance);
    });
    spdlog::info("job {}: torrent {} has no metadata yet; waits until {} (wait {})", job.job_id,
                 job.hash.value_or("-"), deferral.not_before, deferral.job.extra_json.at("waits"));
}

engine::JobRequest request_of(const Worker::State& s, const queue::Job& job) {
    engine::JobRequest request{job.job_id, job.context, job.hash, job.dry_run, job.instance, queue::job_rules(job)};
    plan_metadata_wait(request, job, s.options.metadata, std::chrono::system_clock::now());
    return request;
}

void begin(Worker::State& s, const queue::Job& job) {
    {
        std::lock_guard lock(s.mutex);
        s.state = "processing";
        s.current_job = job.job_id;
        s.job_started = Clock::now();
    }
    spdlog::info("job {} started (instance {}, context {}, hash {}, dry_run {})", job.job_id, job.instance,
                 job.context.value_or("-"), job.hash.value_or("-"), job.dry_run);
}

// Runs the job under its instance lease: a LeaseKeeper renews it, and a call gate stops
// every qBittorrent call once the lease cannot be kept; such a job fails with the reason.
engine::JobOutcome run_leased(Worker::State& s, const queue::LeasedJob& leased, const engine::JobRequest& request) {
    LeaseKeeper keeper(*s.options.group, leased.lease, s.options.lease, leased.asked);
    std::string refused;
    engine::JobOutcome outcome;
    {
        webapi::ScopedCallGate gate([&] {
            std::string why = keeper.refusal();
            if (!why.empty() && refused.empty()) refused = why;
            return why;
        });
        outcome = run_safely(s.runner, request);
    }
    keeper.stop();
    if (!refused.empty()) return engine::JobOutcome(false, "", refused, outcome.audit_json);
    return outcome;
}

// Records the outcome (through `store`), metrics and counters.
void finish(Worker::State& s, const queue::Job& job, engine::JobOutcome outcome, Clock::time_point started,
            const std::function<void(const queue::Job&)>& store) {
    {
        std::lock_guard lock(s.mutex);
        if (s.abandoned) return;  // the server gave up waiting; the queue may be gone
    }
    FinishedJob finished;
    finish_job(finished, job, std::move(outcome));
    const queue::Job& done = finished.job;
    store(done);
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    if (done.status == "completed") {
        spdlog::info("job {} completed in {:.2f} s", job.job_id, seconds);
    } else {
        spdlog::warn("job {} failed after {:.2f} s: {}", job.job_id, seconds, done.error.value_or(""));
    }
    if (s.options.metrics) {
        s.options.metrics->record_job(done.status, seconds, finished.result.IsObject() ? &finished.result : nullptr);
        if (finished.audit.IsObject()) s.options.metrics->record_audit(finished.audit);
    }
    std::lock_guard lock(s.mutex);
    s.last_job_completed = done.completed_at;
    ++(done.status == "completed" ? s.jobs_done : s.jobs_failed);
}

void process(Worker::State& s, const queue::Job& job) {
    begin(s, job);
    const auto started = Clock::now();
    engine::JobOutcome outcome = run_safely(s.runner, request_of(s, job));
    if (!outcome.waiting_for.empty()) return defer_for_metadata(s, job, nullptr);
    queue::Job ran = job;
    end_wait(ran);
    finish(s, ran, std::move(outcome), started, [&](const queue::Job& done) { record(s, done); });
}

void process_leased(Worker::State& s, const queue::LeasedJob& leased) {
    begin(s, leased.job);
    const auto started = Clock::now();
    engine::JobOutcome outcome = run_leased(s, leased, request_of(s, leased.job));
    if (!outcome.waiting_for.empty()) return defer_for_metadata(s, leased.job, &leased.lease);
    queue::Job ran = leased.job;
    end_wait(ran);
    finish(s, ran, std::move(outcome), started,
           [&](const queue::Job& done) { record_leased(s, done, leased.lease); });
}

// The instances this server takes jobs for ({"default"} when none are configured).
std::vector<std::string> served_instances(const WorkerOptions& options) {
    return options.instances.empty() ? std::vector<std::string>{"default"} : options.instances;
}

void cleanup(Worker::State& s) {
    try {
        const uint64_t removed = s.queue.cleanup(s.options.cleanup_after);
        if (removed > 0) spdlog::info("queue cleanup removed {} old jobs", removed);
    } catch (const std::exception& e) {
        spdlog::warn("queue cleanup failed: {}", e.what());
    }
    if (!s.options.housekeeping) return;
    try {
        s.options.housekeeping();
    } catch (const std::exception& e) {
        spdlog::warn("housekeeping failed: {}", e.what());
    }
}

void loop(Worker::State& s, const std::string& worker_id) {
    auto next_cleanup = Clock::now();
    bool failing = false;
    bool heap_to_return = false;
    while (!s.stop_requested) {
        s.set_idle();
        if (Clock::now() >= next_cleanup) {
            cleanup(s);
            next_cleanup = Clock::now() + s.options.cleanup_interval;
        }
        std::optional<queue::Job> job;
        std::optional<queue::LeasedJob> leased;
        const auto asked = Clock::now();
        try {
            if (s.options.group)
                leased = s.options.group->dequeue(s.options.poll_interval, worker_id, served_instances(s.options),
                                                  s.options.lease);
            else
                job = s.queue.dequeue(s.options.poll_interval, worker_id);
            if (failing) spdlog::info("queue reachable again; worker resumes");
            failing = false;
        } catch (const std::exception& e) {
            if (!failing) spdlog::error("worker cannot take jobs from the queue: {}", e.what());
            failing = true;
            s.pause(s.options.poll_interval);
            continue;
        }
        if (job || leased) {
            if (leased) process_leased(s, *leased); else process(s, *job);
            heap_to_return = true;
            std::lock_guard lock(s.mutex);
            if (s.abandoned) return;
            continue;
        }
        // A job over thousands of torrents frees ~100 MB at once: hand it back to the OS
        // once the queue is empty, so an idle server does not sit at its peak RSS. Not
        // after every job: under a stream of small jobs the trim (madvise + TLB flushes)
        // was a fifth of the server's CPU per POST /api/execute.
        const bool returned_at_once = Clock::now() - asked < std::chrono::milliseconds(5);
        if (heap_to_return) {
            malloc_trim(0);
            heap_to_return = false;
        }
        if (returned_at_once) s.pause(s.options.poll_interval);  // a backend that does not block: don't spin
    }
}

void thread_main(std::shared_ptr<Worker::State> s, std::string worker_id) {
    pthread_setname_np(pthread_self(), "qbt-worker");  // named for top, perf and gdb
    std::string died;
    try {
        loop(*s, worker_id);
    } catch (const std::exception& e) {
        died = e.what();
    } catch (...) {
        died = "unknown exception";
    }
    if (!died.empty()) spdlog::critical("worker thread died: {}", died);
    {
        std::lock_guard lock(s->mutex);
        s->finished = true;
        s->state = died.empty() ? "stopped" : "dead";
        s->dead_reason = died;
        s->current_job.reset();
    }
    s->cv.notify_all();
}

}  // namespace

std::string default_server_id() {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    return std::string(host[0] ? host : "worker") + ":" + std::to_string(getpid());
}

std::string Worker::group_json() const {
    const WorkerOptions& o = state_->options;
    if (!o.group) return "";
    const std::string id = o.worker_id.empty() ? default_server_id() : o.worker_id;
    rapidjson::Document out(rapidjson::kObjectType);
    auto& a = out.GetAllocator();
    out.AddMember("server_id", rapidjson::Value(id.c_str(), a), a);
    out.AddMember("lease_seconds", std::chrono::duration<double>(o.lease).count(), a);
    rapidjson::Value served(rapidjson::kArrayType);
    for (const auto& name : served_instances(o)) served.PushBack(rapidjson::Value(name.c_str(), a), a);
    out.AddMember("instances", served, a);
    try {
        rapidjson::Document status;
        const std::string text = o.group->status_json();
        status.Parse(text.c_str(), text.size());
        if (status.IsObject())
            for (auto& member : status.GetObject()) out.AddMember(member.name, rapidjson::Value(member.value, a), a);
    } catch (const std::exception& e) {
        out.AddMember("error", rapidjson::Value(e.what(), a), a);
    }
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    out.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

namespace {
WorkerOptions with_queue_facts(WorkerOptions options, const queue::JobQueue& queue) {
    options.metadata.queue_defers = queue.can_defer();
    options.metadata.backend_name = queue.backend_name();
    return options;
}
}  // namespace

Worker::Worker(queue::JobQueue& queue, engine::JobRunner& runner, WorkerOptions options)
    : state_(std::make_shared<State>(queue, runner, with_queue_facts(std::move(options), queue))) {}

Worker::~Worker() { stop(); }

void Worker::start() {
    if (started_) return;
    started_ = true;
    std::string id = state_->options.worker_id.empty() ? default_server_id() : state_->options.worker_id;
    {
        std::lock_guard lock(state_->mutex);
        state_->state = "idle";
        state_->last_beat = Clock::now();
    }
    state_->thread = std::thread(thread_main, state_, std::move(id));
}

void Worker::request_stop() {
    state_->stop_requested = true;
    state_->cv.notify_all();
}

bool Worker::stop() {
    request_stop();
    if (!started_ || joined_) return true;
    std::unique_lock lock(state_->mutex);
    if (!state_->finished && state_->state != "dead") state_->state = "stopping";
    const bool finished = state_->cv.wait_for(lock, state_->options.stop_grace,
                                              [&] { return state_->finished; });
    joined_ = true;
    if (finished) {
        lock.unlock();
        state_->thread.join();
        return true;
    }
    state_->abandoned = true;
    spdlog::warn("job {} still running after {} ms; leaving it to be recovered at the next start",
                 state_->current_job.value_or("?"), state_->options.stop_grace.count());
    lock.unlock();
    state_->thread.detach();
    return false;
}

WorkerSnapshot Worker::snapshot() const {
    std::lock_guard lock(state_->mutex);
    return {state_->state, state_->current_job, state_->last_job_completed, state_->jobs_done,
            state_->jobs_failed};
}

std::string Worker::health_problem() const {
    std::lock_guard lock(state_->mutex);
    const State& s = *state_;
    const auto now = Clock::now();
    if (s.state == "not-started") return "worker thread not started";
    if (s.state == "dead") return "worker thread died: " + s.dead_reason;
    if (s.state == "stopped") return "worker thread is stopped";
    if (s.state == "stopping") return "worker thread is stopping";
    using std::chrono::duration_cast;
    using std::chrono::seconds;
    if (s.state == "processing" && now - s.job_started > s.options.stuck_after) {
        return "worker stuck: job " + s.current_job.value_or("?") + " has been processing for " +
               std::to_string(duration_cast<seconds>(now - s.job_started).count()) + " s";
    }
    if (s.state == "idle" && now - s.last_beat > s.options.poll_interval + seconds(60)) {
        return "worker stuck: waiting on the queue for " +
               std::to_string(duration_cast<seconds>(now - s.last_beat).count()) + " s";
    }
    return "";
}

}  // namespace qbt::worker
