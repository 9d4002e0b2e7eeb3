// Plugin entry and the qbt_queue_backend table of the SQLite backend.
#include "sqlite_queue.hpp"

#include <qbt/cpp/plugin.hpp>
#include <qbt/cpp/queue_backend.hpp>


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
    return new SqliteQueue(options);
}

// What open_queue reads (ABI 1.2): the host passes exactly these, and keeps its own
// local state (the schedule's) next to the database file.
const qbt_queue_setting path_setting = {
    sizeof(qbt_queue_setting), "sqlite_path", QBT_SETTING_PATH, QBT_SETTING_REQUIRED | QBT_SETTING_DATA_PATH,
    "qbt-rules.db", "the SQLite database file (created with its directory)"};
const qbt_queue_setting synchronous_setting = {
    sizeof(qbt_queue_setting), "sqlite_synchronous", QBT_SETTING_TEXT, 0, "normal",
    "normal (a power cut may lose the last commits) or full (fsync every commit)"};
const qbt_queue_setting* const settings[] = {&path_setting, &synchronous_setting};

const qbt_queue_backend sqlite_backend =
    qbt::sdk::queue_shims::make_backend<SqliteQueue, open_queue>(
        "sqlite", "Jobs in one SQLite file (WAL); committed before enqueue returns", settings);

const qbt_queue_backend* const backends[] = {&sqlite_backend};
const qbt_queue_backend_factory factory = {sizeof(qbt_queue_backend_factory), 1, backends};

}  // namespace

QBT_PLUGIN_ENTRY = {sizeof(qbt_plugin_entry), QBT_ABI_MAJOR, QBT_ABI_MINOR,
                    "org.qbt-rules.queue-sqlite", "SQLite queue backend", "0.1.0",
                    "Job queue in a single SQLite database file",
                    qbt::sdk::queue_shims::init_nothing, nullptr, qbt::sdk::queue_shims::get_factory<&factory>,
                    QBT_PLUGIN_THREAD_SAFE};
