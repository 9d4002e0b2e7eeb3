// Small adapters between JobQueue and the C queue-backend ABI (host/queue internal).
#pragma once

#include "abi/owned_value.hpp"
#include "config/config.hpp"
#include "queue/job.hpp"
#include "queue/job_queue.hpp"

#include <qbt/queue_backend.h>

#include <string>
#include <vector>

namespace qbt::queue::detail {

// A qbt_job borrowing from a Job and its serialized document.
struct BorrowedJob {
    explicit BorrowedJob(const Job& job) : source(job), document(to_json(job)) {
        raw.struct_size = sizeof(qbt_job);
        raw.job_id = text(source.job_id);
        raw.status = text(source.status);
        raw.context = source.context ? text(*source.context) : qbt_string{nullptr, 0};
        raw.hash = source.hash ? text(*source.hash) : qbt_string{nullptr, 0};
        raw.created_at = text(source.created_at);
        raw.document = text(document);
        raw.instance = text(source.instance);  // ABI 1.1
    }
    static qbt_string text(const std::string& s) { return qbt_string{s.data(), s.size()}; }

    const Job& source;
    std::string document;
    qbt_job raw{};
};

// qbt_job_sink collecting documents.
inline int collect_documents(void* ctx, const char* document, size_t size) {
    try {
        static_cast<std::vector<std::string>*>(ctx)->emplace_back(document, size);
        return 0;
    } catch (...) {
        return -1;
    }
}

// Throw QueueError when rc is a failure, prefixing what was attempted.
inline int check(int rc, const qbt_error& err, const char* what) {
    if (rc < 0) {
        std::string message = err.message[0] ? err.message : qbt_status_name(rc);
        throw QueueError(rc, std::string(what) + ": " + message);
    }
    return rc;
}

// A document from the backend; a corrupt one is a storage problem (QueueError), not a crash.
Job parse_document(const std::string& doc);

}  // namespace qbt::queue::detail

// The queue layer's wrappers (job_queue.cpp, group_queue.cpp; nothing else includes this
// header) use these by their short names.
namespace qbt::queue {
using detail::BorrowedJob;
using detail::check;
using detail::collect_documents;
using detail::parse_document;
}  // namespace qbt::queue
