// The SQLite plugin's error mapping (compiled in from plugins/queue_sqlite): storage
// failures become QBT_E_IO with sqlite's message and a plain-words explanation.
#include "sqlite_connection.hpp"
#include "temp_dir.hpp"

#include <qbt/cpp/error.hpp>

#include <gtest/gtest.h>

namespace qbt::queue_plugin {
namespace {

class SqliteErrors : public ::testing::Test {
protected:
    testing::TempDir dir{"qbt-sqlite-err-"};
    Connection db{(dir.path() / "q.db").string(), false, 1000};
};

int code_of(Connection& db, const char* sql, std::string& message) {
    try {
        db.exec(sql);
    } catch (const sdk::Error& e) {
        message = e.what();
        return e.code();
    }
    return QBT_OK;
}

TEST_F(SqliteErrors, DiskFullIsAnIoErrorSayingSo) {
    db.exec("CREATE TABLE t (x TEXT)");
    db.exec("PRAGMA max_page_count = 8");  // a tiny "disk"
    std::string message;
    int code = code_of(db, "INSERT INTO t SELECT hex(randomblob(100000))", message);
    EXPECT_EQ(code, QBT_E_IO) << message;
    EXPECT_NE(message.find("full"), std::string::npos) << message;
}

TEST_F(SqliteErrors, ReadOnlyIsAnIoErrorSayingSo) {
    db.exec("CREATE TABLE t (x TEXT)");
    db.exec("PRAGMA query_only = 1");
    std::string message;
    int code = code_of(db, "INSERT INTO t VALUES ('a')", message);
    EXPECT_EQ(code, QBT_E_IO) << message;
    EXPECT_NE(message.find("read-only"), std::string::npos) << message;
}

TEST_F(SqliteErrors, SyntaxErrorsAreInternalWithSqlitesMessage) {
    std::string message;
    EXPECT_EQ(code_of(db, "SELEC 1", message), QBT_E_INTERNAL);
    EXPECT_NE(message.find("syntax error"), std::string::npos) << message;
}

TEST_F(SqliteErrors, OpensInWalMode) {
    auto stmt = db.prepare("PRAGMA journal_mode");
    ASSERT_TRUE(stmt.step());
    EXPECT_EQ(stmt.text(0).value_or(""), "wal");
}

}  // namespace
}  // namespace qbt::queue_plugin
