// A queue backend as a C++ class (plugin-side helper): the extern "C" functions of a
// qbt_queue_backend table for a class Q, turning a thrown sdk::Error into its QBT_E_* code
// (any other exception into QBT_E_INTERNAL, see error.hpp). Both built-in backends (SQLite,
// Redis) use it. It lives in the SDK, not beside a built-in plugin, because it needs only
// SDK headers and is what any third-party C++ queue backend wants; the built-ins' other
// shared code (plugins/queue_common/job_document.hpp) needs RapidJSON, which the SDK must
// not require.
//
//   static const qbt_queue_setting url{sizeof(qbt_queue_setting), "mine_url", QBT_SETTING_TEXT,
//                                      QBT_SETTING_SECRET | QBT_SETTING_REQUIRED, nullptr, "..."};
//   static const qbt_queue_setting* const settings[] = {&url};
//   static const qbt_queue_backend backend =
//       qbt::sdk::queue_shims::make_backend<MyQueue, open_my_queue>("mine", "description", settings);
//
// The interface Q implements (the contracts are those of queue_backend.h; every method
// may be called from several threads at once; a failure throws sdk::Error):
//   Q* Open(const qbt_value* config)        the declared settings (queue_backend.h, open());
//                                           creates/migrates
//   void enqueue(const qbt_job&)            stored pending, durable when it returns
//   void enqueue_many(const qbt_job* const*, size_t)   optional (ABI 1.1): all or none, in
//                                           order; absent = the host enqueues one by one
//   std::optional<std::string> dequeue(const qbt_dequeue_request&)   the oldest pending job,
//                                           taken atomically and marked processing
//                                           (started_at, worker, and the attempt counted:
//                                           attempts + 1); nullopt when none came within
//                                           timeout_ms
//   void update(const qbt_job&)             replaces document and status; unknown id throws
//                                           QBT_E_NOT_FOUND
//   uint64_t list(const qbt_job_filter&, const std::function<bool(const std::string&)>& sink)
//                                           newest first, each document to sink (false =
//                                           stop); returns how many match, ignoring limit
//   std::optional<std::string> get(const std::string& job_id)
//   std::string cancel(const std::string& job_id, const char* now_iso)   pending only:
//                                           the cancelled document; QBT_E_NOT_FOUND,
//                                           QBT_E_STATE when not pending
//   uint64_t cleanup(const std::string& older_than_iso)   finished jobs removed
//   std::string stats()                     {"pending":n,"processing":n,...} as JSON text
//   std::vector<std::string> orphans()      processing jobs left by a dead process
//   void requeue(const qbt_job&)            back at the head of the pending queue
//   void ping()                             throws when unreachable (-> QBT_E_UNAVAILABLE)
//   void defer(const qbt_job&, const char* not_before_iso, const qbt_lease* lease)
//                                           optional (ABI 1.3): a processing job back to
//                                           pending, not handed out before not_before_iso
//                                           (lease: fenced as complete_leased, else NULL);
//                                           present = QBT_QUEUE_DEFER declared for you
// The optional group-support members (dequeue_leased ... claim_once) are not covered
// here: a backend with group support fills them in itself and sets QBT_QUEUE_GROUP in
// `capabilities` (see the Redis plugin).
#pragma once

#include <qbt/cpp/error.hpp>
#include <qbt/cpp/writer.hpp>
#include <qbt/queue_backend.h>

#include <cstddef>
#include <cstring>
#include <span>
#include <string>

