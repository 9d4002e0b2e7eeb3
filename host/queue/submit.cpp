#include "queue/submit.hpp"

#include <mutex>

namespace qbt::queue {
namespace {

std::mutex submit_mutex;

std::optional<std::string> member(const Job& job, const char* name) {
    auto it = job.extra_json.find(name);
    if (it == job.extra_json.end()) return std::nullopt;
    return it->second;
}

bool same_work(const Job& a, const Job& b) {
    return a.context == b.context && a.hash == b.hash && a.dry_run == b.dry_run &&
           member(a, "instance") == member(b, "instance");
}

}  // namespace

std::optional<Job> find_pending_twin(JobQueue& queue, const Job& job) {
    constexpr uint32_t kPage = 100;
    std::optional<Job> oldest;
    for (uint64_t offset = 0;; offset += kPage) {
        // With a context the backend filters; without one, every pending job is compared.
        const JobList page = queue.list(std::string("pending"), job.context, kPage, offset);
        for (const Job& pending : page.jobs)
            if (same_work(pending, job) && (!oldest || pending.created_at < oldest->created_at)) oldest = pending;
        if (page.jobs.size() < kPage || offset + kPage >= page.total) break;
    }
    return oldest;
}

Submitted submit_job(JobQueue& queue, const Job& job, bool coalesce) {
    if (!coalesce) {
        queue.enqueue(job);
        return {job, false};
    }
    std::lock_guard lock(submit_mutex);
    if (auto twin = find_pending_twin(queue, job)) return {*twin, true};
    queue.enqueue(job);
    return {job, false};
}

}  // namespace qbt::queue
