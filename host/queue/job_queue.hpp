// The host's typed wrapper around a queue-backend plugin (qbt_queue_backend).
// Thread-safe to the extent the backend is (the ABI requires it to be).
// Every method throws QueueError on a backend failure, with the backend's message.
#pragma once

#include "config/config.hpp"
#include "plugin/registry.hpp"
#include "queue/job.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace qbt::queue {

class QueueError : public std::runtime_error {
public:
    QueueError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
    int code() const { return code_; }  // QBT_E_*

private:
    int code_;
};

struct JobList {
    uint64_t total = 0;
    std::vector<Job> jobs;
};

// Jobs as the backend stored them (JSON documents), for replies that only pass them on
// (write_job in job.hpp), so no job is parsed into a Job and serialised again.
struct DocumentList {
    uint64_t total = 0;
    std::vector<std::string> documents;
};

struct CancelResult {
    enum class Outcome { Cancelled, NotFound, NotPending } outcome;
    std::optional<Job> job;  // the cancelled job, or the job found in another status
};

class JobQueue {
public:
    // Open the backend named by config.backend (QueueError when unknown or failing).
    JobQueue(const plugin::Registry& registry, const config::QueueConfig& config);
    ~JobQueue();
    JobQueue(const JobQueue&) = delete;
    JobQueue& operator=(const JobQueue&) = delete;

    std::string backend_name() const;
    // Where this server keeps its own local state next to the queue's data (the backend's
    // QBT_SETTING_DATA_PATH setting's directory), "" when the backend keeps none here.
    const std::string& local_state_dir() const { return local_state_dir_; }

    // Each returns the documents it stored (the job JSON, serialised once: a reply can
    // send them as they are).
    std::string enqueue(const Job& job);
    // Several jobs at once: one call (one transaction) when the backend has enqueue_many
    // (ABI 1.1), all or none; else one enqueue per job (a failure may leave the first ones).
    std::vector<std::string> enqueue_many(const std::vector<Job>& jobs);
    // Blocks up to timeout; the returned job is already "processing" with started_at.
    std::optional<Job> dequeue(std::chrono::milliseconds timeout, const std::string& worker_id);
    void update(const Job& job);
    // `instance`: only jobs of that qBittorrent instance (a backend built before ABI 1.1
    // ignores it and lists every instance's jobs).
    JobList list(std::optional<std::string> status, std::optional<std::string> context,
                 uint32_t limit, uint64_t offset, std::optional<std::string> instance = std::nullopt);
    DocumentList list_documents(const std::optional<std::string>& status, const std::optional<std::string>& context,
                                uint32_t limit, uint64_t offset, const std::optional<std::string>& instance);
    std::optional<Job> get(const std::string& job_id);
    std::optional<std::string> get_document(const std::string& job_id);
    CancelResult cancel(const std::string& job_id);
    uint64_t cleanup(std::chrono::seconds older_than);
    std::string stats_json();  // {"pending":n,...}
    // Jobs left "processing" by a dead process: re-queued while attempts < max_attempts,
    // else failed with a clear error. Returns how many were handled.
    int recover_orphans(int max_attempts);
    // Empty when healthy, else the reason.
    std::string health_problem();
    // ABI 1.3: whether the backend can defer jobs (QBT_QUEUE_DEFER).
    bool can_defer() const;
    // Puts a processing job back to pending (its document `job`), not taken before
    // `not_before` (ISO). Only when can_defer().
    void defer(const Job& job, const std::string& not_before);

private:
    std::optional<Job> restamp_if_early(std::optional<Job> job);

    const qbt_queue_backend* backend_;
    void* handle_ = nullptr;
    std::string local_state_dir_;
};

}  // namespace qbt::queue
