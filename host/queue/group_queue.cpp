#include "queue/group_queue.hpp"

#include "abi/owned_value.hpp"
#include "queue/backend_call.hpp"
#include "queue/backend_settings.hpp"

#include <qbt/cpp/writer.hpp>

#include <rapidjson/document.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstddef>
#include <thread>

namespace qbt::queue {

namespace {

// Declared (ABI 1.2; the registry derives it for older plugins and has checked that every
// group function is there).
bool has_group_support(const qbt_queue_backend* backend) {
    return backend && (backend->capabilities & QBT_QUEUE_GROUP) != 0;
}

// The job's lease token as stored in its document ("lease_token"), 0 when none.
uint64_t lease_token_of(const Job& job) {
    auto it = job.extra_json.find("lease_token");
    if (it == job.extra_json.end()) return 0;
    try {
        return it->second.empty() || it->second[0] == '-' ? 0 : std::stoull(it->second);
    } catch (const std::exception&) {
        return 0;
    }
}

qbt_lease raw_lease(const Lease& lease) {
    return qbt_lease{sizeof(qbt_lease), lease.instance.c_str(), lease.server_id.c_str(), lease.token};
}

// How often a waiting worker looks again for a job it may take (a free instance lease).
constexpr std::chrono::milliseconds kPollInterval{50};

}  // namespace

Job recovered(Job job, int max_attempts, const std::string& why) {
    if (job.attempts < max_attempts) {
        job.status = QBT_JOB_PENDING;
        job.started_at.reset();
        job.worker.reset();
        job.extra_json.erase("lease_token");
    } else {
        job.status = QBT_JOB_FAILED;
        job.completed_at = now_iso();
        job.error = why + " (attempt " + std::to_string(job.attempts) + " of " + std::to_string(max_attempts) +
                    "); not retried";
    }
    return job;
}

std::unique_ptr<GroupQueue> GroupQueue::open(const plugin::Registry& registry, const config::QueueConfig& config) {
    const auto provided = registry.find_queue_backend(config.backend);
    const qbt_queue_backend* backend = provided.descriptor;
    if (!has_group_support(backend)) return nullptr;
    auto section = open_section(provided, config);
    void* handle = nullptr;
    qbt_error err{};
    check(backend->open(section.root(), &handle, &err), err, ("opening the " + config.backend + " queue").c_str());
    return std::unique_ptr<GroupQueue>(new GroupQueue(backend, handle));
}

GroupQueue::~GroupQueue() {
    if (handle_) backend_->close(handle_);
}

std::optional<LeasedJob> GroupQueue::dequeue(std::chrono::milliseconds timeout, const std::string& server_id,
                                             const std::vector<std::string>& instances,
                                             std::chrono::milliseconds lease) {
    std::vector<const char*> names;
    for (const auto& name : instances) names.push_back(name.c_str());
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        // Never blocking in the backend: `asked` is stamped right before the take, so a
        // lease deadline counted from it is never later than the backend's.
        const auto asked = std::chrono::steady_clock::now();
        const std::string started_at = now_iso();
        qbt_leased_dequeue_request request{sizeof(qbt_leased_dequeue_request), 0, started_at.c_str(),
                                           server_id.c_str(), names.data(), static_cast<uint32_t>(names.size()),
                                           lease.count()};
        std::vector<std::string> docs;
        uint64_t token = 0;
        qbt_error err{};
        int found = check(backend_->dequeue_leased(handle_, &request, collect_documents, &docs, &token, &err), err,
                          "dequeue");
        if (found > 0 && !docs.empty()) {
            Job job = parse_document(docs.front());
            // Stamped again once taken (the final document carries it): the request's stamp
            // precedes the take by a round trip, in which the previous holder may still have
            // completed and released, so [started_at, completed_at] lies inside the lease.
            job.started_at = now_iso();
            Lease held{job.instance, server_id, token};
            return LeasedJob{std::move(job), std::move(held), asked};
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(kPollInterval, deadline - now));
    }
}

bool GroupQueue::renew(const Lease& lease, std::chrono::milliseconds duration) {
    qbt_lease raw = raw_lease(lease);
    qbt_error err{};
    int rc = backend_->renew_lease(handle_, &raw, duration.count(), &err);
    if (rc == QBT_E_STATE) return false;
    check(rc, err, "renew lease");
    return true;
}

bool GroupQueue::defer(const Job& job, const Lease& lease, const std::string& not_before) {
    if (!backend_->defer) throw QueueError(QBT_E_UNSUPPORTED, "this queue backend cannot defer jobs");
    BorrowedJob raw(job);
    qbt_lease held = raw_lease(lease);
    qbt_error err{};
    int rc = backend_->defer(handle_, &raw.raw, not_before.c_str(), &held, &err);
    if (rc == QBT_E_STATE) {
        spdlog::warn("job {}: {}", job.job_id, err.message);
        return false;
    }
    check(rc, err, "defer job");
    return true;
}

bool GroupQueue::complete(const Job& job, const Lease& lease) {
    BorrowedJob raw(job);
    qbt_lease held = raw_lease(lease);
    qbt_error err{};
    int rc = backend_->complete_leased(handle_, &raw.raw, &held, &err);
    if (rc == QBT_E_STATE) {
        spdlog::warn("job {}: {}", job.job_id, err.message);
        return false;
    }
    check(rc, err, "update job");
    return true;
}

void GroupQueue::release(const Lease& lease) {
    qbt_lease raw = raw_lease(lease);
    qbt_error err{};
    check(backend_->release_lease(handle_, &raw, &err), err, "release lease");
}

int GroupQueue::recover_expired(int max_attempts) {
    std::vector<std::string> docs;
    qbt_error err{};
    check(backend_->list_expired(handle_, collect_documents, &docs, &err), err, "list jobs with an expired lease");
    int count = 0;
    for (const auto& doc : docs) {
        const Job job = parse_document(doc);
        const uint64_t token = lease_token_of(job);
        const Job next = recovered(job, max_attempts,
                                   "the server running this job (" + job.worker.value_or("?") +
                                       ") stopped or lost its lease on instance " + job.instance);
        BorrowedJob raw(next);
        qbt_error one{};
        int rc = backend_->recover_expired(handle_, &raw.raw, token, &one);
        if (rc == QBT_E_STATE || rc == QBT_E_NOT_FOUND) continue;  // another server was first
        check(rc, one, "recover job");
        ++count;
        spdlog::warn("job {} (instance {}) was left processing by {} whose lease expired: {}", job.job_id,
                     job.instance, job.worker.value_or("?"),
                     next.status == QBT_JOB_PENDING ? "re-queued" : "failed (" + next.error.value_or("") + ")");
    }
    return count;
}

void GroupQueue::heartbeat(const std::string& server_id, const std::string& info_json,
                           std::chrono::milliseconds ttl) {
    qbt_error err{};
    check(backend_->heartbeat(handle_, server_id.c_str(), info_json.c_str(), ttl.count(), &err), err, "heartbeat");
}

std::string GroupQueue::status_json() {
    std::string out;
    qbt_error err{};
    check(backend_->group_status(handle_, sdk::string_writer, &out, &err), err, "group status");
    return out;
}

bool GroupQueue::claim_once(const std::string& key, std::chrono::milliseconds ttl) {
    qbt_error err{};
    return check(backend_->claim_once(handle_, key.c_str(), ttl.count(), &err), err, "claim") == 1;
}

}  // namespace qbt::queue
