// Plugin entry and the qbt_queue_backend table of the SQLite backend.
#include "sqlite_queue.hpp"

#include <qbt/cpp/plugin.hpp>
#include <qbt/cpp/queue_backend.hpp>

#include <cstring>

namespace {

using qbt::queue_plugin::SqliteOptions;
using qbt::queue_plugin::SqliteQueue;
using qbt::sdk::Error;
using qbt::sdk::ValueView;

SqliteQueue* open_queue(const qbt_value* config) {
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
    return new SqliteQueue(options);
}

const qbt_queue_backend sqlite_backend =
    qbt::sdk::queue_shims::make_backend<SqliteQueue, open_queue>(
        "sqlite", "Jobs in one SQLite file (WAL); committed before enqueue returns");

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
