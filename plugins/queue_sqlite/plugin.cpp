// Plugin entry and the qbt_queue_backend table of the SQLite backend.
#include "job_document.hpp"
#include "sqlite_queue.hpp"

#include <qbt/cpp/plugin.hpp>

#include <cstring>

namespace {

using qbt::queue_plugin::SqliteOptions;
using qbt::queue_plugin::SqliteQueue;
using qbt::sdk::Error;
using qbt::sdk::guard;
using qbt::sdk::ValueView;

SqliteQueue& queue(void* handle) { return *static_cast<SqliteQueue*>(handle); }

int emit(qbt_job_sink sink, void* ctx, const std::string& doc) {
    return sink(ctx, doc.data(), doc.size());
}

SqliteOptions options_from(const qbt_value* config) {
    ValueView cfg(config);
    SqliteOptions options;
    ValueView path = cfg.get("sqlite_path");
    if (!path.is_string() || path.as_string().empty())
        throw Error(QBT_E_INVALID, "queue.sqlite_path: missing or not a string");
    options.path = std::string(path.as_string());
    ValueView sync = cfg.get("sqlite_synchronous");
    if (sync.is_string()) {
        if (sync.as_string() == "full") options.synchronous_full = true;
        else if (sync.as_string() != "normal")
            throw Error(QBT_E_INVALID, "queue.sqlite_synchronous: expected 'normal' or 'full', got '" +
                                           std::string(sync.as_string()) + "'");
    }
    ValueView busy = cfg.get("sqlite_busy_timeout_ms");
    if (busy.is_int() && busy.as_int() > 0) options.busy_timeout_ms = static_cast<int>(busy.as_int());
    return options;
}

int sq_open(const qbt_value* config, void** handle, qbt_error* err) {
    return guard(err, [&] {
        *handle = new SqliteQueue(options_from(config));
        return QBT_OK;
    });
}

void sq_close(void* handle) { delete static_cast<SqliteQueue*>(handle); }

int sq_enqueue(void* handle, const qbt_job* job, qbt_error* err) {
    return guard(err, [&] {
        queue(handle).enqueue(*job);
        return QBT_OK;
    });
}

int sq_dequeue(void* handle, const qbt_dequeue_request* request, qbt_job_sink sink, void* ctx,
               qbt_error* err) {
    return guard(err, [&] {
        auto doc = queue(handle).dequeue(*request);
        if (!doc) return 0;
        emit(sink, ctx, *doc);
        return 1;
    });
}

int sq_update(void* handle, const qbt_job* job, qbt_error* err) {
    return guard(err, [&] {
        queue(handle).update(*job);
        return QBT_OK;
    });
}

int sq_list_jobs(void* handle, const qbt_job_filter* filter, qbt_job_sink sink, void* ctx,
                 uint64_t* total, qbt_error* err) {
    return guard(err, [&] {
        *total = queue(handle).list(*filter, [&](const std::string& doc) { return emit(sink, ctx, doc) >= 0; });
        return QBT_OK;
    });
}

int sq_get_job(void* handle, const char* job_id, qbt_job_sink sink, void* ctx, qbt_error* err) {
    return guard(err, [&] {
        auto doc = queue(handle).get(job_id);
        if (!doc) return 0;
        emit(sink, ctx, *doc);
        return 1;
    });
}

int sq_cancel_job(void* handle, const char* job_id, const char* now_iso, qbt_job_sink sink, void* ctx,
                  qbt_error* err) {
    return guard(err, [&] {
        emit(sink, ctx, queue(handle).cancel(job_id, now_iso));
        return QBT_OK;
    });
}

int sq_cleanup(void* handle, const char* older_than_iso, uint64_t* removed, qbt_error* err) {
    return guard(err, [&] {
        *removed = queue(handle).cleanup(older_than_iso);
        return QBT_OK;
    });
}

int sq_stats(void* handle, qbt_write_fn write, void* ctx, qbt_error* err) {
    return guard(err, [&] {
        return qbt::sdk::write_all(write, ctx, queue(handle).stats()) ? QBT_OK : QBT_E_IO;
    });
}

int sq_list_orphans(void* handle, qbt_job_sink sink, void* ctx, qbt_error* err) {
    return guard(err, [&] {
        for (const auto& doc : queue(handle).orphans())
            if (emit(sink, ctx, doc) < 0) break;
        return QBT_OK;
    });
}

int sq_requeue(void* handle, const qbt_job* job, qbt_error* err) {
    return guard(err, [&] {
        queue(handle).requeue(*job);
        return QBT_OK;
    });
}

int sq_ping(void* handle, qbt_error* err) {
    return guard(err, [&] {
        try {
            queue(handle).ping();
        } catch (const Error& e) {
            throw Error(QBT_E_UNAVAILABLE, e.what());
        }
        return QBT_OK;
    });
}

const qbt_queue_backend sqlite_backend = {
    sizeof(qbt_queue_backend), "sqlite",
    "Jobs in one SQLite file (WAL); durable once enqueued (synchronous NORMAL or FULL)",
    sq_open, sq_close, sq_enqueue, sq_dequeue, sq_update, sq_list_jobs, sq_get_job,
    sq_cancel_job, sq_cleanup, sq_stats, sq_list_orphans, sq_requeue, sq_ping};

const qbt_queue_backend* const backends[] = {&sqlite_backend};
const qbt_queue_backend_factory factory = {sizeof(qbt_queue_backend_factory), 1, backends};

int plugin_init(const qbt_host*, qbt_error*) { return QBT_OK; }

const void* plugin_get_factory(const char* factory_id) {
    return std::strcmp(factory_id, QBT_QUEUE_BACKEND_FACTORY_ID) == 0 ? &factory : nullptr;
}

}  // namespace

QBT_PLUGIN_ENTRY = {sizeof(qbt_plugin_entry), QBT_ABI_MAJOR, QBT_ABI_MINOR,
                    "org.qbt-rules.queue-sqlite", "SQLite queue backend", "0.1.0",
                    "Job queue in a single SQLite database file",
                    plugin_init, nullptr, plugin_get_factory};
