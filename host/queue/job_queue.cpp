#include "queue/job_queue.hpp"

#include "abi/owned_value.hpp"
#include "queue/backend_call.hpp"
#include "queue/backend_settings.hpp"

#include <qbt/cpp/writer.hpp>

#include <rapidjson/document.h>

#include <algorithm>
#include <cstddef>
#include <deque>

namespace qbt::queue {

namespace {

constexpr uint32_t kMaxListLimit = 1000;

std::string names_of(const plugin::Registry& registry) {
    std::string out;
    for (const auto& name : registry.queue_backend_names()) out += (out.empty() ? "" : ", ") + name;
    return out.empty() ? "none loaded" : out;
}

std::optional<Job> single(int found, const std::vector<std::string>& docs) {
    if (found <= 0 || docs.empty()) return std::nullopt;
    return parse_document(docs.front());
}

// started_at is stamped when the backend is called: wait in slices so that a job
// arriving late in a long wait is not stamped with the time the wait began.
constexpr std::chrono::milliseconds kDequeueSlice{500};

}  // namespace

JobQueue::JobQueue(const plugin::Registry& registry, const config::QueueConfig& config)
    : backend_(registry.find_queue_backend(config.backend).descriptor) {
    if (!backend_)
        throw QueueError(QBT_E_NOT_FOUND, "queue.backend: unknown backend '" + config.backend +
                                              "' (available: " + names_of(registry) + ")");
    const auto provided = registry.find_queue_backend(config.backend);
    local_state_dir_ = queue::local_state_dir(provided, config);
    auto section = open_section(provided, config);
    qbt_error err{};
    check(backend_->open(section.root(), &handle_, &err), err,
          ("opening the " + config.backend + " queue").c_str());
}

JobQueue::~JobQueue() {
    if (handle_) backend_->close(handle_);
}

std::string JobQueue::backend_name() const { return backend_->name; }

std::string JobQueue::enqueue(const Job& job) {
    BorrowedJob raw(job);
    qbt_error err{};
    check(backend_->enqueue(handle_, &raw.raw, &err), err, "enqueue");
    return std::move(raw.document);
}

std::vector<std::string> JobQueue::enqueue_many(const std::vector<Job>& jobs) {
    std::vector<std::string> documents;
    documents.reserve(jobs.size());
    // The registry's copy of the descriptor reads NULL for members an older plugin lacks.
    if (jobs.size() == 1 || !backend_->enqueue_many) {
        for (const Job& job : jobs) documents.push_back(enqueue(job));
        return documents;
    }
    std::deque<BorrowedJob> raw;  // never moves its elements: pointers into it are handed out
    std::vector<const qbt_job*> pointers;
    pointers.reserve(jobs.size());
    for (const Job& job : jobs) pointers.push_back(&raw.emplace_back(job).raw);
    qbt_error err{};
    check(backend_->enqueue_many(handle_, pointers.data(), pointers.size(), &err), err, "enqueue");
    for (BorrowedJob& stored : raw) documents.push_back(std::move(stored.document));
    return documents;
}

std::optional<Job> JobQueue::dequeue(std::chrono::milliseconds timeout, const std::string& worker_id) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        auto slice = std::clamp(left, std::chrono::milliseconds(0), kDequeueSlice);
        std::string started_at = now_iso();
        qbt_dequeue_request request{sizeof(qbt_dequeue_request), static_cast<int32_t>(slice.count()),
                                    started_at.c_str(), worker_id.c_str()};
        std::vector<std::string> docs;
        qbt_error err{};
        int found = check(backend_->dequeue(handle_, &request, collect_documents, &docs, &err), err,
                          "dequeue");
        if (found > 0 || left <= kDequeueSlice) return restamp_if_early(single(found, docs));
    }
}

// A backend stamps the started_at it is given, taken before it began waiting; a job that
// arrived during the wait would look started before it was created.
std::optional<Job> JobQueue::restamp_if_early(std::optional<Job> job) {
    if (job && job->started_at && *job->started_at < job->created_at) {
        job->started_at = now_iso();
        update(*job);
    }
    return job;
}

void JobQueue::update(const Job& job) {
    BorrowedJob raw(job);
    qbt_error err{};
    check(backend_->update(handle_, &raw.raw, &err), err, "update job");
}

