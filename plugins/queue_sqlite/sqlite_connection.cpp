#include "sqlite_connection.hpp"

#include <qbt/cpp/error.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace qbt::queue_plugin {

void throw_sqlite(sqlite3* db, int rc, const std::string& what) {
    const char* detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    std::string message = "sqlite: " + what + ": " + detail;
    int code = QBT_E_INTERNAL;
    switch (rc & 0xff) {
        case SQLITE_FULL:
            code = QBT_E_IO;
            message += " (the disk holding the queue database is full)";
            break;
        case SQLITE_READONLY:
            code = QBT_E_IO;
            message += " (the queue database or its directory is read-only)";
            break;
        case SQLITE_CANTOPEN:
        case SQLITE_IOERR:
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
        case SQLITE_PERM:
            code = QBT_E_IO;
            break;
        case SQLITE_CONSTRAINT:
            code = QBT_E_INVALID;
            break;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            code = QBT_E_TIMEOUT;
            message += " (another process holds the queue database lock)";
            break;
        default:
            break;
    }
    throw sdk::Error(code, message);
}

// SQLite says only "unable to open database file" when WAL mode cannot create the
// -wal/-shm files; name the plain cause when it is the directory (e.g. a read-only disk).
std::string unwritable_directory_hint(const std::string& path) {
    std::string dir = std::filesystem::path(path).parent_path().string();
    if (dir.empty()) dir = ".";
    if (::access(dir.c_str(), W_OK) == 0) return "";
    return " (the directory " + dir + " is not writable: " + std::strerror(errno) +
           "; the queue creates " + path + "-wal and -shm there)";
}

Statement::Statement(sqlite3* db, const char* sql) : db_(db), sql_(sql) {
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
    if (rc != SQLITE_OK) throw_sqlite(db, rc, "preparing statement");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::string_view text) {
    int rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                               SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) throw_sqlite(db_, rc, "binding a parameter");
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& text) {
    if (text) return bind(index, std::string_view(*text));
    int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) throw_sqlite(db_, rc, "binding a parameter");
    return *this;
}

Statement& Statement::bind(int index, int64_t value) {
    int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) throw_sqlite(db_, rc, "binding a parameter");
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw_sqlite(db_, rc, "running statement");
}

std::optional<std::string> Statement::text(int column) const {
    if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return std::string(data, static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

Connection::Connection(const std::string& path, bool synchronous_full, int busy_timeout_ms) {
    int rc = sqlite3_open_v2(path.c_str(), &db_,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
        std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw sdk::Error(QBT_E_IO, "sqlite: cannot open queue database '" + path + "': " + detail);
    }
    try {
        sqlite3_busy_timeout(db_, busy_timeout_ms);
        exec("PRAGMA journal_mode=WAL");
        exec(synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
        // Checkpoints run in WalCheckpointer's thread, not inside a request's COMMIT; this
        // high automatic threshold only bounds the WAL if that thread falls behind.
        exec("PRAGMA wal_autocheckpoint=20000");
    } catch (const sdk::Error& e) {
        sqlite3_close(db_);
        throw sdk::Error(e.code(), e.what() + unwritable_directory_hint(path));
    } catch (...) {
        sqlite3_close(db_);
        throw;
    }
}

Connection::~Connection() { sqlite3_close(db_); }

void Connection::exec(const char* sql) {
    char* error = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        sqlite3_free(error);
        throw_sqlite(db_, rc, std::string("running '") + sql + "'");
    }
}

}  // namespace qbt::queue_plugin
