#include "queue/submit.hpp"

#include <mutex>

namespace qbt::queue {
namespace {

std::mutex submit_mutex;

// Job::instance reads a document without "instance" as "default", so an old pending job
// and a new request for the default instance are the same work.
bool same_work(const Job& a, const Job& b) {
    return a.context == b.context && a.hash == b.hash && a.dry_run == b.dry_run && a.instance == b.instance &&
           job_rules(a) == job_rules(b);
}

}  // namespace

std::optional<Job> find_pending_twin(JobQueue& queue, const Job& job) {
    constexpr uint32_t kPage = 100;
    std::optional<Job> oldest;
    for (uint64_t offset = 0;; offset += kPage) {
        // With a context the backend filters; without one, every pending job is compared.
        const JobList page = queue.list(std::string("pending"), job.context, kPage, offset, job.instance);
        for (const Job& pending : page.jobs)
            if (same_work(pending, job) && (!oldest || pending.created_at < oldest->created_at)) oldest = pending;
        if (page.jobs.size() < kPage || offset + kPage >= page.total) break;
    }
    return oldest;
}

Submitted submit_job(JobQueue& queue, const Job& job, bool coalesce) {
    if (!coalesce) return {job, false, queue.enqueue(job)};
    std::lock_guard lock(submit_mutex);
    if (auto twin = find_pending_twin(queue, job)) return {*twin, true, {}};
    return {job, false, queue.enqueue(job)};
}

std::vector<Submitted> submit_jobs(JobQueue& queue, const std::vector<Job>& jobs, bool coalesce) {
    std::vector<Submitted> out;
    out.reserve(jobs.size());
    if (!coalesce) {
        std::vector<std::string> documents = queue.enqueue_many(jobs);
        for (size_t i = 0; i < jobs.size(); ++i) out.push_back({jobs[i], false, std::move(documents[i])});
        return out;
    }
    std::lock_guard lock(submit_mutex);
    std::vector<Job> fresh;                    // the jobs to store
    std::vector<std::optional<Job>> twins;     // a pending twin found in the queue, per distinct work
    std::vector<const Job*> looked_up;         // the job each entry of `twins` was looked up for
    for (const Job& job : jobs) {
        // One look-up per distinct work in the batch: the queue's pending twin, else the
        // first job of the batch with the same work (stored by this very batch).
        size_t i = 0;
        while (i < looked_up.size() && !same_work(*looked_up[i], job)) ++i;
        if (i == looked_up.size()) {
            looked_up.push_back(&job);
            twins.push_back(find_pending_twin(queue, job));
            if (!twins.back()) {
                twins.back() = job;
                fresh.push_back(job);
                out.push_back({job, false, {}});
                continue;
            }
        }
        out.push_back({*twins[i], true, {}});
    }
    if (fresh.empty()) return out;
    std::vector<std::string> documents = queue.enqueue_many(fresh);
    size_t next = 0;  // `fresh` is in the order of the uncoalesced answers
    for (Submitted& answer : out)
        if (!answer.coalesced) answer.document = std::move(documents[next++]);
    return out;
}

}  // namespace qbt::queue