DocumentList JobQueue::list_documents(const std::optional<std::string>& status,
                                      const std::optional<std::string>& context, uint32_t limit, uint64_t offset,
                                      const std::optional<std::string>& instance) {
    qbt_job_filter filter{sizeof(qbt_job_filter), status ? status->c_str() : nullptr,
                          context ? context->c_str() : nullptr, std::min(limit, kMaxListLimit),
                          offset, instance ? instance->c_str() : nullptr};
    DocumentList out;
    qbt_error err{};
    check(backend_->list_jobs(handle_, &filter, collect_documents, &out.documents, &out.total, &err), err,
          "list jobs");
    return out;
}

JobList JobQueue::list(std::optional<std::string> status, std::optional<std::string> context,
                       uint32_t limit, uint64_t offset, std::optional<std::string> instance) {
    DocumentList docs = list_documents(status, context, limit, offset, instance);
    JobList out;
    out.total = docs.total;
    for (const auto& doc : docs.documents) out.jobs.push_back(parse_document(doc));
    return out;
}

std::optional<std::string> JobQueue::get_document(const std::string& job_id) {
    std::vector<std::string> docs;
    qbt_error err{};
    int found = check(backend_->get_job(handle_, job_id.c_str(), collect_documents, &docs, &err), err,
                      "get job");
    if (found <= 0 || docs.empty()) return std::nullopt;
    return std::move(docs.front());
}

std::optional<Job> JobQueue::get(const std::string& job_id) {
    auto doc = get_document(job_id);
    if (!doc) return std::nullopt;
    return parse_document(*doc);
}

CancelResult JobQueue::cancel(const std::string& job_id) {
    std::string now = now_iso();
    std::vector<std::string> docs;
    qbt_error err{};
    int rc = backend_->cancel_job(handle_, job_id.c_str(), now.c_str(), collect_documents, &docs, &err);
    if (rc == QBT_E_NOT_FOUND) return {CancelResult::Outcome::NotFound, std::nullopt};
    if (rc == QBT_E_STATE) return {CancelResult::Outcome::NotPending, get(job_id)};
    check(rc, err, "cancel job");
    return {CancelResult::Outcome::Cancelled, single(1, docs)};
}

uint64_t JobQueue::cleanup(std::chrono::seconds older_than) {
    auto now = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    std::string cutoff = iso_from_unix_micros(
        (now - std::chrono::duration_cast<std::chrono::microseconds>(older_than)).count());
    uint64_t removed = 0;
    qbt_error err{};
    check(backend_->cleanup(handle_, cutoff.c_str(), &removed, &err), err, "cleanup");
    return removed;
}

std::string JobQueue::stats_json() {
    std::string out;
    qbt_error err{};
    check(backend_->stats(handle_, sdk::string_writer, &out, &err), err, "queue stats");
    return out;
}

int JobQueue::recover_orphans(int max_attempts) {
    std::vector<std::string> docs;
    qbt_error err{};
    check(backend_->list_orphans(handle_, collect_documents, &docs, &err), err, "list orphaned jobs");
    // Backends list orphans oldest-taken first; each requeue goes to the head, so walk
    // backwards to keep their original order.
    for (auto it = docs.rbegin(); it != docs.rend(); ++it) {
        Job job = parse_document(*it);
        if (job.attempts < max_attempts) {
            job.status = QBT_JOB_PENDING;
            job.started_at.reset();
            job.worker.reset();
            BorrowedJob raw(job);
            check(backend_->requeue(handle_, &raw.raw, &err), err, "requeue orphaned job");
        } else {
            job.status = QBT_JOB_FAILED;
            job.completed_at = now_iso();
            job.error = "the worker stopped while running this job (attempt " +
                        std::to_string(job.attempts) + " of " + std::to_string(max_attempts) +
                        "); not retried";
            update(job);
        }
    }
    return static_cast<int>(docs.size());
}

std::string JobQueue::health_problem() {
    qbt_error err{};
    int rc = backend_->ping(handle_, &err);
    if (rc >= 0) return {};
    return backend_name() + " queue: " + (err.message[0] ? err.message : qbt_status_name(rc));
}

bool JobQueue::can_defer() const { return (backend_->capabilities & QBT_QUEUE_DEFER) != 0 && backend_->defer; }

void JobQueue::defer(const Job& job, const std::string& not_before) {
    if (!can_defer()) throw QueueError(QBT_E_UNSUPPORTED, "the " + backend_name() + " queue cannot defer jobs");
    BorrowedJob raw(job);
    qbt_error err{};
    check(backend_->defer(handle_, &raw.raw, not_before.c_str(), nullptr, &err), err, "defer job");
}

}  // namespace qbt::queue