namespace qbt::sdk::queue_shims {

template <class Q>
Q& queue(void* handle) {
    return *static_cast<Q*>(handle);
}

inline int emit(qbt_job_sink sink, void* ctx, const std::string& doc) {
    return sink(ctx, doc.data(), doc.size());
}

template <class Q, Q* (*Open)(const qbt_value*)>
int open(const qbt_value* config, void** handle, qbt_error* err) {
    return sdk::guard(err, [&] {
        *handle = Open(config);
        return QBT_OK;
    });
}

template <class Q>
void close(void* handle) {
    delete static_cast<Q*>(handle);
}

template <class Q>
int enqueue(void* handle, const qbt_job* job, qbt_error* err) {
    return sdk::guard(err, [&] {
        queue<Q>(handle).enqueue(*job);
        return QBT_OK;
    });
}

template <class Q>
int dequeue(void* handle, const qbt_dequeue_request* request, qbt_job_sink sink, void* ctx,
            qbt_error* err) {
    return sdk::guard(err, [&] {
        auto doc = queue<Q>(handle).dequeue(*request);
        if (!doc) return 0;
        emit(sink, ctx, *doc);
        return 1;
    });
}

template <class Q>
int update(void* handle, const qbt_job* job, qbt_error* err) {
    return sdk::guard(err, [&] {
        queue<Q>(handle).update(*job);
        return QBT_OK;
    });
}

template <class Q>
int list_jobs(void* handle, const qbt_job_filter* filter, qbt_job_sink sink, void* ctx,
              uint64_t* total, qbt_error* err) {
    return sdk::guard(err, [&] {
        *total = queue<Q>(handle).list(
            *filter, [&](const std::string& doc) { return emit(sink, ctx, doc) >= 0; });
        return QBT_OK;
    });
}

template <class Q>
int get_job(void* handle, const char* job_id, qbt_job_sink sink, void* ctx, qbt_error* err) {
    return sdk::guard(err, [&] {
        auto doc = queue<Q>(handle).get(job_id);
        if (!doc) return 0;
        emit(sink, ctx, *doc);
        return 1;
    });
}

template <class Q>
int cancel_job(void* handle, const char* job_id, const char* now_iso, qbt_job_sink sink, void* ctx,
               qbt_error* err) {
    return sdk::guard(err, [&] {
        emit(sink, ctx, queue<Q>(handle).cancel(job_id, now_iso));
        return QBT_OK;
    });
}

template <class Q>
int cleanup(void* handle, const char* older_than_iso, uint64_t* removed, qbt_error* err) {
    return sdk::guard(err, [&] {
        *removed = queue<Q>(handle).cleanup(older_than_iso);
        return QBT_OK;
    });
}

template <class Q>
int stats(void* handle, qbt_write_fn write, void* ctx, qbt_error* err) {
    return sdk::guard(err, [&] {
        return sdk::write_all(write, ctx, queue<Q>(handle).stats()) ? QBT_OK : QBT_E_IO;
    });
}

template <class Q>
int list_orphans(void* handle, qbt_job_sink sink, void* ctx, qbt_error* err) {
    return sdk::guard(err, [&] {
        for (const auto& doc : queue<Q>(handle).orphans())
            if (emit(sink, ctx, doc) < 0) break;
        return QBT_OK;
    });
}

template <class Q>
int requeue(void* handle, const qbt_job* job, qbt_error* err) {
    return sdk::guard(err, [&] {
        queue<Q>(handle).requeue(*job);
        return QBT_OK;
    });
}

template <class Q>
int ping(void* handle, qbt_error* err) {
    return sdk::guard(err, [&] {
        try {
            queue<Q>(handle).ping();
        } catch (const sdk::Error& e) {
            throw sdk::Error(QBT_E_UNAVAILABLE, e.what());
        }
        return QBT_OK;
    });
}

// 1.1 enqueue_many: filled in only when Q has enqueue_many(const qbt_job* const*, size_t).
template <class Q>
int enqueue_many(void* handle, const qbt_job* const* jobs, size_t count, qbt_error* err) {
    return sdk::guard(err, [&] {
        queue<Q>(handle).enqueue_many(jobs, count);
        return QBT_OK;
    });
}

template <class Q>
constexpr auto enqueue_many_of() -> int (*)(void*, const qbt_job* const*, size_t, qbt_error*) {
    if constexpr (requires(Q& q, const qbt_job* const* jobs, size_t n) { q.enqueue_many(jobs, n); })
        return enqueue_many<Q>;
    else
        return nullptr;
}

// 1.3 defer: filled in (and QBT_QUEUE_DEFER declared) only when Q has defer(...).
template <class Q>
int defer(void* handle, const qbt_job* job, const char* not_before_iso, const qbt_lease* lease, qbt_error* err) {
    return sdk::guard(err, [&] {
        queue<Q>(handle).defer(*job, not_before_iso, lease);
        return QBT_OK;
    });
}

template <class Q>
constexpr auto defer_of() -> int (*)(void*, const qbt_job*, const char*, const qbt_lease*, qbt_error*) {
    if constexpr (requires(Q& q, const qbt_job& job, const qbt_lease* lease) { q.defer(job, "", lease); })
        return defer<Q>;
    else
        return nullptr;
}

// The table for class Q: every member named (zero-filled first, so a struct that grows
// never leaves a member without an initializer), the settings Q reads (ABI 1.2).
template <class Q, Q* (*Open)(const qbt_value*)>
constexpr qbt_queue_backend make_backend(const char* name, const char* description,
                                         std::span<const qbt_queue_setting* const> settings = {}) {
    qbt_queue_backend b{};
    b.struct_size = sizeof(qbt_queue_backend);
    b.name = name;
    b.description = description;
    b.open = open<Q, Open>;
    b.close = close<Q>;
    b.enqueue = enqueue<Q>;
    b.dequeue = dequeue<Q>;
    b.update = update<Q>;
    b.list_jobs = list_jobs<Q>;
    b.get_job = get_job<Q>;
    b.cancel_job = cancel_job<Q>;
    b.cleanup = cleanup<Q>;
    b.stats = stats<Q>;
    b.list_orphans = list_orphans<Q>;
    b.requeue = requeue<Q>;
    b.ping = ping<Q>;
    b.enqueue_many = enqueue_many_of<Q>();
    b.defer = defer_of<Q>();
    if (b.defer) b.capabilities |= QBT_QUEUE_DEFER;
    b.setting_count = static_cast<uint32_t>(settings.size());
    b.settings = settings.empty() ? nullptr : settings.data();
    return b;
}

// For a plugin whose only kind is queue backends: its get_factory (the factory for
// QBT_QUEUE_BACKEND_FACTORY_ID, NULL for any other id) and an init that needs nothing.
//   QBT_PLUGIN_ENTRY = {..., qbt::sdk::queue_shims::init_nothing, nullptr,
//                       qbt::sdk::queue_shims::get_factory<&my_factory>, QBT_PLUGIN_THREAD_SAFE};
template <const qbt_queue_backend_factory* Factory>
const void* get_factory(const char* factory_id) {
    return std::strcmp(factory_id, QBT_QUEUE_BACKEND_FACTORY_ID) == 0 ? Factory : nullptr;
}

inline int init_nothing(const qbt_host*, qbt_error*) { return QBT_OK; }

}  // namespace qbt::sdk::queue_shims
