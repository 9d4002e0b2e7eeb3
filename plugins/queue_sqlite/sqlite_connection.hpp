// Thin RAII layer over one sqlite3 connection and its prepared statements.
// Failures throw sdk::Error with a QBT_E_* code and sqlite's own message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qbt::queue_plugin {

// Map a sqlite result code to QBT_E_* and throw, naming what was being done.
[[noreturn]] void throw_sqlite(sqlite3* db, int rc, const std::string& what);

class Statement {
public:
    Statement(sqlite3* db, const char* sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::optional<std::string>& text);  // nullopt -> NULL
    Statement& bind(int index, int64_t value);
    bool step();  // true when a row is available
    // Ready to run again with new bindings (for statements kept prepared).
    void reset() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    void run() { step(); }
    std::optional<std::string> text(int column) const;
    int64_t integer(int column) const;

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string sql_;
};

class Connection {
public:
    // Opens (creating) the file with WAL, the given synchronous mode and busy timeout.
    Connection(const std::string& path, bool synchronous_full, int busy_timeout_ms);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    sqlite3* raw() const { return db_; }
    void exec(const char* sql);
    Statement prepare(const char* sql) { return Statement(db_, sql); }
    int64_t changes() const { return sqlite3_changes(db_); }

private:
    sqlite3* db_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed without commit().
class WriteTransaction {
public:
    explicit WriteTransaction(Connection& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
    ~WriteTransaction() {
        if (!done_) sqlite3_exec(db_.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
    void commit() {
        db_.exec("COMMIT");
        done_ = true;
    }

private:
    Connection& db_;
    bool done_ = false;
};

}  // namespace qbt::queue_plugin
